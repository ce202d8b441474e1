/**
 * `link` and `unlink` by hand: an operator settles an ambiguous or wrong match. `link` ties a
 * source key to a HubSpot record the connector did not create: it refuses a record linked to
 * another key (in the ledger, or by the QAD key it carries), writes the key and — when the ledger
 * holds the record's last mapped payload — the fields the write policies allow, and records the
 * link as adopted by `link`. `unlink` removes a link and the key from the HubSpot record, so the
 * next sync matches the record afresh. Both are audited (`linked`, `unlinked`).
 */
import type { HubSpotObjectType } from '../connectors/hubspot/index.js';
import { ConnectorError } from '../core/errors.js';
import { ownedProperties } from '../engine/match.js';
import { adoptedByOfSnapshot, payloadOfSnapshot, snapshotHash } from '../engine/snapshot.js';
import { ACCOUNT_KEY_PROPERTY } from './accounts/default-mapping.js';
import { ITEM_KEY_PROPERTY } from './catalog/default-mapping.js';
import type { SyncRuntime } from './connection.js';
import { associatePairs, type RecordErrors } from './associate-written.js';
import { CONTACT_COMPANY_TYPES } from './contacts/create-with-company.js';
import { CONTACT_KEY_PROPERTY } from './contacts/default-mapping.js';
import { writePolicyOf, type MasterDataFlow } from './match-index.js';

/** Where each master-data flow writes, and its unique key property. */
export const MASTER_DATA_TARGETS: Record<MasterDataFlow, { type: HubSpotObjectType; idProperty: string }> = {
  accounts: { type: 'companies', idProperty: ACCOUNT_KEY_PROPERTY },
  contacts: { type: 'contacts', idProperty: CONTACT_KEY_PROPERTY },
  catalog: { type: 'products', idProperty: ITEM_KEY_PROPERTY },
};
const FLOWS = Object.keys(MASTER_DATA_TARGETS) as MasterDataFlow[];

export interface LinkResult {
  flow: MasterDataFlow;
  sourceKey: string;
  targetId: string;
  /** The link's previous target, if it had one. */
  previousTargetId: string | null;
  /** Properties written onto the HubSpot record. */
  written: string[];
  /** A contact: the company it was associated to as its primary company (its QAD account's). */
  associatedCompanyId?: string;
  /** A contact whose association failed: the link stands as failed, the next sync retries it. */
  associationError?: { code: string; message: string };
}

function refused(message: string, details: Record<string, unknown>): ConnectorError {
  return new ConnectorError('LINK_REFUSED', message, { details });
}

/**
 * The flow a source key belongs to: `flow` when given, else the one flow whose ledger knows the
 * key, else by its shape (contact keys have three parts).
 */
async function flowOf(rt: SyncRuntime, sourceKey: string, flow?: string): Promise<MasterDataFlow> {
  if (flow !== undefined) {
    if (!(FLOWS as string[]).includes(flow))
      throw new ConnectorError('USAGE', `--flow must be one of ${FLOWS.join(', ')} (got "${flow}")`);
    return flow as MasterDataFlow;
  }
  const known: MasterDataFlow[] = [];
  for (const f of FLOWS)
    if ((await rt.store.getLinks(rt.connection.name, f, [sourceKey])).has(sourceKey)) known.push(f);
  if (known.length === 1) return known[0] as MasterDataFlow;
  if (known.length === 0 && sourceKey.split('/').length === 3) return 'contacts';
  throw new ConnectorError(
    'USAGE',
    `cannot tell which flow ${sourceKey} belongs to: pass --flow (${FLOWS.join(', ')})`,
  );
}

