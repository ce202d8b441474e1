/**
 * The limiter port the HTTP client calls before every attempt, plus a plain concurrency limiter
 * for systems without published rate limits (QAD).
 */
import type { RateBucket, RequestPriority } from './types.js';

/** What the client asks for before sending one attempt. */
export interface AcquireRequest {
  bucket: RateBucket;
  priority: RequestPriority;
  signal?: AbortSignal;
}

/** What the client reports back after the attempt. */
export interface AttemptOutcome {
  /** False when the request provably never left this process (it does not count). */
  sent: boolean;
  status?: number;
  headers?: Headers;
}

/** Permission to send one attempt; `release` must be called exactly once. */
export interface Permit {
  release(outcome: AttemptOutcome): void;
}

/** Decides when an attempt may be sent. Throws RateLimitError when it never may (daily budget). */
export interface Limiter {
  acquire(req: AcquireRequest): Promise<Permit>;
  /** Holds every request of `bucket` until `untilMs` (the server asked us to wait). */
  pauseUntil(bucket: RateBucket, untilMs: number): void;
  /** The rolling window length of `bucket` in ms: how long a TEN_SECONDLY_ROLLING 429 waits. */
  windowMs(bucket: RateBucket): number;
  /** The server said the daily budget is spent: later acquires fail until it resets. Returns the reset instant (ms). */
  exhaustDaily?(): number;
}

/** Priorities in service order. */
export const PRIORITIES: readonly RequestPriority[] = ['orders', 'incremental', 'backfill'];

const PRIORITY_RANK: Record<RequestPriority, number> = { orders: 0, incremental: 1, backfill: 2 };

/** Orders waiters: orders first, then incremental, then backfill; FIFO within a priority. */
export function comparePriority(
  a: { priority: RequestPriority; seq: number },
  b: { priority: RequestPriority; seq: number },
): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.seq - b.seq;
}

/** At most `maxConcurrent` requests in flight (default 4), served in priority order. */
export function createConcurrencyLimiter(maxConcurrent = 4): Limiter {
  let inFlight = 0;
  let seq = 0;
  const waiters: { priority: RequestPriority; seq: number; grant: () => void }[] = [];
  const pump = (): void => {
    waiters.sort(comparePriority);
    while (inFlight < maxConcurrent && waiters.length > 0) {
      const next = waiters.shift();
      inFlight += 1;
      next?.grant();
    }
  };
  const permit = (): Permit => {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        inFlight -= 1;
        pump();
      },
    };
  };
  return {
    acquire: (req) =>
      new Promise<Permit>((resolve, reject) => {
        if (req.signal?.aborted) {
          reject(req.signal.reason as Error);
          return;
        }
        const waiter = { priority: req.priority, seq: (seq += 1), grant: () => resolve(permit()) };
        waiters.push(waiter);
        req.signal?.addEventListener(
          'abort',
          () => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) {
              waiters.splice(i, 1);
              reject(req.signal?.reason as Error);
            }
          },
          { once: true },
        );
        pump();
      }),
    pauseUntil: () => undefined,
    windowMs: () => 1000,
  };
}
