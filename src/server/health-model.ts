/**
 * The health view of every (connection, flow): in sync, failing, or paused for HubSpot's daily
 * limit; last and next run; lag; counts; throughput; and recent runs for the chart. Built from the
 * store, the scheduler and the limiter, so the page and `/api/health` show the same facts.
 */
import type { FlowHealth, FlowId, RunRecord, Store } from '../core/store-port.js';
import { FLOW_IDS } from '../core/store-port.js';
import type { RateBudgetSnapshot, ScheduleEntry } from './types.js';

/** `paused`: HubSpot's daily limit; `failing`: last run failed or records are failing; `pending`: never ran. */
export type FlowStatus = 'in-sync' | 'failing' | 'paused' | 'pending';

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
  /** Records read per second by the last finished run; null when unknown. */
  throughputPerSec: number | null;
  /** Recent finished runs, oldest first (for the chart). */
  history: RunRecord[];
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
  if (h.failing > 0 || finished?.outcome === 'failed' || finished?.outcome === 'aborted') return 'failing';
  if (!h.lastRun) return 'pending';
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
      });
    }
  }
  const rows: FlowStatusRow[] = [];
  for (const h of byKey.values()) {
    const entry = schedule.find((s) => s.connection === h.connection && s.flow === h.flow);
    const budget = budgets.find((b) => b.connection === h.connection);
    // HubSpot's daily limit pauses every flow of the portal (all of them read or write HubSpot).
    const pausedUntilMs = Math.max(entry?.pausedUntilMs ?? 0, budget?.pausedUntilMs ?? 0) || null;
    const runs = await store.listRuns({ connection: h.connection, flow: h.flow, limit: CHART_RUNS + 1 });
    const finished = runs.filter((r) => r.outcome !== 'running').slice(0, CHART_RUNS);
    rows.push({
      connection: h.connection,
      flow: h.flow,
      status: flowStatus(h, pausedUntilMs, nowMs),
      running: h.lastRun?.outcome === 'running' || runs[0]?.outcome === 'running',
      lastRun: h.lastRun,
      lastSuccessAtMs: h.lastSuccessAtMs,
      nextRunAtMs: entry?.nextRunAtMs ?? null,
      pausedUntilMs,
      lagMs: h.lastSuccessAtMs === null ? null : Math.max(0, nowMs - h.lastSuccessAtMs),
      inSync: h.inSync,
      failing: h.failing,
      quarantined: h.quarantined,
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
