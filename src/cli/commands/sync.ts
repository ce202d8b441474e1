/**
 * `ml-connector sync [flow…] [--connection N] [--dry-run] [--full] [--json]`: one pass per
 * connection, flows in dependency order. On a TTY a progress line per flow goes to stderr;
 * `--json` prints exactly one object to stdout. Exit 1 when any record failed; a flow that failed
 * outright exits with its error's code (3 auth/connection, 2 config). Dry-run writes nothing
 * anywhere (no store rows either) and prints the plan.
 */
import type { Command } from 'commander';
import { buildRuntime, selectConnections } from '../../app/runtime.js';
import { ERROR_CODES } from '../../core/error-codes.js';
import { ConnectorError, EXIT } from '../../core/errors.js';
import { FLOW_IDS, type FlowId, type RunCounts } from '../../core/store-port.js';
import { runPass, type PassResult } from '../../engine/runner.js';
import type { DryRunPlan } from '../../engine/flow.js';
import { defaultFlowRegistry } from '../../flows/index.js';
import type { CliContext } from '../context.js';
import { cliConfirmer, EXIT_MASS_CHANGE_HELD, heldFlows, MASS_CHANGE_HELD } from '../mass-change-exit.js';
import { onStopSignal } from '../stop-signal.js';

interface SyncOptions {
  connection?: string;
  dryRun?: boolean;
  full?: boolean;
  json?: boolean;
  confirmMassChange?: boolean;
}

/** Exit code for a failed flow's error code. */
export function exitForErrorCode(code: string): number {
  const info = (ERROR_CODES as Record<string, { kind: string } | undefined>)[code];
  if (info?.kind === 'config') return EXIT.usage;
  if (info?.kind === 'auth') return EXIT.auth;
  return EXIT.partial;
}

/** Sums pass results per flow into the `--json` shape. */
export function summarise(passes: PassResult[], durationMs: number): Record<string, unknown> {
  const flows: Record<string, RunCounts> = {};
  const calls = { hubspot: 0, qad: 0 };
  for (const pass of passes) {
    calls.hubspot += pass.calls.hubspot;
    calls.qad += pass.calls.qad;
    for (const f of pass.flows) {
      const sum = (flows[f.flow] ??= {
        read: 0,
        created: 0,
        updated: 0,
        adopted: 0,
        unchanged: 0,
        failed: 0,
        skipped: 0,
      });
      for (const k of Object.keys(sum) as (keyof RunCounts)[]) sum[k] = (sum[k] ?? 0) + (f.counts[k] ?? 0);
    }
  }
  return { flows, calls, durationMs };
}

export function registerSyncCommand(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('Run a sync pass now: accounts, contacts, catalog, orders (or the flows named).')
    .argument('[flows...]', `flows to run (${FLOW_IDS.join(', ')}); default all enabled`)
    .option('--connection <name>', 'only this connection')
    .option('--dry-run', 'show what would be created/updated/skipped; write nothing anywhere')
    .option('--full', 'ignore cursors: full reconciliation')
    .option('--json', 'print one JSON object with counts and calls')
    .option(
      '--confirm-mass-change',
      'let the flows run even where the mass-change guard would hold them (recorded with your user name)',
    )
    .action(async (flowArgs: string[], opts: SyncOptions) => {
      const flows = flowArgs.length > 0 ? flowArgs : undefined;
      for (const f of flows ?? []) {
        if (!(FLOW_IDS as readonly string[]).includes(f)) {
          throw new ConnectorError('USAGE', `unknown flow "${f}" (known: ${FLOW_IDS.join(', ')})`);
        }
      }
      const app = await ctx.openApp();
      const startedMs = app.clock.nowMs();
      const registry = defaultFlowRegistry();
      const stop = new AbortController();
      const offSignal = onStopSignal(() => stop.abort());
      ctx.defer(() => {
        offSignal();
        return Promise.resolve();
      });
      const tty = ctx.deps.stderr.isTTY === true && opts.json !== true;
      const off = app.events.on('run.finished', (r) => {
        if (!tty) return;
        const c = r.counts;
        ctx.err(
          `${r.connection} ${r.flow.padEnd(8)} ${r.outcome.padEnd(8)} read ${c.read} created ${c.created} updated ${c.updated} unchanged ${c.unchanged} failed ${c.failed} skipped ${c.skipped} (${r.durationMs} ms)${r.error ? ` — ${r.error.message}` : ''}`,
        );
      });
      ctx.defer(() => Promise.resolve(off()));
      const passes: PassResult[] = [];
      for (const connection of selectConnections(app, opts.connection)) {
        const rt = await buildRuntime(app, connection.name);
        passes.push(
          await runPass(rt, {
            registry,
            ...(flows ? { flows: flows as FlowId[] } : {}),
            dryRun: opts.dryRun === true,
            full: opts.full === true,
            signal: stop.signal,
            ...(opts.confirmMassChange === true ? { confirmMassChange: cliConfirmer(ctx.deps.env) } : {}),
          }),
        );
      }
      const summary = summarise(passes, app.clock.nowMs() - startedMs);
      for (const pass of passes) {
        for (const f of pass.flows) {
          if (f.counts.failed > 0) ctx.setExitCode(EXIT.partial);
          if (f.outcome === 'failed' && f.error) {
            ctx.setExitCode(
              f.error.code === MASS_CHANGE_HELD ? EXIT_MASS_CHANGE_HELD : exitForErrorCode(f.error.code),
            );
            if (opts.json !== true)
              ctx.err(`error[${f.error.code}]: ${pass.connection}/${f.flow}: ${f.error.message}`);
          }
          if (f.outcome === 'skipped' && f.error && opts.json !== true) {
            ctx.err(`${pass.connection}/${f.flow} not run: ${f.error.message}`);
          }
        }
      }
      if (opts.json === true) {
        const plan = opts.dryRun === true ? passes.flatMap((p) => p.plan?.changes ?? []) : undefined;
        const held = heldFlows(passes);
        const adoption = opts.dryRun === true ? adoptionPreview(passes) : undefined;
        const out = {
          ...summary,
          ...(plan ? { plan, adoption } : {}),
          ...(held.length > 0 ? { massChangeHeld: held } : {}),
        };
        ctx.deps.stdout.write(`${JSON.stringify(ctx.secrets.redact(out))}\n`);
        return;
      }
      for (const pass of passes) {
        if (pass.plan) {
          for (const change of pass.plan.changes.filter((c) => c.action !== 'unchanged')) {
            ctx.out(
              `would ${change.action} ${change.flow} ${change.sourceKey}${change.targetId ? ` (HubSpot ${change.targetId})` : ''}${change.action === 'adopt' && change.rule ? ` by ${change.rule}` : ''}${change.reason ? `: ${change.reason}` : ''}`,
            );
          }
        }
        for (const f of pass.flows) {
          const c = f.counts;
          ctx.out(
            `${pass.connection} ${f.flow}: ${f.outcome} — read ${c.read}, created ${c.created}, adopted ${c.adopted ?? 0}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed}, skipped ${c.skipped}`,
          );
        }
      }
      const s = summary as { calls: { hubspot: number; qad: number }; durationMs: number };
      ctx.out(
        `calls: HubSpot ${s.calls.hubspot}, QAD ${s.calls.qad}; ${s.durationMs} ms${opts.dryRun === true ? ' (dry run: nothing written)' : ''}`,
      );
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
