/**
 * `ml-connector sync [flow…] [--connection N] [--dry-run] [--full] [--limit N] [--json]`: one pass
 * per connection, flows in dependency order. On a terminal a live progress line per running flow;
 * then one line per flow (a flow held by another live run says by whom and until when). `--json`
 * prints exactly one object on stdout, connections apart. The exit code follows EXIT_CODES: 1
 * records failed, 3 a system unreachable or refusing credentials, 4 a flow held by another run,
 * 130 interrupted (first Ctrl-C: stop after the pages in flight; second: at once). Dry-run
 * writes nothing anywhere (no store rows either) and prints the plan (dry-run-report.ts), saying
 * which flows the mass-change guard would hold (still exit 0: the preview completed; the text and
 * `massChangeWouldHold` in `--json` say it).
 *
 * The command is built from small steps (`syncOptions`, `runSyncPasses`, `printSync`) so another
 * option (e.g. a guard flag) adds one line in `registerSyncCommand` and reads `opts`.
 */
import type { Command } from 'commander';
import { buildRuntime, selectConnections, type ConnectionRuntime } from '../../app/runtime.js';
import { ConnectorError, EXIT } from '../../core/errors.js';
import { FLOW_IDS, type FlowId } from '../../core/store-port.js';
import { runPass, type PassResult } from '../../engine/runner.js';
import type { DryRunPlan } from '../../engine/flow.js';
import { defaultFlowRegistry } from '../../flows/index.js';
import type { CliContext } from '../context.js';
import { cliConfirmer, heldFlows } from '../mass-change-exit.js';
import { dryRunLines, dryRunReport, wouldHoldFlows, type DryRunReport } from '../dry-run-report.js';
import { onStopSignal } from '../stop-signal.js';
import { startSyncProgress } from '../sync-progress.js';
import { flowLine, formatDuration, syncExitCode, syncJson } from '../sync-report.js';

export interface SyncOptions {
  connection?: string;
  dryRun?: boolean;
  full?: boolean;
  json?: boolean;
  confirmMassChange?: boolean;
  limit?: string;
}

/** The flows named on the command line (undefined: every enabled one); unknown ones are usage errors. */
export function parseFlows(flowArgs: readonly string[]): FlowId[] | undefined {
  for (const f of flowArgs) {
    if (!(FLOW_IDS as readonly string[]).includes(f)) {
      throw new ConnectorError('USAGE', `unknown flow "${f}" (known: ${FLOW_IDS.join(', ')})`);
    }
  }
  return flowArgs.length > 0 ? (flowArgs as FlowId[]) : undefined;
}

/** `--limit N`: how many problems and changes a dry run lists (default 20). */
export function parseLimit(value: string | undefined): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConnectorError('USAGE', '--limit must be a whole number ≥ 0');
  return n;
}

/** Runs one pass per selected connection; the first Ctrl-C stops after the pages in flight. */
export async function runSyncPasses(
  ctx: CliContext,
  opts: SyncOptions,
  flows: FlowId[] | undefined,
): Promise<{
  passes: PassResult[];
  runtimes: Map<string, ConnectionRuntime>;
  durationMs: number;
  interrupted: boolean;
}> {
  const app = await ctx.openApp();
  const startedMs = app.clock.nowMs();
  const registry = defaultFlowRegistry();
  const stop = new AbortController();
  const offSignal = onStopSignal(
    () => {
      ctx.err('stopping after the pages in flight… (Ctrl-C again to stop at once)');
      stop.abort();
    },
    () => {
      ctx.terminal.done();
      ctx.err('stopped at once: what was committed stays, the rest is redone next run');
      process.exit(EXIT.interrupted);
    },
  );
  ctx.defer(() => Promise.resolve(offSignal()));
  const runtimes = new Map<string, ConnectionRuntime>();
  const stopProgress =
    opts.json === true
      ? () => undefined
      : startSyncProgress({
          terminal: ctx.terminal,
          events: app.events,
          nowMs: () => app.clock.nowMs(),
          runtime: (name) => runtimes.get(name),
        });
  ctx.defer(() => Promise.resolve(stopProgress()));
  const offFinished = app.events.on('run.finished', (r) => {
    if (opts.json !== true && opts.dryRun !== true && ctx.terminal.live) ctx.err(flowLine(r.connection, r));
  });
  ctx.defer(() => Promise.resolve(offFinished()));
  const passes: PassResult[] = [];
  for (const connection of selectConnections(app, opts.connection)) {
    if (stop.signal.aborted) break;
    const rt = await buildRuntime(app, connection.name);
    runtimes.set(connection.name, rt);
    passes.push(
      await runPass(rt, {
        registry,
        ...(flows ? { flows } : {}),
        dryRun: opts.dryRun === true,
        full: opts.full === true,
        signal: stop.signal,
        ...(opts.confirmMassChange === true ? { confirmMassChange: cliConfirmer(ctx.deps.env) } : {}),
      }),
    );
  }
  stopProgress();
  return { passes, runtimes, durationMs: app.clock.nowMs() - startedMs, interrupted: stop.signal.aborted };
}

