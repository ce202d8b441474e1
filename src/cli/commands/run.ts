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

/**
 * Everything `run` must know before the scheduler starts, found up front so a bad setting exits 2
 * at once instead of leaving a process that looks alive and syncs nothing: every connection's
 * secrets resolve; the dashboard (and any other listener) has its token and its port.
 */
export async function checkBeforeScheduling(app: App): Promise<void> {
  for (const connection of app.config.connections) {
    await app.secret(connection.name, 'hubspot.token');
    await app.secret(connection.name, 'qad.password');
  }
}

/** The listeners `run` serves beside the scheduler; started before it, closed after it. */
export interface RunListeners {
  dashboardUrl: string | null;
  /** The webhook receiver's own URL, when it has its own listener. */
  hooksUrl: string | null;
  close(): Promise<void>;
}

/**
 * Starts every listener of `run`: the change-event receiver (push webhooks, journal polling) and
 * the dashboard when configured. A listener that cannot start rejects with a config error; the
 * ones already started are closed first.
 */
export async function startListeners(
  app: App,
  deps: { runtimes: RuntimeCache; scheduler: { nextRuns: SchedulerHandle['nextRuns'] } },
): Promise<RunListeners> {
  const changes = await startChangeEvents(app, { runtime: (name) => deps.runtimes.get(name) });
  try {
    if (changes.hookHandler && !app.config.dashboard)
      throw new ConfigError(
        'HOOKS_NO_DASHBOARD',
        'hooks.onDashboard: true needs a dashboard block to serve /hooks/hubspot',
      );
    const dashboard = await startRunDashboard(app, {
      ...(changes.hookHandler ? { hooks: changes.hookHandler } : {}),
      runtimes: () => deps.runtimes.ready(),
      scheduler: deps.scheduler,
      replay: createEngineReplay({
        runtime: (name) => deps.runtimes.get(name),
        connections: () => app.config.connections.map((c) => c.name),
        registry: defaultFlowRegistry(),
      }),
    });
    let closing: Promise<void> | null = null;
    return {
      dashboardUrl: dashboard?.url ?? null,
      hooksUrl: changes.url ?? null,
      close: () =>
        (closing ??= (async () => {
          await dashboard?.close();
          await changes.stop();
        })()),
    };
  } catch (error) {
    await changes.stop();
    throw error;
  }
}

export function registerRunCommand(program: Command, ctx: CliContext): void {
  const run = program
    .command('run')
    .description('Run the scheduler: every enabled flow on its schedule, until SIGTERM/SIGINT.')
    .action(async (options: ScaleCliOptions) => {
      const app = await ctx.openApp();
      if (await runScaleRole(ctx, app, options)) return;
      await checkBeforeScheduling(app);
      const runtimes = createRuntimeCache(app);
      let daemon: SchedulerHandle | null = null;
      const listeners = await startListeners(app, {
        runtimes,
        scheduler: { nextRuns: () => daemon?.nextRuns() ?? [] },
      });
      ctx.defer(() => listeners.close());
      daemon = startSyncDaemon(app, runtimes);
      const started = daemon;
      let stopping: Promise<void> | null = null;
      const stopDaemon = (): Promise<void> => (stopping ??= started.stop());
      ctx.defer(stopDaemon);
      const names = daemon.nextRuns().map((r) => `${r.connection}/${r.flow}`);
      ctx.err(`scheduler running: ${names.join(', ') || '(no enabled flows)'} — stop with Ctrl-C or SIGTERM`);
      if (listeners.hooksUrl) ctx.err(`webhook receiver: ${listeners.hooksUrl}`);
      if (listeners.dashboardUrl) ctx.err(`dashboard: ${listeners.dashboardUrl}`);
      const signal = await untilStopSignal(app.events);
      ctx.err(`${signal}: finishing the current batch… (again to stop at once)`);
      await listeners.close();
      await stopDaemon();
      ctx.err('stopped');
    });
  addScaleOptions(run);
}
