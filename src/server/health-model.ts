/**
 * The health view of every (connection, flow): in sync, failing, or paused for HubSpot's daily
 * limit; last and next run; lag; counts; throughput; and recent runs for the chart. Built from the
 * store, the scheduler and the limiter, so the page and `/api/health` show the same facts.
 */
import type { FlowHealth, FlowId, HoldKind, LinkState, RunRecord, Store } from '../core/store-port.js';
import { outageOf, viewRuns, type Outage } from './run-view.js';
import { FLOW_IDS } from '../core/store-port.js';
import type { RateBudgetSnapshot, ScheduleEntry } from './types.js';

/**
 * `paused`: HubSpot's daily limit; `failing`: the last run failed or was stopped; `blocked`: the last
 * run failed because a system is down or refuses our credential (one banner for the connection);
 * `attention`: runs fine, but records need an operator; `pending`: never ran.
 */
export type FlowStatus = 'in-sync' | 'failing' | 'blocked' | 'attention' | 'paused' | 'pending';

/** Ran on schedule: the time since the last successful run against the flow's interval. */
export type ScheduleState = 'on-schedule' | 'late' | 'unknown';

export interface FlowStatusRow {
  connection: string;
  flow: FlowId;
  status: FlowStatus;
  /** True while a run is in progress. */
  running: boolean;
  lastRun: RunRecord | null;
  lastSuccessAtMs: number | null;
  nextRunAtMs: number | null;
  pausedUntilMs: number | null;
  /** Milliseconds since the last successful run; null when it never succeeded. */
  lagMs: number | null;
  inSync: number;
  failing: number;
  quarantined: number;
  /** Records waiting for another record to sync first (qad-orders: the customer); not failing. */
  waiting: number;
  /** Records read per second by the last finished run; null when unknown. */
  throughputPerSec: number | null;
  /** Recent finished runs, oldest first (for the chart). */
  history: RunRecord[];
  /** Failing and quarantined records not held by an operator. */
  attention: number;
  excluded: number;
  resolved: number;
  /** Records the last run skipped (held, or not applicable). */
  skipped: number;
  /** Existing HubSpot records the last run adopted (matched before creating). */
  adopted: number;
  /** The flow's interval: configured, or the median gap between its recent runs. */
  intervalMs: number | null;
  schedule: ScheduleState;
  /** The outage the last run failed on, when it was one. */
  outage: Outage | null;
}

/** A system down or refusing a credential, for one connection: one banner instead of one red row per flow. */
export interface ConnectionBanner {
  connection: string;
  outage: Outage;
  flows: FlowId[];
  sinceMs: number;
}

/** One banner per (connection, system) whose flows' last runs failed on an outage. */
export function connectionBanners(rows: readonly FlowStatusRow[]): ConnectionBanner[] {
  const out = new Map<string, ConnectionBanner>();
  for (const r of rows) {
    if (r.outage === null || r.lastRun === null) continue;
    const key = `${r.connection}\u0000${r.outage.system}`;
    const b = out.get(key);
    if (b) {
      b.flows.push(r.flow);
      b.sinceMs = Math.min(b.sinceMs, r.lastRun.startedAtMs);
    } else
      out.set(key, {
        connection: r.connection,
        outage: r.outage,
        flows: [r.flow],
        sinceMs: r.lastRun.startedAtMs,
      });
  }
  return [...out.values()];
}

/** Median gap between consecutive run starts; null with fewer than two runs. */
function medianGap(runs: readonly RunRecord[]): number | null {
  const starts = runs.map((r) => r.startedAtMs).sort((a, b) => a - b);
  const gaps = starts
    .slice(1)
    .map((t, i) => t - (starts[i] ?? t))
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  return gaps.length === 0 ? null : (gaps[Math.floor(gaps.length / 2)] ?? null);
}

/** Late when the last success is older than two intervals plus a minute. */
export function scheduleState(lagMs: number | null, intervalMs: number | null): ScheduleState {
  if (lagMs === null || intervalMs === null) return 'unknown';
  return lagMs > 2 * intervalMs + 60_000 ? 'late' : 'on-schedule';
}

/** How many runs the chart shows per flow. */
export const CHART_RUNS = 30;

function flowOrder(flow: FlowId): number {
  return FLOW_IDS.indexOf(flow);
}

