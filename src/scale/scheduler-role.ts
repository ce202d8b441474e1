/**
 * The scheduler role: every `tickMs` it finds the due flows of each connection and enqueues ONE
 * pass job per connection carrying all of them (the worker runs them in dependency order:
 * accounts → contacts, catalog → orders). A connection whose previous pass is still queued or
 * running gets nothing new: its due flows wait and collapse into the next pass, so a flow never
 * runs twice at once and missed runs are not piled up. Schedule math is the engine's (`nextDue`).
 *
 * One scheduler is enough (it only enqueues); if it stops, nothing is lost — flows are simply
 * due when it comes back (every flow is due at start). Two schedulers are safe (stately singleton
 * keys reject the duplicate) but pointless.
 */
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { FlowId } from '../core/store-port.js';
import { nextDue } from '../engine/schedule.js';
import type { ScheduledFlow } from '../engine/scheduler.js';
import type { PassQueue } from './queue.js';

export interface QueueSchedulerOptions {
  queue: Pick<PassQueue, 'busyConnections' | 'enqueue'>;
  clock: Clock;
  events: EventBus;
  flows: readonly ScheduledFlow[];
  /** Tick interval, ms. */
  tickMs: number;
  /** Time zone of cron expressions (default UTC). */
  timeZone?: string;
  /** Reports a failed tick (database down…); the loop keeps going. */
  onError(error: unknown): void;
}

export interface QueueSchedulerHandle {
  /** Next due time per flow, epoch ms (for the dashboard/status). */
  nextRuns(): { connection: string; flow: FlowId; nextAtMs: number }[];
  /** Runs one tick as soon as the tick in progress (if any) has ended. */
  tick(): Promise<void>;
  /** Stops the loop; resolves when the current tick ended. */
  stop(): Promise<void>;
}

/** Starts the enqueue loop; the first tick runs immediately (every flow is due at start). */
export function startQueueScheduler(opts: QueueSchedulerOptions): QueueSchedulerHandle {
  const state = opts.flows.map((f) => ({ ...f, nextAtMs: opts.clock.nowMs() }));
  const connections = [...new Set(state.map((s) => s.connection))];
  const stopping = new AbortController();
  const stopped = new Promise<void>((resolve) =>
    stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
  );

  const tickOnce = async (): Promise<void> => {
    const nowMs = opts.clock.nowMs();
    const due = state.filter((s) => s.nextAtMs <= nowMs);
    if (due.length === 0) return;
    const busy = await opts.queue.busyConnections();
    for (const connection of connections) {
      if (busy.has(connection)) continue;
      const mine = due.filter((s) => s.connection === connection);
      if (mine.length === 0) continue;
      const flows = mine.map((s) => s.flow);
      const jobId = await opts.queue.enqueue({ connection, flows });
      if (jobId === null) continue; // another scheduler was faster: stays due
      for (const s of mine) s.nextAtMs = nextDue(s.schedule, s.nextAtMs, nowMs, opts.timeZone);
      opts.events.emit('scale.pass.enqueued', { connection, flows, jobId });
    }
  };

  // Ticks never overlap: a tick asked for while one runs (the loop's, or another caller's) starts
  // when it ends, so it sees that tick's jobs as busy instead of racing it for the same connection.
  let lastTick: Promise<void> = Promise.resolve();
  const tick = (): Promise<void> => {
    const next = lastTick.then(tickOnce);
    lastTick = next.catch(() => undefined);
    return next;
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await tick();
      } catch (error) {
        opts.onError(error);
      }
      await Promise.race([opts.clock.sleep(opts.tickMs, stopping.signal).catch(() => undefined), stopped]);
    }
  })();

  return {
    nextRuns: () => state.map((s) => ({ connection: s.connection, flow: s.flow, nextAtMs: s.nextAtMs })),
    tick,
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}

declare module '../core/events.js' {
  interface EventMap {
    /** The scale-out scheduler enqueued a pass job for a connection's due flows. */
    'scale.pass.enqueued': { connection: string; flows: FlowId[]; jobId: string };
  }
}
