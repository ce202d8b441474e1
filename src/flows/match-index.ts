/**
 * Matching before creating, for the master-data flows: the matcher of a run (its rules from the
 * flow's `match:` config), the one-time index of the portal's existing records it matches
 * against, the match values of a QAD record, the write policies of adopted records, and the
 * by-id writes of the HubSpot client.
 *
 * Why a one-time index and not a search per batch: on a first connect nearly every record is
 * unlinked, so a batched search would cost at least one search call per 100 records and rule
 * (companies: two rules), against HubSpot's search limit of a few calls per second, and search
 * lags writes. Listing the object type costs one call per 100 existing records, read once per
 * run and only when a record without a link is about to be written — an incremental run where
 * every record has its link never builds it.
 */
import type { HubSpotClient, HubSpotObjectType } from '../connectors/hubspot/index.js';
import type { FlowId } from '../core/store-port.js';
import {
  RecordMatcher,
  type CandidateIndex,
  type MatchCandidate,
  type WritePolicy,
} from '../engine/match.js';
import type { ResolvedMapping } from '../engine/mapping.js';
import type { TargetById } from '../engine/sink.js';
import type { SyncContext } from './connection.js';
import type { CountryCodes } from '../core/country-codes.js';
import { exactName, nameCountryKey, normaliseDomain, normaliseEmail, normaliseSku } from './match-keys.js';

/** The match rules of each master-data flow, in the order they are tried by default. */
export const MATCH_RULES = {
  accounts: ['domain', 'name'],
  contacts: ['email'],
  catalog: ['sku', 'name'],
} as const;
export type MasterDataFlow = keyof typeof MATCH_RULES;

/** How a HubSpot record yields its values per rule. */
type IndexRules = Record<string, (p: Record<string, string | null>) => (string | undefined)[]>;

/**
 * Associations read with the index: a contact a rep already associated to its company needs no
 * association call once adopted (flows/contacts/flow.ts `needsAssociation`); the list call carries
 * them at no extra call.
 */
const INDEX_ASSOCIATIONS: Record<MasterDataFlow, string[]> = {
  accounts: [],
  contacts: ['companies'],
  catalog: [],
};

function indexRules(flow: MasterDataFlow, countries: CountryCodes): { props: string[]; rules: IndexRules } {
  switch (flow) {
    case 'accounts':
      return {
        props: ['domain', 'website', 'name', 'country'],
        rules: {
          domain: (p) => [normaliseDomain(p['domain']), normaliseDomain(p['website'])],
          // a company with a domain would have matched by domain: it is another company's
          name: (p) =>
            normaliseDomain(p['domain']) === undefined
              ? [nameCountryKey(p['name'], p['country'], countries)]
              : [],
        },
      };
    case 'contacts':
      return { props: ['email'], rules: { email: (p) => [normaliseEmail(p['email'])] } };
    case 'catalog':
      return {
        props: ['hs_sku', 'name'],
        rules: {
          sku: (p) => [normaliseSku(p['hs_sku'])],
          // a product with a SKU would have matched by SKU
          name: (p) => (normaliseSku(p['hs_sku']) === undefined ? [exactName(p['name'])] : []),
        },
      };
  }
}

/** Reads every existing record of `type` once and indexes it by the flow's rules. */
export async function loadCandidateIndex(
  hubspot: HubSpotClient,
  type: HubSpotObjectType,
  flow: MasterDataFlow,
  idProperty: string,
  mappedProperties: readonly string[],
  countries: CountryCodes,
): Promise<CandidateIndex> {
  const { props, rules } = indexRules(flow, countries);
  const byRule = new Map<string, Map<string, MatchCandidate[]>>();
  const byOwner = new Map<string, MatchCandidate>();
  let unowned = 0;
  const properties = [...new Set([...props, idProperty, ...mappedProperties])];
  const associations = INDEX_ASSOCIATIONS[flow];
  const listed = hubspot.listPages(type, {
    properties,
    ...(associations.length > 0 ? { associations } : {}),
  });
  for await (const page of listed) {
    for (const object of page.results) {
      const values = object.properties;
      const owner = values[idProperty];
      const candidate: MatchCandidate = {
        id: object.id,
        ownerKey: owner === undefined || owner === null || owner === '' ? null : owner,
        properties: values,
      };
      if (object.associations !== undefined)
        candidate.associations = Object.fromEntries(
          Object.entries(object.associations).map(([to, a]) => [to, a.results]),
        );
      if (candidate.ownerKey !== null) byOwner.set(candidate.ownerKey, candidate);
      else unowned += 1;
      for (const [rule, valuesOf] of Object.entries(rules)) {
        const index = byRule.get(rule) ?? new Map<string, MatchCandidate[]>();
        byRule.set(rule, index);
        for (const value of new Set(valuesOf(values))) {
          if (value === undefined) continue;
          const list = index.get(value);
          if (list) list.push(candidate);
          else index.set(value, [candidate]);
        }
      }
    }
  }
  return {
    lookup: (rule, value) => byRule.get(rule)?.get(value) ?? [],
    byOwnerKey: (key) => byOwner.get(key),
    unowned,
  };
}

/**
 * The run's matcher for a flow (undefined when its `match:` is empty). The index is built on the
 * first record that needs it.
 */
export function flowMatcher(
  ctx: SyncContext,
  flow: MasterDataFlow,
  type: HubSpotObjectType,
  idProperty: string,
  mapping: ResolvedMapping,
): RecordMatcher | undefined {
  const rules = ctx.connection.flows[flow].match;
  if (rules.length === 0) return undefined;
  return new RecordMatcher(rules, () => {
    ctx.logger.info(
      { event: 'flow.match.index', flow: ctx.flowId, objectType: type, rules },
      `${ctx.flowId}: indexing the portal's existing ${type} to match before creating`,
    );
    return loadCandidateIndex(ctx.hubspot, type, flow, idProperty, [...mapping.keys()], ctx.countries);
  });
}

/**
 * The write policy of a property on adopted records: the config's `writePolicy`, else `always`
 * for the connector's own `qad_*` properties and `if-empty` for the descriptive ones.
 */
export function writePolicyOf(
  ctx: Pick<SyncContext, 'connection'>,
  flow: MasterDataFlow,
): (property: string) => WritePolicy {
  const configured = ctx.connection.flows[flow].writePolicy;
  return (property) => configured[property] ?? (property.startsWith('qad_') ? 'always' : 'if-empty');
}

/** Batch update and read by id through the HubSpot client. */
export function hubSpotById(hubspot: HubSpotClient, type: HubSpotObjectType): TargetById {
  return {
    update: (inputs) => hubspot.batchUpdate(type, inputs),
    async read(ids, properties) {
      const out = new Map<string, Record<string, string | null>>();
      if (ids.length === 0) return out;
      const read = await hubspot.batchRead(type, { ids }, properties);
      for (const o of read.results) out.set(o.id, o.properties);
      return out;
    },
  };
}

/** The matching parts of a master-data sink (spread into it). */
export function matchingParts(
  ctx: SyncContext,
  flow: MasterDataFlow & FlowId,
  type: HubSpotObjectType,
  idProperty: string,
  mapping: ResolvedMapping,
): { byId: TargetById; writePolicy: (property: string) => WritePolicy; matcher?: RecordMatcher } {
  const matcher = flowMatcher(ctx, flow, type, idProperty, mapping);
  return {
    byId: hubSpotById(ctx.hubspot, type),
    writePolicy: writePolicyOf(ctx, flow),
    ...(matcher === undefined ? {} : { matcher }),
  };
}
