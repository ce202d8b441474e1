/**
 * `ml-connector run`: the scheduler daemon. Every enabled flow of every connection runs on its
 * cadence (`schedule: { everyMs } | { cron }`); missed runs collapse into one catch-up run.
 * SIGTERM/SIGINT: no new runs; the running flow finishes its batch, commits and releases its
 * lease; then the process exits 0. `startSyncDaemon(app)` is exported so the dashboard can start
 * its HTTP server alongside the same scheduler.
 */
import type { Command } from 'commander';
import type { App } from '../../app/compose.js';
import { createRuntimeCache, type RuntimeCache } from '../../app/runtime-cache.js';
import { scheduledFlows } from '../../app/schedules.js';
import type { FlowId } from '../../core/store-port.js';
import { runPass } from '../../engine/runner.js';
import { startScheduler, type SchedulerHandle } from '../../engine/scheduler.js';
import { defaultFlowRegistry } from '../../flows/index.js';
import { createEngineReplay } from '../../app/replay.js';
import { startRunDashboard } from '../../server/from-app.js';
import { startChangeEvents } from '../../changes/start.js';
import { ConfigError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { untilStopSignal } from '../stop-signal.js';
import { addScaleOptions, runScaleRole, type ScaleCliOptions } from './run-role.js';

/** Starts the scheduler over every enabled flow of the app's connections. */
export function startSyncDaemon(app: App, runtimes: RuntimeCache = createRuntimeCache(app)): SchedulerHandle {
  const registry = defaultFlowRegistry();
  return startScheduler({
    clock: app.clock,
    events: app.events,
    flows: scheduledFlows(app, registry),
    runFlow: async (connection: string, flow: FlowId, signal: AbortSignal) => {
      const rt = await runtimes.get(connection);
      await runPass(rt, { registry, flows: [flow], signal });
    },
    onError: (error, f) => {
      app.logger.error(
        { event: 'scheduler.error', connection: f.connection, flow: f.flow, err: String(error) },
        'scheduled run failed to start',
      );
    },
  });
}

export function registerRunCommand(program: Command, ctx: CliContext): void {
  const run = program
    .command('run')
    .description('Run the scheduler: every enabled flow on its schedule, until SIGTERM/SIGINT.')
    .action(async (options: ScaleCliOptions) => {
      const app = await ctx.openApp();
      if (await runScaleRole(ctx, app, options)) return;
      const runtimes = createRuntimeCache(app);
      const daemon = startSyncDaemon(app, runtimes);
      const names = daemon.nextRuns().map((r) => `${r.connection}/${r.flow}`);
      ctx.err(`scheduler running: ${names.join(', ') || '(no enabled flows)'} — stop with Ctrl-C or SIGTERM`);
      const changes = await startChangeEvents(app, { runtime: (name) => runtimes.get(name) });
      if (changes.url) ctx.err(`webhook receiver: ${changes.url}`);
      if (changes.hookHandler && !app.config.dashboard)
        throw new ConfigError(
          'HOOKS_LISTEN_FAILED',
          'hooks.onDashboard: true needs a dashboard block to serve /hooks/hubspot',
        );
      const dashboard = await startRunDashboard(app, {
        ...(changes.hookHandler ? { hooks: changes.hookHandler } : {}),
        runtimes: () => runtimes.ready(),
        scheduler: daemon,
        replay: createEngineReplay({
          runtime: (name) => runtimes.get(name),
          connections: () => app.config.connections.map((c) => c.name),
          registry: defaultFlowRegistry(),
        }),
      });
      if (dashboard) ctx.err(`dashboard: ${dashboard.url}`);
      const signal = await untilStopSignal(app.events);
      ctx.err(`${signal}: finishing the current batch…`);
      await dashboard?.close();
      await changes.stop();
      await daemon.stop();
      ctx.err('stopped');
    });
  addScaleOptions(run);
}
