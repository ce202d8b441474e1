/**
 * Associations made after a write: one batch call for the records that need one, each failed pair
 * turned into an error of the record it belongs to (the write itself stands; the record is failed
 * with the association's reason). Used by the contacts flow (contact → company) and the
 * qad-orders flow (order → company, contact, deal; line item → order).
 */
import type { HubSpotClient, HubSpotObjectType } from '../connectors/hubspot/index.js';

/** One association to make: `key` is the record's source key, `from`/`to` HubSpot ids. */
export interface AssociationPair {
  key: string;
  from: string;
  to: string;
}

/** Per-record errors after a write (source key → reason), as `afterWrite` answers them. */
export type RecordErrors = Map<string, { code: string; message: string }>;

/**
 * Associates every pair in one batch call; a record whose pair failed gets an error naming
 * `what` and the target id, unless it already has one (the first reason stands).
 */
export async function associatePairs(
  hubspot: Pick<HubSpotClient, 'batchAssociate'>,
  fromType: HubSpotObjectType,
  toType: HubSpotObjectType,
  typeIds: number[],
  pairs: readonly AssociationPair[],
  what: string,
  errors: RecordErrors,
): Promise<void> {
  if (pairs.length === 0) return;
  const results = await hubspot.batchAssociate(
    fromType,
    toType,
    pairs.map((p) => ({ from: p.from, to: p.to })),
    typeIds,
  );
  const failed = new Map(results.filter((r) => !r.ok).map((r) => [r.key, r]));
  for (const p of pairs) {
    const r = failed.get(`${p.from}->${p.to}`);
    if (r && !r.ok && !errors.has(p.key))
      errors.set(p.key, {
        code: r.error.code,
        message: `association to ${what} ${p.to}: ${r.error.message}`,
      });
  }
}
