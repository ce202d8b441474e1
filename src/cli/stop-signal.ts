/**
 * The process's stop request: the first SIGTERM or SIGINT. Long-running commands wait for it,
 * then finish their current batch and exit 0. Listeners are removed once it came, so a second
 * Ctrl-C reaches Node's default handler and ends the process at once.
 */
import type { EventBus } from '../core/events.js';

/** Calls `onStop` on the first SIGTERM/SIGINT; returns the function that stops listening. */
export function onStopSignal(onStop: (signal: NodeJS.Signals) => void): () => void {
  const off = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    off();
    onStop(signal);
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
