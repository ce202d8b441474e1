/**
 * The rate-budget handover between workers. Work is partitioned by connection (one running pass per
 * connection), so a portal's budget is spent by one process at a time, through that process's
 * limiter. What that limiter cannot know is what the PREVIOUS owner spent in the still-rolling
 * window. So before a pass, the new owner holds its burst bucket until that window has rolled:
 * - same worker as last time, or last pass older than the window: no wait;
 * - another worker finished `agoMs` ago: wait `windowMs - agoMs`;
 * - a retry (the previous attempt's worker died or lost the job): wait one full window from now,
 *   since the dead process may have sent requests up to its last moment.
 */
import type { PreviousPass } from './queue.js';

export interface HandoverInput {
  /** This worker's id. */
  worker: string;
  /** The job's retry count (0 = first attempt). */
  retryCount: number;
  previous: PreviousPass | null;
  /** The portal's burst window as this worker's limiter knows it, ms. */
  localWindowMs: number;
}

/** How long to hold the portal's burst bucket before the pass, ms (0 = no wait). */
export function handoverWaitMs(input: HandoverInput): number {
  const windowMs = input.previous?.windowMs ?? input.localWindowMs;
  if (input.retryCount > 0) return windowMs;
  const prev = input.previous;
  if (prev === null || prev.worker === input.worker) return 0;
  return Math.max(0, Math.ceil(windowMs - prev.agoMs));
}
