/** Batch associations (sandbox/hubspot/vendor-facts.md: "Associations"): default associate, labelled create, and batch read with paging. */
import { writeBatches } from './batch-write.js';
import type { HubSpotObjectType, HubSpotPaths } from './paths.js';
import { unexpected, type HubSpotTransport } from './transport.js';
import type { HubSpotStandardError, WriteOutcome } from './types.js';

/**
 * HUBSPOT_DEFINED association type id contact → company, unlabeled (vendor facts: "Associations"; confirmed by
 * HubSpot's 2026-03 associations overview). Used inline on create.
 */
export const CONTACT_TO_COMPANY_UNLABELED = 279;

/**
 * HUBSPOT_DEFINED association type id contact → company "Primary": the contact's one primary
 * company (HubSpot's association type table; sources in sandbox/hubspot/README.md).
 */
export const CONTACT_TO_COMPANY_PRIMARY = 1;

/**
 * How a record read with `associations=companies` names a contact's PRIMARY company association
 * (type 1) in HubSpot's v3 shape `{id, type}`; the unlabeled one (279) is
 * `contact_to_company_unlabeled` (vendor facts: "Associations", OBSERVED).
 */
export const CONTACT_TO_COMPANY_PRIMARY_V3 = 'contact_to_company';

/** Batch read accepts up to 1000 ids since 2025-02 (vendor facts: "Associations"). */
export const MAX_ASSOCIATION_READ = 1000;

/**
 * Creates default associations for `pairs`; one outcome per pair with key `"from->to"`.
 * Upsert cannot associate inline, so flows call this after writing records.
 */
export function batchAssociateDefault(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  fromType: HubSpotObjectType,
  toType: HubSpotObjectType,
  pairs: { from: string; to: string }[],
): Promise<WriteOutcome[]> {
  return associationBatch(
    t,
    `${paths.associations(fromType, toType)}/batch/associate/default`,
    pairs,
    (r) => [(r['from'] as { id?: string } | undefined)?.id, (r['to'] as { id?: string } | undefined)?.id],
    (p) => ({ from: { id: p.from }, to: { id: p.to } }),
  );
}

/**
 * Associates `pairs` with the HUBSPOT_DEFINED `typeIds` (batch create, labelled): e.g. a
 * contact's primary and unlabeled company association. One outcome per pair, key `"from->to"`.
 */
export function batchAssociate(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  fromType: HubSpotObjectType,
  toType: HubSpotObjectType,
  pairs: { from: string; to: string }[],
  typeIds: number[],
): Promise<WriteOutcome[]> {
  const types = typeIds.map((associationTypeId) => ({
    associationCategory: 'HUBSPOT_DEFINED',
    associationTypeId,
  }));
  return associationBatch(
    t,
    `${paths.associations(fromType, toType)}/batch/create`,
    pairs,
    (r) => [r['fromObjectId'], r['toObjectId']],
    (p) => ({ from: { id: p.from }, to: { id: p.to }, types }),
  );
}

/** One association batch: pairs deduplicated, results and errors mapped back to `"from->to"`. */
function associationBatch(
  t: HubSpotTransport,
  path: string,
  pairs: { from: string; to: string }[],
  ends: (result: Record<string, unknown>) => unknown[],
  input: (pair: { from: string; to: string }) => Record<string, unknown>,
): Promise<WriteOutcome[]> {
  const key = (from: string, to: string): string => `${from}->${to}`;
  const unique = [...new Map(pairs.map((p) => [key(p.from, p.to), p])).values()];
  const endIds = (r: Record<string, unknown>): [string, string] | undefined => {
    const [from, to] = ends(r);
    const ok = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
    return ok(from) && ok(to) ? [String(from), String(to)] : undefined;
  };
  return writeBatches(
    t,
    {
      path,
      traced: false,
      resultKey: (r) => {
        const ids = endIds(r);
        return ids ? key(...ids) : undefined;
      },
      resultId: (r) => endIds(r)?.[1] ?? '',
      errorKeys: (e: HubSpotStandardError) => {
        const from = e.context?.['fromObjectId'] ?? [];
        const to = e.context?.['toObjectId'] ?? [];
        return from.flatMap((f) =>
          to.length > 0
            ? to.map((tt) => key(f, tt))
            : unique.filter((p) => p.from === f).map((p) => key(p.from, p.to)),
        );
      },
      created: () => true,
    },
    unique.map((p) => ({ key: key(p.from, p.to), input: input(p) })),
  );
}

interface AssocReadBody {
  results?: {
    from: { id: string };
    to: { toObjectId: string | number }[];
    paging?: { next?: { after?: string } };
  }[];
  errors?: HubSpotStandardError[];
}

/** Reads associations of `ids` (≤1000 per call, following per-id paging) → Map<fromId, toIds>. */
export async function batchReadAssociations(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  fromType: HubSpotObjectType,
  toType: HubSpotObjectType,
  ids: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const unique = [...new Set(ids)];
  for (const id of unique) out.set(id, []);
  let pending: { id: string; after?: string }[] = unique.map((id) => ({ id }));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const chunk = pending.slice(0, MAX_ASSOCIATION_READ);
    pending = pending.slice(MAX_ASSOCIATION_READ);
    const res = await t.call('POST', `${paths.associations(fromType, toType)}/batch/read`, {
      body: { inputs: chunk },
    });
    if (res.status !== 200 && res.status !== 207) unexpected(res, 'POST');
    for (const r of res.json<AssocReadBody>().results ?? []) {
      const from = String(r.from.id);
      const list = out.get(from) ?? [];
      for (const to of r.to) if (!list.includes(String(to.toObjectId))) list.push(String(to.toObjectId));
      out.set(from, list);
      const after = r.paging?.next?.after;
      if (after !== undefined && !seen.has(`${from}:${after}`)) {
        seen.add(`${from}:${after}`);
        pending.push({ id: from, after });
      }
    }
  }
  return out;
}
