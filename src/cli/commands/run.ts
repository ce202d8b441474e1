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
import { createEngineReplay } from '../../app/replay.js';
import { startRunDashboard } from '../../server/from-app.js';
import type { CliContext } from '../context.js';

/** Per-connection runtimes built on first use and shared by the scheduler, replay and the dashboard. */
export interface RuntimeCache {
  get(name: string): Promise<ConnectionRuntime>;
  /** The runtimes built so far (the dashboard reads their limiters). */
  ready(): ConnectionRuntime[];
}

export function createRuntimeCache(app: App): RuntimeCache {
  const pending = new Map<string, Promise<ConnectionRuntime>>();
  const ready = new Map<string, ConnectionRuntime>();
  return {
    get(name) {
      let rt = pending.get(name);
      if (!rt) {
        rt = buildRuntime(app, name);
        rt.then(
          (built) => ready.set(name, built),
          () => pending.delete(name),
        );
        pending.set(name, rt);
      }
      return rt;
    },
    ready: () => [...ready.values()],
  };
}

/** Starts the scheduler over every enabled flow of the app's connections. */
export function startSyncDaemon(app: App, runtimes: RuntimeCache = createRuntimeCache(app)): SchedulerHandle {
  const registry = defaultFlowRegistry();
  const runtime = (name: string): Promise<ConnectionRuntime> => runtimes.get(name);
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
      const runtimes = createRuntimeCache(app);
      const daemon = startSyncDaemon(app, runtimes);
      const names = daemon.nextRuns().map((r) => `${r.connection}/${r.flow}`);
      ctx.err(`scheduler running: ${names.join(', ') || '(no enabled flows)'} — stop with Ctrl-C or SIGTERM`);
      const dashboard = await startRunDashboard(app, {
        runtimes: () => runtimes.ready(),
        scheduler: daemon,
        replay: createEngineReplay({
          runtime: (name) => runtimes.get(name),
          connections: () => app.config.connections.map((c) => c.name),
          registry: defaultFlowRegistry(),
        }),
      });
      if (dashboard) ctx.err(`dashboard: ${dashboard.url}`);
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
      await dashboard?.close();
      await daemon.stop();
      ctx.err('stopped');
    });
  addScaleOptions(run);
}