/** Derives the status of one flow from its facts. */
export function flowStatus(
  h: Pick<FlowHealth, 'lastRun' | 'failing'>,
  pausedUntilMs: number | null,
  nowMs: number,
): FlowStatus {
  if (pausedUntilMs !== null && pausedUntilMs > nowMs) return 'paused';
  const finished = h.lastRun?.outcome === 'running' ? null : h.lastRun;
  if (finished?.outcome === 'failed' && outageOf(finished.error) !== null) return 'blocked';
  if (finished?.outcome === 'failed' || finished?.outcome === 'aborted') return 'failing';
  if (!h.lastRun) return 'pending';
  if (h.failing > 0) return 'attention';
  return 'in-sync';
}

function throughput(run: RunRecord | undefined): number | null {
  if (!run || run.endedAtMs === null) return null;
  const seconds = (run.endedAtMs - run.startedAtMs) / 1000;
  if (seconds <= 0) return null;
  return Math.round((run.counts.read / seconds) * 10) / 10;
}

/** Builds one row per (connection, flow) known to the store or the scheduler, sorted by connection then flow order. */
export async function buildHealth(
  store: Store,
  schedule: ScheduleEntry[],
  budgets: RateBudgetSnapshot[],
  nowMs: number,
): Promise<FlowStatusRow[]> {
  const health = await store.flowHealth();
  const byKey = new Map<string, FlowHealth>();
  for (const h of health) byKey.set(`${h.connection}\u0000${h.flow}`, h);
  for (const s of schedule) {
    const key = `${s.connection}\u0000${s.flow}`;
    if (!byKey.has(key)) {
      byKey.set(key, {
        connection: s.connection,
        flow: s.flow,
        lastRun: null,
        lastSuccessAtMs: null,
        inSync: 0,
        failing: 0,
        quarantined: 0,
        waiting: 0,
      });
    }
  }
  const holdCounts = await store.holdCounts();
  const leases = await store.listLeases();
  const held = (h: FlowHealth, kind: HoldKind, states: readonly (LinkState | null)[]): number =>
    holdCounts
      .filter(
        (c) =>
          c.connection === h.connection &&
          c.flow === h.flow &&
          c.kind === kind &&
          states.includes(c.linkState),
      )
      .reduce((n, c) => n + c.count, 0);
  const rows: FlowStatusRow[] = [];
  for (const h of byKey.values()) {
    const heldFailing =
      held(h, 'excluded', ['failed', 'quarantined']) + held(h, 'resolved', ['failed', 'quarantined']);
    const attention = Math.max(0, h.failing + h.quarantined - heldFailing);
    const entry = schedule.find((s) => s.connection === h.connection && s.flow === h.flow);
    const budget = budgets.find((b) => b.connection === h.connection);
    // HubSpot's daily limit pauses every flow of the portal (all of them read or write HubSpot).
    const pausedUntilMs = Math.max(entry?.pausedUntilMs ?? 0, budget?.pausedUntilMs ?? 0) || null;
    const runs = await store.listRuns({ connection: h.connection, flow: h.flow, limit: CHART_RUNS + 1 });
    const finished = runs.filter((r) => r.outcome !== 'running').slice(0, CHART_RUNS);
    const lagMs = h.lastSuccessAtMs === null ? null : Math.max(0, nowMs - h.lastSuccessAtMs);
    const intervalMs = entry?.intervalMs ?? medianGap(finished);
    const lastFinished = h.lastRun?.outcome === 'running' ? (finished[0] ?? null) : h.lastRun;
    rows.push({
      connection: h.connection,
      flow: h.flow,
      status: flowStatus({ lastRun: h.lastRun, failing: attention }, pausedUntilMs, nowMs),
      attention,
      excluded: held(h, 'excluded', ['failed', 'quarantined', 'ok', null]),
      resolved: held(h, 'resolved', ['failed', 'quarantined', 'ok', null]),
      skipped: lastFinished?.counts.skipped ?? 0,
      adopted: lastFinished?.counts.adopted ?? 0,
      intervalMs,
      schedule: scheduleState(lagMs, intervalMs),
      outage: lastFinished?.outcome === 'failed' ? outageOf(lastFinished.error) : null,
      running: viewRuns(runs.slice(0, 1), leases, nowMs)[0]?.shownOutcome === 'running',
      lastRun: h.lastRun,
      lastSuccessAtMs: h.lastSuccessAtMs,
      nextRunAtMs: entry?.nextRunAtMs ?? null,
      pausedUntilMs,
      lagMs,
      inSync: h.inSync,
      failing: h.failing,
      quarantined: h.quarantined,
      waiting: h.waiting,
      throughputPerSec: throughput(finished[0]),
      history: finished.slice().reverse(),
    });
  }
  return rows.sort((a, b) =>
    a.connection === b.connection
      ? flowOrder(a.flow) - flowOrder(b.flow)
      : a.connection.localeCompare(b.connection),
  );
}
