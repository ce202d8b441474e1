/**
 * Which deals one orders run looks at: deals in a closed-won stage modified since
 * the cursor — composite `(hs_lastmodifieddate, id)`, capped at the run's start minus a safety lag,
 * re-read with an overlap — plus every deal whose ledger link still needs work (pending,
 * submitted, confirmed-but-not-written-back), so nothing is ever stuck behind the cursor.
 */
import { ConfigError } from '../../core/errors.js';
import type { SyncContext } from '../connection.js';
import type { HubSpotObject } from '../../connectors/hubspot/index.js';
import type { RecordLink } from '../../core/store-port.js';
import { DEAL_READ_PROPERTIES } from './deal-properties.js';

/**
 * Each incremental read starts this much before the cursor: a deal HubSpot indexed later than the
 * safety lag (`flows.orders.safetyLagMs`) is still read, one run late (docs/change-events.md).
 */
export const DEAL_OVERLAP_MS = 5 * 60_000;

/** Stored cursor of the orders flow: the deal search window's upper bound of the last complete read. */
export interface DealCursor {
  v: 1;
  modifiedMs: number;
  id: string;
}

/** Parses a stored cursor; a missing or corrupt value means "read every closed-won deal". */
export function parseDealCursor(raw: string | null): DealCursor | null {
  if (raw === null || raw === '') return null;
  try {
    const parsed = JSON.parse(raw) as Partial<DealCursor>;
    if (typeof parsed.modifiedMs !== 'number' || !Number.isFinite(parsed.modifiedMs)) return null;
    return { v: 1, modifiedMs: parsed.modifiedMs, id: typeof parsed.id === 'string' ? parsed.id : '' };
  } catch {
    return null;
  }
}

export function formatDealCursor(cursor: DealCursor): string {
  return JSON.stringify(cursor);
}

/**
 * The closed-won stage ids: `flows.orders.closedWonStages` when set, else the pipelines' stages
 * with isClosed "true" and probability "1.0" (read fresh each run). None → a config error.
 */
export async function resolveClosedWonStages(
  ctx: Pick<SyncContext, 'connection' | 'hubspot'>,
): Promise<string[]> {
  const configured = ctx.connection.flows.orders.closedWonStages;
  if (configured.length > 0) return [...configured];
  const found = [...(await ctx.hubspot.closedWonStageIds())];
  if (found.length === 0) {
    throw new ConfigError(
      'HUBSPOT_NO_CLOSED_WON_STAGE',
      'no deal stage has isClosed=true and probability=1.0; set flows.orders.closedWonStages',
    );
  }
  return found;
}

/** The search window of one run. */
export interface DealReadWindow {
  since: { modifiedMs: number; id: string };
  /** Upper bound (inclusive) of `hs_lastmodifieddate`: run start minus the safety lag. */
  untilMs: number;
  /** Cursor to commit once every deal of the window was handled. */
  next: DealCursor;
}

/** How a run plans its window: the safety lag and the `flows.orders.since` cutoff. */
export interface DealReadPlan {
  /** `flows.orders.safetyLagMs`. */
  safetyLagMs: number;
  /** Epoch ms of `flows.orders.since`, 0 = none. */
  cutoffMs?: number;
}

/** Plans the search window: from the cursor (minus the overlap) to run start minus the lag. */
export function planDealRead(
  stored: DealCursor | null,
  runStartMs: number,
  full: boolean,
  plan: DealReadPlan,
): DealReadWindow {
  const cutoffMs = plan.cutoffMs ?? 0;
  const untilMs = runStartMs - plan.safetyLagMs;
  // A deal closed after the cutoff was necessarily modified after it: the cutoff bounds the search too.
  const since =
    full || stored === null
      ? { modifiedMs: cutoffMs, id: '' }
      : {
          modifiedMs: Math.max(cutoffMs, Math.min(stored.modifiedMs, untilMs) - DEAL_OVERLAP_MS),
          id: '',
        };
  const keep = stored !== null && stored.modifiedMs > untilMs ? stored.modifiedMs : untilMs;
  return { since, untilMs, next: { v: 1, modifiedMs: keep, id: '' } };
}

/** Closed-won deals modified inside the window (every page; the client splits past 10,000 results). */
export async function searchClosedWonDeals(
  ctx: Pick<SyncContext, 'hubspot' | 'signal'>,
  stages: readonly string[],
  window: DealReadWindow,
): Promise<HubSpotObject[]> {
  const deals: HubSpotObject[] = [];
  const pages = ctx.hubspot.searchModifiedSince('deals', {
    since: window.since,
    until: window.untilMs,
    properties: DEAL_READ_PROPERTIES,
    filters: [{ propertyName: 'dealstage', operator: 'IN', values: [...stages] }],
  });
  for await (const page of pages) {
    const records = page.results;
    // The filter is re-checked: a stub or an older search may ignore IN on dealstage.
    for (const deal of records) if (stages.includes(deal.properties['dealstage'] ?? '')) deals.push(deal);
    if (ctx.signal.aborted) break;
  }
  return deals;
}

/** Every orders link that still needs work (state `failed`: in flight, invalid, not written back). */
export async function linksNeedingWork(
  ctx: Pick<SyncContext, 'store' | 'connection'>,
  pageSize = 500,
): Promise<RecordLink[]> {
  const out: RecordLink[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await ctx.store.listLinks({
      connection: ctx.connection.name,
      flow: 'orders',
      states: ['failed'],
      limit: pageSize,
      offset,
    });
    out.push(...page);
    if (page.length < pageSize) return out;
  }
}

/** Reads deals by id (missing/archived deals are simply absent). */
export async function readDeals(
  ctx: Pick<SyncContext, 'hubspot'>,
  ids: readonly string[],
): Promise<HubSpotObject[]> {
  if (ids.length === 0) return [];
  return (await ctx.hubspot.batchRead('deals', { ids: [...ids] }, DEAL_READ_PROPERTIES)).results;
}

/** Epoch ms of a deal's last modification, from `hs_lastmodifieddate` (ms string or ISO) or updatedAt. */
export function dealModifiedMs(deal: HubSpotObject): number | null {
  const raw = deal.properties['hs_lastmodifieddate'] ?? deal.updatedAt;
  if (raw === null || raw === undefined || raw === '') return null;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isFinite(n) ? n : null;
}

/** Parses `flows.orders.since` (a date or date-time) to epoch ms; absent → 0 (every deal). */
export function parseOrdersCutoff(since: string | undefined): number {
  if (since === undefined) return 0;
  const ms = Date.parse(since.length === 10 ? `${since}T00:00:00Z` : since);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * True when the deal closed (closedate; else its creation) on or after the cutoff. HubSpot sends
 * dates as ISO strings or epoch-millisecond strings.
 */
export function closedOnOrAfter(deal: HubSpotObject, cutoffMs: number): boolean {
  if (cutoffMs <= 0) return true;
  const raw = deal.properties['closedate'] ?? deal.createdAt ?? null;
  if (raw === null || raw === '') return true;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return !Number.isFinite(ms) || ms >= cutoffMs;
}
