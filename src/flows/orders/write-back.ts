/**
 * Writes the order outcome back on the deals: `qad_order_number`, `qad_sync_status`,
 * `qad_sync_error`, in one batch update (the client splits it into calls). Only deals whose
 * current values differ are written, so a re-run with nothing new makes no write call (and does
 * not bump the deal's modified date, which would bring it back into the next search window).
 */
import type { HubSpotClient, HubSpotObject, WriteOutcome } from '../../connectors/hubspot/index.js';
import { toConnectorError } from '../../core/errors.js';
import { QAD_ORDER_NUMBER, QAD_SYNC_ERROR, QAD_SYNC_STATUS } from './deal-properties.js';
import { MAX_SYNC_ERROR_CHARS } from './validate.js';

/** The write-back values for a confirmed order. */
export function syncedProperties(orderNumber: string): Record<string, string> {
  return { [QAD_ORDER_NUMBER]: orderNumber, [QAD_SYNC_STATUS]: 'synced', [QAD_SYNC_ERROR]: '' };
}

/** The write-back values for a failed order; the reason is cut to 1000 characters. */
export function errorProperties(reason: string): Record<string, string> {
  const text =
    reason.length <= MAX_SYNC_ERROR_CHARS ? reason : `${reason.slice(0, MAX_SYNC_ERROR_CHARS - 1)}…`;
  return { [QAD_SYNC_STATUS]: 'error', [QAD_SYNC_ERROR]: text };
}

/** True when the deal already shows these values (HubSpot reads an unset property as null). */
export function alreadyOnDeal(
  deal: Pick<HubSpotObject, 'properties'>,
  properties: Record<string, string>,
): boolean {
  return Object.entries(properties).every(([k, v]) => (deal.properties[k] ?? '') === v);
}

export type WriteBackResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/** Updates the deals; one result per deal id. Never throws for HubSpot failures (they are results). */
export async function writeBackDeals(
  hubspot: Pick<HubSpotClient, 'batchUpdate'>,
  updates: readonly { id: string; properties: Record<string, string> }[],
): Promise<Map<string, WriteBackResult>> {
  const out = new Map<string, WriteBackResult>();
  if (updates.length === 0) return out;
  try {
    const failures = perRecordFailures(await hubspot.batchUpdate('deals', [...updates]));
    for (const u of updates) out.set(u.id, failures.get(u.id) ?? { ok: true });
  } catch (error) {
    const e = toConnectorError(error);
    if (e.kind === 'auth') throw e;
    for (const u of updates) out.set(u.id, { ok: false, error: { code: e.code, message: e.message } });
  }
  return out;
}

/** Per-record failures of a batch update (the client maps 207 errors back to the ids). */
function perRecordFailures(reply: readonly WriteOutcome[]): Map<string, WriteBackResult> {
  const out = new Map<string, WriteBackResult>();
  for (const r of reply) {
    if (!r.ok) out.set(r.key, { ok: false, error: { code: r.error.code, message: r.error.message } });
  }
  return out;
}
