/**
 * The live progress lines of `sync` on a terminal: one line per running flow with records read
 * and written, calls, the portal's rate budget in use, and the rate; redrawn in place (the
 * terminal's status area) from the run events, at most five times a second and once a second
 * for the clock. Ended flows leave the area (sync prints their final line).
 */
import type { EventBus } from '../core/events.js';
import type { FlowId, RunCounts } from '../core/store-port.js';
import type { CallCounts } from '../engine/ports.js';
import { rateBudgetsFromRuntimes, type LimitedRuntimeLike } from '../server/from-app.js';
import { formatDuration } from './sync-report.js';
import type { Terminal } from './terminal.js';

interface Row {
  connection: string;
  flow: FlowId;
  startedMs: number;
  counts: RunCounts;
  calls: CallCounts;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** One progress line. */
export function progressLine(row: Row, nowMs: number, runtime: LimitedRuntimeLike | undefined): string {
  const c = row.counts;
  const written = c.created + c.updated;
  const elapsed = Math.max(1, nowMs - row.startedMs);
  const rate = Math.round((c.read * 1000) / elapsed);
  const parts = [
    `read ${n(c.read)}`,
    `written ${n(written)}`,
    c.failed > 0 ? `failed ${n(c.failed)}` : '',
    `calls ${n(row.calls.hubspot + row.calls.qad)}`,
  ];
  if (runtime) {
    const budget = rateBudgetsFromRuntimes([runtime])[0];
    if (budget) {
      const dayPct = budget.daily.limit > 0 ? (budget.daily.used * 100) / budget.daily.limit : 0;
      parts.push(
        `rate budget ${budget.burst.used}/${budget.burst.limit} per ${budget.burst.windowMs / 1000} s, ${dayPct.toFixed(1)}% of the day`,
      );
    }
  }
  if (c.read > 0) parts.push(`${n(rate)} records/s`);
  return `… ${row.connection} ${row.flow.padEnd(9)}${parts.filter(Boolean).join(' · ')}  ${formatDuration(elapsed)}`;
}

/** Starts drawing; returns the function that stops and clears the area. */
export function startSyncProgress(opts: {
  terminal: Terminal;
  events: EventBus;
  nowMs: () => number;
  runtime: (connection: string) => LimitedRuntimeLike | undefined;
}): () => void {
  const { terminal, events } = opts;
  if (!terminal.live) return () => undefined;
  const rows = new Map<string, Row>();
  let lastDraw = 0;
  const draw = (force: boolean): void => {
    const now = opts.nowMs();
    if (!force && now - lastDraw < 200) return;
    lastDraw = now;
    terminal.status([...rows.values()].map((r) => progressLine(r, now, opts.runtime(r.connection))));
  };
  const offs = [
    events.on('run.started', (e) => {
      rows.set(e.runId, {
        connection: e.connection,
        flow: e.flow,
        startedMs: opts.nowMs(),
        counts: { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 },
        calls: { hubspot: 0, qad: 0 },
      });
      draw(true);
    }),
    events.on('run.progress', (e) => {
      const row = rows.get(e.runId);
      if (!row) return;
      row.counts = e.counts;
      row.calls = e.calls;
      draw(false);
    }),
    events.on('run.finished', (e) => {
      if (e.runId !== null) rows.delete(e.runId);
      draw(true);
    }),
  ];
  const timer = setInterval(() => draw(true), 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    for (const off of offs) off();
    terminal.status([]);
  };
}
