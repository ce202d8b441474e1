/**
 * One limiter per HubSpot portal: the rolling burst window (per 10 s by tier), the separate
 * search window (5/s), the daily budget, a cap on requests in flight and priority order.
 * Seeded from configuration, corrected from `X-HubSpot-RateLimit-*` headers (sandbox/hubspot/vendor-facts.md: "Rate limits"):
 * when the server says fewer requests remain than we counted, we believe the server.
 */
import type { Clock } from '../core/clock.js';
import { RateLimitError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import './events.js';
import { PRIORITIES, type AcquireRequest, type Limiter, type Permit } from './limiter.js';
import { nextLocalMidnightMs } from './retry-timing.js';
import { RollingWindow, type WindowSlot } from './rolling-window.js';
import type { RateBucket, RequestPriority } from './types.js';

/** HubSpot account tiers (sandbox/hubspot/vendor-facts.md: "Rate limits") with their burst per 10 s and daily budget. */
export const HUBSPOT_TIERS = {
  starter: { burst: 100, daily: 250_000 },
  professional: { burst: 190, daily: 625_000 },
  enterprise: { burst: 190, daily: 1_000_000 },
  'limit-increase': { burst: 250, daily: 1_625_000 },
} as const;

export type HubSpotTier = keyof typeof HUBSPOT_TIERS | 'custom';

export interface HubSpotLimiterOptions {
  clock: Clock;
  events?: EventBus;
  /** Default 'professional'. 'custom' needs `burstLimit` and `dailyLimit`. */
  tier?: HubSpotTier;
  /** Requests per burst window; overrides the tier. */
  burstLimit?: number;
  /** Burst window in ms (default 10 000; benchmarks compress time with 1 000). */
  windowMs?: number;
  /** Search requests per search window (default 5). */
  searchLimit?: number;
  /** Search window in ms (default 1 000, HubSpot's; not scaled with `windowMs`, like the sandbox's). */
  searchWindowMs?: number;
  /** Daily budget; overrides the tier. */
  dailyLimit?: number;
  /** Portal time zone (IANA) for the daily reset; default 'UTC'. Set later with `setTimeZone`. */
  timeZone?: string;
  /** Requests in flight at once (default 4): latency must not throttle throughput. */
  maxConcurrent?: number;
  /**
   * Fraction of the burst we use (default 1). Slots are held until `windowMs` after each answer,
   * so our own traffic cannot overrun the window; lower it only when other apps share the token.
   */
  safetyMargin?: number;
  /** Whether search calls also count against the burst window (default true: the safe reading). */
  searchCountsTowardBurst?: boolean;
}

interface Waiter {
  bucket: RateBucket;
  priority: RequestPriority;
  grant: (permit: Permit) => void;
  fail: (error: unknown) => void;
}

/** The HubSpot limiter; also exposes `setTimeZone` and a snapshot for status output. */
export interface HubSpotLimiter extends Limiter {
  setTimeZone(timeZone: string): void;
  snapshot(): {
    burstUsed: number;
    burstLimit: number;
    windowMs: number;
    dailyRemaining: number;
    inFlight: number;
    waiting: number;
  };
}

export function createHubSpotLimiter(options: HubSpotLimiterOptions): HubSpotLimiter {
  const { clock, events } = options;
  const tier = options.tier ?? 'professional';
  const tierInfo = tier === 'custom' ? undefined : HUBSPOT_TIERS[tier];
  const margin = options.safetyMargin ?? 1;
  const windowMs = options.windowMs ?? 10_000;
  const burst = new RollingWindow(
    Math.floor((options.burstLimit ?? tierInfo?.burst ?? 100) * margin),
    windowMs,
  );
  const search = new RollingWindow(options.searchLimit ?? 5, options.searchWindowMs ?? 1000);
  const searchCountsTowardBurst = options.searchCountsTowardBurst ?? true;
  const maxConcurrent = options.maxConcurrent ?? 4;
  let dailyLimit = options.dailyLimit ?? tierInfo?.daily ?? 250_000;
  let timeZone = options.timeZone ?? 'UTC';
  let dailyRemaining = dailyLimit;
  let dayEndsMs = nextLocalMidnightMs(clock.nowMs(), timeZone);
  let inFlight = 0;
  const queues: Record<RequestPriority, Waiter[]> = { orders: [], incremental: [], backfill: [] };
  const wakes = new Set<number>();

  const windowsFor = (bucket: RateBucket): RollingWindow[] =>
    bucket === 'none'
      ? []
      : bucket === 'search'
        ? searchCountsTowardBurst
          ? [search, burst]
          : [search]
        : [burst];

  const rollDay = (nowMs: number): void => {
    if (nowMs >= dayEndsMs) {
      dailyRemaining = dailyLimit;
      dayEndsMs = nextLocalMidnightMs(nowMs, timeZone);
    }
  };

  const dailyError = (): RateLimitError =>
    new RateLimitError(
      'HUBSPOT_DAILY_LIMIT',
      `HubSpot daily API budget spent; resumes at ${new Date(dayEndsMs).toISOString()} (portal midnight, ${timeZone})`,
      { details: { resumeAtMs: dayEndsMs, timeZone } },
    );

  const scheduleWake = (bucket: RateBucket, nowMs: number, delayMs: number): void => {
    const at = nowMs + delayMs;
    for (const w of wakes) if (w <= at) return;
    wakes.add(at);
    events?.emit('ratelimit.wait', { bucket, delayMs });
    void clock.sleep(delayMs).then(() => {
      wakes.delete(at);
      pump();
    });
  };

  const grant = (waiter: Waiter, nowMs: number): void => {
    const slots: WindowSlot[] = windowsFor(waiter.bucket).map((w) => w.take(nowMs));
    inFlight += 1;
    dailyRemaining -= 1;
    let released = false;
    waiter.grant({
      release: (outcome) => {
        if (released) return;
        released = true;
        const doneMs = clock.nowMs();
        inFlight -= 1;
        if (outcome.sent) {
          for (const s of slots) s.done(doneMs);
          if (outcome.headers !== undefined && waiter.bucket === 'burst')
            observe(outcome.headers, nowMs, doneMs);
        } else {
          for (const s of slots) s.cancel();
          dailyRemaining += 1;
        }
        pump();
      },
    });
  };

  const observe = (headers: Headers, sentMs: number, doneMs: number): void => {
    const num = (name: string): number | undefined => {
      const raw = headers.get(name);
      const n = raw === null ? NaN : Number(raw);
      return Number.isFinite(n) ? n : undefined;
    };
    const max = num('x-hubspot-ratelimit-max');
    const interval = num('x-hubspot-ratelimit-interval-milliseconds');
    const remaining = num('x-hubspot-ratelimit-remaining');
    if (interval !== undefined && interval > 0) burst.windowMs = interval;
    if (max !== undefined && max > 0) burst.limit = Math.floor(max * margin);
    if (max !== undefined && remaining !== undefined) {
      const serverUsed = max - remaining;
      const ours = burst.possiblyCountedBy(sentMs);
      if (serverUsed > ours) burst.addForeign(serverUsed - ours, doneMs);
    }
    const daily = num('x-hubspot-ratelimit-daily');
    if (daily !== undefined && daily > 0) dailyLimit = daily;
    const dailyLeft = num('x-hubspot-ratelimit-daily-remaining');
    if (dailyLeft !== undefined) dailyRemaining = Math.min(dailyRemaining, dailyLeft);
  };

  const pump = (): void => {
    const nowMs = clock.nowMs();
    rollDay(nowMs);
    const blocked = new Set<RateBucket>();
    for (const priority of PRIORITIES) {
      const queue = queues[priority];
      let i = 0;
      while (i < queue.length) {
        if (inFlight >= maxConcurrent || blocked.size === 3) return;
        const waiter = queue[i] as Waiter;
        if (blocked.has(waiter.bucket)) {
          i += 1;
          continue;
        }
        if (waiter.bucket !== 'none' && dailyRemaining <= 0) {
          queue.splice(i, 1);
          waiter.fail(dailyError());
          continue;
        }
        let waitMs: number | undefined = 0;
        for (const w of windowsFor(waiter.bucket)) {
          const own = w.waitMs(nowMs);
          waitMs = own === undefined || waitMs === undefined ? undefined : Math.max(waitMs, own);
          if (waitMs === undefined) break;
        }
        if (waitMs === 0) {
          queue.splice(i, 1);
          grant(waiter, nowMs);
          continue;
        }
        blocked.add(waiter.bucket);
        if (waitMs !== undefined) scheduleWake(waiter.bucket, nowMs, waitMs);
        i += 1;
      }
    }
  };

  return {
    acquire: (req: AcquireRequest) =>
      new Promise<Permit>((resolve, reject) => {
        if (req.signal?.aborted) {
          reject(req.signal.reason as Error);
          return;
        }
        const waiter: Waiter = {
          bucket: req.bucket,
          priority: req.priority,
          grant: resolve,
          fail: reject,
        };
        queues[req.priority].push(waiter);
        req.signal?.addEventListener(
          'abort',
          () => {
            const queue = queues[req.priority];
            const index = queue.indexOf(waiter);
            if (index >= 0) {
              queue.splice(index, 1);
              reject(req.signal?.reason as Error);
            }
          },
          { once: true },
        );
        pump();
      }),
    pauseUntil: (bucket, untilMs) => {
      // A search pause holds searches only; a burst pause also holds searches (they count there too).
      (bucket === 'search' ? search : burst).blockUntil(untilMs);
      pump();
    },
    windowMs: (bucket) => (bucket === 'search' ? search.windowMs : burst.windowMs),
    exhaustDaily: () => {
      rollDay(clock.nowMs());
      dailyRemaining = 0;
      return dayEndsMs;
    },
    setTimeZone: (tz) => {
      timeZone = tz;
      dayEndsMs = nextLocalMidnightMs(clock.nowMs(), timeZone);
    },
    snapshot: () => ({
      burstUsed: burst.used(clock.nowMs()),
      burstLimit: burst.limit,
      windowMs: burst.windowMs,
      dailyRemaining,
      inFlight,
      waiting: PRIORITIES.reduce((n, p) => n + queues[p].length, 0),
    }),
  };
}
