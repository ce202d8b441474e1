/**
 * The scheduler daemon core (`ml-connector run`): each enabled (connection, flow) runs on its own
 * cadence (everyMs or cron); missed runs collapse into one catch-up run; runs of one connection
 * are serialised (leases guard across processes). `stop()` (SIGTERM) stops starting runs, aborts
 * the running ones' signal (they finish their batch, commit and release their lease) and resolves
 * when everything is idle. Time is injected, so tests drive it with FakeClock.
 */
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { FlowId } from '../core/store-port.js';
import { nextDue, nextSlot, type FlowSchedule } from './schedule.js';

export interface ScheduledFlow {
  connection: string;
  flow: FlowId;
  schedule: FlowSchedule;
}

export interface SchedulerOptions {
  clock: Clock;
  events?: EventBus;
  flows: readonly ScheduledFlow[];
  /** Runs one flow of one connection; must not throw for flow failures (they are results). */
  runFlow(connection: string, flow: FlowId, signal: AbortSignal): Promise<void>;
  /** Run every flow once at start (default true: a restarted daemon catches up immediately). */
  runAtStart?: boolean;
  /** Time zone of cron expressions (default UTC). */
  timeZone?: string;
  /** Reports an unexpected error from `runFlow` (default: ignored; the loop keeps going). */
  onError?(error: unknown, flow: ScheduledFlow): void;
}

export interface SchedulerHandle {
  /** Next due time per `connection/flow`, epoch ms (for the dashboard). */
  nextRuns(): { connection: string; flow: FlowId; nextAtMs: number; running: boolean }[];
  /** Stops: no new runs; running ones are asked to stop after their batch. Resolves when idle. */
  stop(): Promise<void>;
}

/** Starts the scheduling loops. */
export function startScheduler(opts: SchedulerOptions): SchedulerHandle {
  const stopping = new AbortController();
  const stopped = new Promise<void>((resolve) =>
    stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  const chains = new Map<string, Promise<void>>();
  const state = opts.flows.map((f) => ({
    ...f,
    nextAtMs:
      opts.runAtStart === false
        ? nextSlot(f.schedule, opts.clock.nowMs(), opts.timeZone)
        : opts.clock.nowMs(),
    running: false,
  }));

  /** Serialises runs per connection. */
  const enqueue = (connection: string, task: () => Promise<void>): Promise<void> => {
    const prev = chains.get(connection) ?? Promise.resolve();
    const next = prev.then(task, task);
    chains.set(connection, next);
    return next;
  };

  const loops = state.map(async (s) => {
    while (!stopping.signal.aborted) {
      const waitMs = s.nextAtMs - opts.clock.nowMs();
      if (waitMs > 0) {
        await Promise.race([opts.clock.sleep(waitMs, stopping.signal).catch(() => undefined), stopped]);
        if (stopping.signal.aborted) return;
        if (opts.clock.nowMs() < s.nextAtMs) continue;
      }
      const dueMs = s.nextAtMs;
      await enqueue(s.connection, async () => {
        if (stopping.signal.aborted) return;
        s.running = true;
        opts.events?.emit('scheduler.run.due', { connection: s.connection, flow: s.flow, dueAtMs: dueMs });
        try {
          await opts.runFlow(s.connection, s.flow, stopping.signal);
        } catch (error) {
          opts.onError?.(error, s);
        } finally {
          s.running = false;
        }
      });
      s.nextAtMs = nextDue(s.schedule, dueMs, opts.clock.nowMs(), opts.timeZone);
      opts.events?.emit('scheduler.run.scheduled', {
        connection: s.connection,
        flow: s.flow,
        nextAtMs: s.nextAtMs,
      });
    }
  });

  return {
    nextRuns: () =>
      state.map((s) => ({
        connection: s.connection,
        flow: s.flow,
        nextAtMs: s.nextAtMs,
        running: s.running,
      })),
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
      await Promise.all(chains.values());
    },
  };
}

declare module '../core/events.js' {
  interface EventMap {
    /** The scheduler starts a due run. */
    'scheduler.run.due': { connection: string; flow: FlowId; dueAtMs: number };
    /** The scheduler planned the next run of a flow. */
    'scheduler.run.scheduled': { connection: string; flow: FlowId; nextAtMs: number };
  }
}
