/**
 * The process's stop requests. The first SIGTERM or SIGINT asks long work to stop after the
 * pages in flight (their batches are committed); a second one stops at once: the process exits
 * 130 without waiting (what was committed stays committed; the rest is redone next run).
 */
import type { EventBus } from '../core/events.js';
import { EXIT } from '../core/errors.js';

/**
 * Calls `onStop` on the first SIGTERM/SIGINT and `onHardStop` on the second (default: exit 130
 * at once). Returns the function that stops listening.
 */
export function onStopSignal(
  onStop: (signal: NodeJS.Signals) => void,
  onHardStop: (signal: NodeJS.Signals) => void = () => process.exit(EXIT.interrupted),
): () => void {
  let seen = 0;
  const off = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    seen += 1;
    if (seen === 1) onStop(signal);
    else {
      off();
      onHardStop(signal);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return off;
}

/** Resolves with the first SIGTERM/SIGINT, announcing `process.stopping` on `events` when given. */
export function untilStopSignal(events?: EventBus): Promise<NodeJS.Signals> {
  return new Promise((resolve) =>
    onStopSignal((signal) => {
      events?.emit('process.stopping', { signal });
      resolve(signal);
    }),
  );
}
