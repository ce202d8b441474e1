/**
 * `ml-connector status [--connection N] [--json]`: per connection and flow — last run, outcome,
 * lag since the last success, and how many records are in sync / failing / quarantined / waiting
 * (waiting: a qad-orders order or line whose customer or order is not synced yet; retried every
 * run, not a failure).
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

function ago(ms: number | null, nowMs: number): string {
  if (ms === null) return 'never';
  const s = Math.round((nowMs - ms) / 1000);
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  return `${Math.round(s / 3600)}h ago`;
}

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('Show per flow: last run, outcome, lag, in sync / failing / quarantined / waiting counts.')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'print JSON')
    .action(async (opts: { connection?: string; json?: boolean }) => {
      const app = await ctx.openApp();
      if (opts.connection !== undefined) app.connection(opts.connection);
      const nowMs = app.clock.nowMs();
      const health = await app.store.flowHealth(opts.connection);
      const rows = health.map((h) => ({
        connection: h.connection,
        flow: h.flow,
        lastRun: h.lastRun
          ? {
              id: h.lastRun.id,
              startedAtMs: h.lastRun.startedAtMs,
              endedAtMs: h.lastRun.endedAtMs,
              outcome: h.lastRun.outcome,
              counts: h.lastRun.counts,
              error: h.lastRun.error,
            }
          : null,
        lastSuccessAtMs: h.lastSuccessAtMs,
        lagMs: h.lastSuccessAtMs === null ? null : nowMs - h.lastSuccessAtMs,
        inSync: h.inSync,
        failing: h.failing,
        quarantined: h.quarantined,
        waiting: h.waiting,
      }));
      if (opts.json === true) {
        ctx.deps.stdout.write(`${JSON.stringify(ctx.secrets.redact({ flows: rows }))}\n`);
        return;
      }
      if (rows.length === 0) {
        ctx.out('no runs yet — run `ml-connector sync`');
        return;
      }
      ctx.out(
        'CONNECTION  FLOW      LAST RUN    OUTCOME   LAST SUCCESS  IN SYNC  FAILING  QUARANTINED  WAITING',
      );
      for (const r of rows) {
        ctx.out(
          [
            r.connection.padEnd(11),
            r.flow.padEnd(9),
            ago(r.lastRun?.startedAtMs ?? null, nowMs).padEnd(11),
            (r.lastRun?.outcome ?? '-').padEnd(9),
            ago(r.lastSuccessAtMs, nowMs).padEnd(13),
            String(r.inSync).padEnd(8),
            String(r.failing).padEnd(8),
            String(r.quarantined).padEnd(12),
            String(r.waiting),
          ].join(' '),
        );
        const adopted = r.lastRun?.counts.adopted ?? 0;
        if (adopted > 0) ctx.out(`  last run adopted ${adopted} existing HubSpot records`);
        if (r.waiting > 0)
          ctx.out(`  ${r.waiting} waiting for customer sync (not failed; retried every run)`);
        if (r.lastRun?.error) ctx.out(`  last error[${r.lastRun.error.code}]: ${r.lastRun.error.message}`);
      }
    });
}