/** Prints the result (human or JSON) and sets the exit code. */
export async function printSync(
  ctx: CliContext,
  opts: SyncOptions,
  result: Awaited<ReturnType<typeof runSyncPasses>>,
): Promise<void> {
  const { passes, runtimes, durationMs } = result;
  ctx.setExitCode(syncExitCode(passes));
  if (result.interrupted) ctx.setExitCode(EXIT.interrupted);
  const reports = new Map<string, DryRunReport>();
  if (opts.dryRun === true) {
    const limit = parseLimit(opts.limit);
    for (const pass of passes)
      reports.set(pass.connection, await dryRunReport(pass, runtimes.get(pass.connection), limit));
  }
  if (opts.json === true) {
    const json = syncJson(passes, durationMs, (p) => {
      const report = reports.get(p.connection);
      return report ? { plan: report, adoption: adoptionPreview([p]) } : {};
    });
    const held = heldFlows(passes);
    const wouldHold = wouldHoldFlows([...reports].map(([connection, report]) => ({ connection, report })));
    ctx.jsonLine({
      ...json,
      ...(held.length > 0 ? { massChangeHeld: held } : {}),
      ...(opts.dryRun === true ? { massChangeWouldHold: wouldHold } : {}),
      ok: ctx.exitCode === EXIT.ok,
      exitCode: ctx.exitCode,
      dryRun: opts.dryRun === true,
    });
    return;
  }
  if (opts.dryRun === true) {
    for (const line of dryRunLines([...reports].map(([connection, report]) => ({ connection, report }))))
      ctx.out(line);
    ctx.out('');
  }
  // on a terminal each flow's line was printed as it ended; otherwise print them now (a dry run's
  // summary table says it all, except flows that did not run)
  for (const pass of passes) {
    for (const f of pass.flows) {
      const notRun = f.outcome === 'skipped';
      if (opts.dryRun === true ? notRun : !ctx.terminal.live) ctx.out(flowLine(pass.connection, f));
      else if (notRun && ctx.terminal.live) ctx.err(flowLine(pass.connection, f));
    }
  }
  const calls = passes.reduce(
    (s, p) => ({ hubspot: s.hubspot + p.calls.hubspot, qad: s.qad + p.calls.qad }),
    { hubspot: 0, qad: 0 },
  );
  ctx.out(
    `calls: HubSpot ${calls.hubspot}, QAD ${calls.qad}; ${formatDuration(durationMs)}${opts.dryRun === true ? ' (dry run: nothing written)' : ''}${result.interrupted ? ' — interrupted' : ''}`,
  );
}

export function registerSyncCommand(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('Run a sync pass now: accounts, contacts, catalog, orders (or the flows named).')
    .argument('[flows...]', `flows to run (${FLOW_IDS.join(', ')}); default all enabled`)
    .option('--connection <name>', 'only this connection')
    .option('--dry-run', 'show what would be created/updated/skipped; write nothing anywhere')
    .option('--full', 'ignore cursors: full reconciliation')
    .option('--limit <n>', 'dry run: how many problems and changes to list (default 20)')
    .option(
      '--confirm-mass-change',
      'let the flows run even where the mass-change guard would hold them (recorded with your user name)',
    )
    .option('--json', 'print one JSON object: per connection and flow, status, counts and calls')
    .action(async (flowArgs: string[], opts: SyncOptions) => {
      const flows = parseFlows(flowArgs);
      parseLimit(opts.limit);
      await printSync(ctx, opts, await runSyncPasses(ctx, opts, flows));
    });
}

/**
 * The first-connect preview of a dry run, per connection and flow: adoptions by rule and the
 * ambiguous records with their candidates (only flows that have any).
 */
function adoptionPreview(
  passes: readonly PassResult[],
): Record<string, Record<string, ReturnType<DryRunPlan['adoption']>>> {
  const out: Record<string, Record<string, ReturnType<DryRunPlan['adoption']>>> = {};
  for (const pass of passes) {
    if (!pass.plan) continue;
    for (const f of pass.flows) {
      const a = pass.plan.adoption(f.flow);
      if (Object.keys(a.byRule).length === 0 && a.ambiguous.length === 0) continue;
      (out[pass.connection] ??= {})[f.flow] = a;
    }
  }
  return out;
}
