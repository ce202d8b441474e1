/** Small ledger/time helpers of the order handler. */
import type { RecordLinkUpsert } from '../../core/store-port.js';
import type { HubSpotObject } from '../../connectors/hubspot/index.js';
import type { SyncContext } from '../connection.js';

/** Commits an intermediate order stage (not a run outcome: not counted, no audit row). */
export async function commitStage(
  ctx: Pick<SyncContext, 'store' | 'connection' | 'runId'>,
  link: Omit<RecordLinkUpsert, 'connection' | 'flow' | 'lastRunId'>,
): Promise<void> {
  await ctx.store.commitBatch({
    links: [{ ...link, connection: ctx.connection.name, flow: 'orders', lastRunId: ctx.runId }],
    events: [],
  });
}

/** Order date: the deal's close date (ms or ISO), else today (UTC). */
export function orderDate(deal: HubSpotObject, nowMs: number): string {
  const raw = deal.properties['closedate'] ?? '';
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return new Date(Number.isFinite(ms) ? ms : nowMs).toISOString().slice(0, 10);
}
