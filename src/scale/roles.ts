/**
 * `startScaleRole(app, role, settings)`: what `ml-connector run --role …` starts on the PostgreSQL
 * store — the queue scheduler, a queue worker, or both — over the app's connections and the default
 * flow registry. The caller keeps the embedded in-process scheduler for SQLite (`usesQueue`).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { App } from '../app/compose.js';
import { createRuntimeCache, type RuntimeCache } from '../app/runtime-cache.js';
import { scheduledFlows } from '../app/schedules.js';
import type { SyncRegistry } from '../flows/connection.js';
import { defaultFlowRegistry } from '../flows/index.js';
import { openPassQueue, type PassRequest } from './queue.js';
import { startQueueScheduler, type QueueSchedulerHandle } from './scheduler-role.js';
import type { QueueSettings, ScaleRole } from './settings.js';
import { startQueueWorker, type QueueWorkerHandle } from './worker-role.js';

/** A running role. */
export interface ScaleRoleHandle {
  role: ScaleRole;
  workerId: string;
  /** The scheduler part (roles `scheduler` and `all`), for next-run display. */
  scheduler: QueueSchedulerHandle | null;
  /** Connection runtimes built by the worker part so far (limiter snapshots for the dashboard). */
  runtimes: RuntimeCache;
  /**
   * Asks for an orders pass of a connection now (change events): joins its queued pass or queues
   * one; `busy` while its pass runs (ask again after it, or the queue would hold two of its jobs).
   */
  requestOrders(connection: string): Promise<PassRequest>;
  /** Graceful stop: no new passes; running ones stop after their batch and go back to the queue. */
  stop(): Promise<void>;
}

/** Starts `role` against the PostgreSQL store of `app` (call `usesQueue` first). */
export async function startScaleRole(
  app: App,
  role: ScaleRole,
  settings: QueueSettings,
  registry: SyncRegistry = defaultFlowRegistry(),
): Promise<ScaleRoleHandle> {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const queue = await openPassQueue(app.config.store, settings, app.logger);
  const runtimes = createRuntimeCache(app);
  const scheduler =
    role === 'worker'
      ? null
      : startQueueScheduler({
          queue,
          clock: app.clock,
          events: app.events,
          flows: scheduledFlows(app, registry),
          tickMs: settings.tickMs,
          onError: (error) =>
            app.logger.warn({ event: 'scale.queue.error', err: String(error) }, 'scheduler tick failed'),
        });
  const worker: QueueWorkerHandle | null =
    role === 'scheduler'
      ? null
      : startQueueWorker({
          queue,
          registry,
          runtime: (name) => runtimes.get(name),
          clock: app.clock,
          events: app.events,
          logger: app.logger,
          workerId,
        });
  app.logger.info(
    { event: 'scale.role.started', role, workerId, queueSchema: settings.schema },
    `${role} started`,
  );
  let stopping: Promise<void> | null = null;
  return {
    role,
    workerId,
    scheduler,
    runtimes,
    requestOrders: (connection) => queue.request({ connection, flows: ['orders'] }),
    stop: () =>
      (stopping ??= (async () => {
        await scheduler?.stop();
        await worker?.stop();
        await queue.close();
      })()),
  };
}
