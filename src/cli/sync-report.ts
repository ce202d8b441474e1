/**
 * What a `sync` answers: per connection and flow a status (`ok`, `partial`, `failed`, `aborted`,
 * `not-run` with its reason), the exit code by the one table (EXIT_CODES), the `--json` object
 * (connections kept apart; `flows` totals per flow for scripts), and the human lines.
 */
import { EXIT, exitCodeForCode } from '../core/errors.js';
import type { FlowId, RunCounts } from '../core/store-port.js';
import type { FlowRunResult, PassResult } from '../engine/runner.js';

export type FlowStatus = 'ok' | 'partial' | 'failed' | 'aborted' | 'not-run';

/** The status of one flow run as reported. */
export function flowStatus(f: FlowRunResult): FlowStatus {
  return f.outcome === 'skipped' || f.outcome === 'running' ? 'not-run' : f.outcome;
}

/** The exit code of one flow run (a dry run fails no record: `records` false ignores its counts). */
export function flowExitCode(f: FlowRunResult, records = true): number {
  let code: number = records && f.counts.failed > 0 ? EXIT.partial : EXIT.ok;
  const errorCode = f.error?.code;
  if (f.leaseHeld || errorCode === 'LEASE_HELD' || errorCode === 'LEASE_LOST')
    code = Math.max(code, EXIT.leaseHeld);
  else if (errorCode === 'INTERRUPTED' || (f.outcome === 'aborted' && f.error === null))
    code = Math.max(code, EXIT.interrupted);
  else if (errorCode === 'MASS_CHANGE_HELD') code = Math.max(code, EXIT.massChangeHeld);
  else if (f.outcome === 'failed' && errorCode !== undefined)
    code = Math.max(code, exitCodeForCode(errorCode));
  return code;
}

/** The exit code of a sync: the highest of its flows'. */
export function syncExitCode(passes: readonly PassResult[]): number {
  return passes.reduce(
    (max, p) => p.flows.reduce((m, f) => Math.max(m, flowExitCode(f, p.plan === null)), max),
    EXIT.ok as number,
  );
}

/** One flow in `--json`. */
function flowJson(f: FlowRunResult): Record<string, unknown> {
  const status = flowStatus(f);
  const base: Record<string, unknown> = { flow: f.flow, status };
  if (status === 'not-run') {
    base['reason'] = f.error?.code ?? 'NOT_RUN';
    if (f.leaseHeld) {
      base['until'] = new Date(f.leaseHeld.untilMs).toISOString();
      base['heldBy'] = f.leaseHeld.owner ?? { holder: f.leaseHeld.holder };
    }
    base['message'] = f.error?.message ?? null;
    return base;
  }
  return {
    ...base,
    runId: f.runId,
    counts: f.counts,
    calls: f.calls,
    durationMs: f.durationMs,
    error: f.error,
    ...(f.leaseTakenOver ? { leaseTakenOver: f.leaseTakenOver } : {}),
  };
}

const zero = (): RunCounts => ({
  read: 0,
  created: 0,
  updated: 0,
  adopted: 0,
  unchanged: 0,
  failed: 0,
  skipped: 0,
});

/** The `--json` object of a sync; `extra` adds fields per connection (e.g. the dry-run plan). */
export function syncJson(
  passes: readonly PassResult[],
  durationMs: number,
  extra: (pass: PassResult) => Record<string, unknown> = () => ({}),
): Record<string, unknown> {
  const totals: Partial<Record<FlowId, RunCounts>> = {};
  const calls = { hubspot: 0, qad: 0 };
  for (const pass of passes) {
    calls.hubspot += pass.calls.hubspot;
    calls.qad += pass.calls.qad;
    for (const f of pass.flows) {
      const sum = (totals[f.flow] ??= zero());
      for (const k of Object.keys(sum) as (keyof RunCounts)[]) sum[k] = (sum[k] ?? 0) + (f.counts[k] ?? 0);
    }
  }
  const exitCode = syncExitCode(passes);
  return {
    ok: exitCode === EXIT.ok,
    exitCode,
    connections: passes.map((p) => ({
      connection: p.connection,
      flows: p.flows.map(flowJson),
      calls: p.calls,
      durationMs: p.durationMs,
      ...extra(p),
    })),
    flows: totals,
    calls,
    durationMs,
  };
}

/** `1.2 s` / `340 ms` / `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The human line of one flow run. */
export function flowLine(connection: string, f: FlowRunResult): string {
  const head = `${connection} ${f.flow.padEnd(9)}`;
  const status = flowStatus(f);
  if (status === 'not-run') {
    if (f.leaseHeld) {
      const o = f.leaseHeld.owner;
      const who = o ? `process ${o.pid} on ${o.host}` : `holder ${f.leaseHeld.holder}`;
      return `${head}not run  held by ${who} until ${new Date(f.leaseHeld.untilMs).toISOString()} (LEASE_HELD)`;
    }
    return `${head}not run  ${f.error?.message ?? ''}${f.error ? ` (${f.error.code})` : ''}`;
  }
  const c = f.counts;
  const counts = `read ${c.read} · created ${c.created} · updated ${c.updated} · unchanged ${c.unchanged} · failed ${c.failed} · skipped ${c.skipped}`;
  const tail = f.error ? `\n  error[${f.error.code}]: ${f.error.message}` : '';
  const takeover = f.leaseTakenOver ? `\n  took over the lease: ${f.leaseTakenOver.reason}` : '';
  return `${head}${status.padEnd(9)}${counts}  ${formatDuration(f.durationMs)}${takeover}${tail}`;
}
