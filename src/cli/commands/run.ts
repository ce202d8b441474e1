/**
 * `ml-connector run`: the scheduler daemon. Every enabled flow of every connection runs on its
 * cadence (`schedule: { everyMs } | { cron }`); missed runs collapse into one catch-up run.
 * SIGTERM/SIGINT: no new runs; the running flow finishes its batch, commits and releases its
 * lease; then the process exits 0. `startSyncDaemon(app)` is exported so the dashboard can start
 * its HTTP server alongside the same scheduler.
 */
import type { Command } from 'commander';
import type { App } from '../../app/compose.js';
import { buildRuntime, type ConnectionRuntime } from '../../app/runtime.js';
import type { FlowId } from '../../core/store-port.js';
import { runPass } from '../../engine/runner.js';
import { startScheduler, type ScheduledFlow, type SchedulerHandle } from '../../engine/scheduler.js';
import { defaultFlowRegistry } from '../../flows/index.js';
import { addScaleOptions, runScaleRole, type ScaleCliOptions } from '../../scale/run-role.js';
import type { CliContext } from '../context.js';

/** Starts the scheduler over every enabled flow of the app's connections. */
export function startSyncDaemon(app: App): SchedulerHandle {
  const registry = defaultFlowRegistry();
  const runtimes = new Map<string, Promise<ConnectionRuntime>>();
  const runtime = (name: string): Promise<ConnectionRuntime> => {
    let rt = runtimes.get(name);
    if (!rt) {
      rt = buildRuntime(app, name);
      rt.catch(() => runtimes.delete(name));
      runtimes.set(name, rt);
    }
    return rt;
  };
  const flows: ScheduledFlow[] = [];
  for (const connection of app.config.connections) {
    for (const id of registry.keys()) {
      const cfg = connection.flows[id];
      if (!cfg.enabled) continue;
      const schedule =
        cfg.schedule.everyMs !== undefined
          ? { everyMs: cfg.schedule.everyMs }
          : { cron: cfg.schedule.cron ?? '0 * * * *' };
      flows.push({ connection: connection.name, flow: id, schedule });
    }
  }
  return startScheduler({
    clock: app.clock,
    events: app.events,
    flows,
    runFlow: async (connection: string, flow: FlowId, signal: AbortSignal) => {
      const rt = await runtime(connection);
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
      const daemon = startSyncDaemon(app);
      const names = daemon.nextRuns().map((r) => `${r.connection}/${r.flow}`);
      ctx.err(`scheduler running: ${names.join(', ') || '(no enabled flows)'} — stop with Ctrl-C or SIGTERM`);
      await new Promise<void>((resolve) => {
        const onSignal = (signal: NodeJS.Signals): void => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          app.events.emit('process.stopping', { signal });
          ctx.err(`${signal}: finishing the current batch…`);
          resolve();
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
      });
      await daemon.stop();
      ctx.err('stopped');
    });
  addScaleOptions(run);
}
