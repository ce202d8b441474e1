/**
 * Starts an orders run for a connection as soon as change events arrive, one at a time per
 * connection: events arriving while a run is going trigger exactly one more run after it. A run
 * refused because another orders run holds the lease (a scheduled poll) is tried again shortly;
 * whatever is still pending is picked up by the next scheduled orders run anyway (it drains the
 * inbox too), so nothing depends on this loop for correctness, only for speed.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

/** What one event run answered: `skipped` = the lease was held elsewhere. */
export type EventRunOutcome = 'done' | 'skipped';

export interface EventRunnerDeps {
  clock: Clock;
  logger: Logger;
  /** Runs the evented deals of a connection. */
  run(connection: string, signal: AbortSignal): Promise<EventRunOutcome>;
  /** Wait before retrying a run refused by a held lease, default 1,000 ms. */
  retryMs?: number;
  /** Give up retrying after this many refusals (the scheduled run takes over), default 120. */
  maxRetries?: number;
}

export interface EventRunner {
  /** New events for `connection`: run now, or once more after the current run. */
  kick(connection: string): void;
  /** Stops: no new runs; resolves when the current ones finished. */
  stop(): Promise<void>;
}

export function createEventRunner(deps: EventRunnerDeps): EventRunner {
  const stopping = new AbortController();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const loop = async (connection: string): Promise<void> => {
    let refusals = 0;
    while (!stopping.signal.aborted) {
      again.delete(connection);
      let outcome: EventRunOutcome;
      try {
        outcome = await deps.run(connection, stopping.signal);
      } catch (e) {
        deps.logger.error(
          { event: 'changes.run_failed', connection, err: e instanceof Error ? e.message : String(e) },
          'change-event run failed; the scheduled orders run picks the events up',
        );
        return;
      }
      if (outcome === 'skipped') {
        refusals++;
        if (refusals > (deps.maxRetries ?? 120)) return;
        await deps.clock.sleep(deps.retryMs ?? 1_000, stopping.signal).catch(() => undefined);
        continue;
      }
      refusals = 0;
      if (!again.has(connection)) return;
    }
  };

  return {
    kick(connection) {
      if (stopping.signal.aborted) return;
      if (running.has(connection)) {
        again.add(connection);
        return;
      }
      const p = loop(connection).finally(() => running.delete(connection));
      running.set(connection, p);
    },
    async stop() {
      stopping.abort();
      await Promise.all(running.values());
    },
  };
}