/** Links `sourceKey` to the HubSpot record `targetId` (see the header). */
export async function linkRecord(
  rt: SyncRuntime,
  input: { sourceKey: string; targetId: string; flow?: string },
): Promise<LinkResult> {
  const flow = await flowOf(rt, input.sourceKey, input.flow);
  const { type, idProperty } = MASTER_DATA_TARGETS[flow];
  const connection = rt.connection.name;
  const owners = await rt.store.getLinksByTarget(connection, flow, [input.targetId]);
  const other = [...owners.values()].find((l) => l.sourceKey !== input.sourceKey);
  if (other)
    throw refused(`HubSpot ${type} ${input.targetId} is linked to ${other.sourceKey}; unlink that first`, {
      targetId: input.targetId,
      linkedTo: other.sourceKey,
    });
  const link = (await rt.store.getLinks(connection, flow, [input.sourceKey])).get(input.sourceKey);
  const payload = payloadOfSnapshot(link?.snapshot ?? null);
  const wanted = [...new Set([idProperty, ...Object.keys(payload?.properties ?? {})])];
  const read = await rt.hubspot.batchRead(type, { ids: [input.targetId] }, wanted);
  const existing = read.results.find((o) => o.id === input.targetId);
  if (!existing)
    throw refused(`HubSpot has no ${type} record ${input.targetId}`, { targetId: input.targetId });
  const carried = existing.properties[idProperty];
  if (carried !== undefined && carried !== null && carried !== '' && carried !== input.sourceKey)
    throw refused(`HubSpot ${type} ${input.targetId} carries ${idProperty}=${carried}, another QAD record`, {
      targetId: input.targetId,
      carries: carried,
    });
  const properties = {
    ...(payload ? ownedProperties(payload.properties, existing.properties, writePolicyOf(rt, flow)) : {}),
    [idProperty]: input.sourceKey,
  };
  const [result] = await rt.hubspot.batchUpdate(type, [{ id: input.targetId, properties }]);
  if (!result?.ok)
    throw new ConnectorError(
      result?.error.code === undefined ? 'INTERNAL' : 'LINK_REFUSED',
      `HubSpot refused to update ${type} ${input.targetId}: ${result?.ok === false ? result.error.message : 'no answer'}`,
    );
  const snapshot = { ...(link?.snapshot ?? {}), adoptedBy: 'link' };
  const previousTargetId = link?.targetId ?? null;
  // a contact belongs to its QAD account's company, whatever the rep's record was associated to
  const companyId = flow === 'contacts' ? payload?.context['companyId'] : undefined;
  const associationError =
    typeof companyId === 'string' && companyId !== ''
      ? await associateContact(rt, input.sourceKey, input.targetId, companyId)
      : undefined;
  const hash = payload && associationError === undefined ? snapshotHash(link?.snapshot ?? null) : null;
  await rt.store.commitBatch({
    links: [
      {
        connection,
        flow,
        sourceKey: input.sourceKey,
        state: associationError === undefined ? 'ok' : 'failed',
        targetId: input.targetId,
        contentHash: hash,
        lastError: associationError ?? null,
        snapshot,
      },
    ],
    events: [
      {
        connection,
        flow,
        sourceKey: input.sourceKey,
        runId: null,
        atMs: rt.clock.nowMs(),
        action: 'linked',
        targetId: input.targetId,
        payloadHash: hash,
        payload: properties,
        error: associationError ?? null,
        detail: {
          rule: 'link',
          previousTargetId,
          previousState: link?.state ?? null,
          ...(typeof companyId === 'string' && companyId !== '' ? { companyId } : {}),
        },
      },
    ],
  });
  return {
    flow,
    sourceKey: input.sourceKey,
    targetId: input.targetId,
    previousTargetId,
    written: Object.keys(properties),
    ...(typeof companyId === 'string' && companyId !== '' && associationError === undefined
      ? { associatedCompanyId: companyId }
      : {}),
    ...(associationError ? { associationError } : {}),
  };
}

/** Associates a hand-linked contact to its company as primary; the error when HubSpot refused. */
async function associateContact(
  rt: SyncRuntime,
  sourceKey: string,
  contactId: string,
  companyId: string,
): Promise<{ code: string; message: string } | undefined> {
  const errors: RecordErrors = new Map();
  await associatePairs(
    rt.hubspot,
    'contacts',
    'companies',
    [...CONTACT_COMPANY_TYPES],
    [{ key: sourceKey, from: contactId, to: companyId }],
    'company',
    errors,
  );
  return errors.get(sourceKey);
}

/** Removes the link of `sourceKey` and our key from its HubSpot record (see the header). */
export async function unlinkRecord(
  rt: SyncRuntime,
  input: { sourceKey: string; flow?: string },
): Promise<{ flow: MasterDataFlow; sourceKey: string; targetId: string | null }> {
  const flow = await flowOf(rt, input.sourceKey, input.flow);
  const { type, idProperty } = MASTER_DATA_TARGETS[flow];
  const connection = rt.connection.name;
  const link = (await rt.store.getLinks(connection, flow, [input.sourceKey])).get(input.sourceKey);
  if (!link) throw refused(`${input.sourceKey} has no link in ${flow}`, { sourceKey: input.sourceKey });
  const targetId = link.targetId;
  if (targetId !== null) {
    const read = await rt.hubspot.batchRead(type, { ids: [targetId] }, [idProperty]);
    const carried = read.results.find((o) => o.id === targetId)?.properties[idProperty];
    if (carried === input.sourceKey) {
      const [result] = await rt.hubspot.batchUpdate(type, [
        { id: targetId, properties: { [idProperty]: '' } },
      ]);
      if (!result?.ok)
        throw new ConnectorError(
          'LINK_REFUSED',
          `HubSpot refused to clear ${idProperty} on ${type} ${targetId}: ${result?.ok === false ? result.error.message : 'no answer'}`,
        );
    }
  }
  await rt.store.deleteLink(connection, flow, input.sourceKey, {
    connection,
    flow,
    sourceKey: input.sourceKey,
    runId: null,
    atMs: rt.clock.nowMs(),
    action: 'unlinked',
    targetId,
    payloadHash: null,
    payload: null,
    error: null,
    detail: { adoptedBy: adoptedByOfSnapshot(link.snapshot) ?? null, state: link.state },
  });
  return { flow, sourceKey: input.sourceKey, targetId };
}
