/**
 * HubSpot's limits as applied to private apps (vendor-facts.md: "Rate limits"): a rolling burst window per app
 * (token), a separate per-portal search bucket, and a daily budget per portal that resets at the
 * portal's local midnight.
 */
import type { RateLimitConfig } from './options.js';
import { localDay } from './timezone.js';

/** Rolling-window counter: accepted request times, oldest first. */
class RollingWindow {
  private times: number[] = [];
  private head = 0;

  /** Requests accepted within `windowMs` before `now`. */
  count(now: number, windowMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  record(now: number): void {
    this.times.push(now);
  }
}

/** The policy that refused a request. */
export type RatePolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

/** The limiter's verdict plus the headers to send (none for search). */
export interface RateDecision {
  allowed: boolean;
  policy?: RatePolicy;
  headers: Record<string, string>;
}

/** The rate limiter of one portal. */
export class RateLimiter {
  private burst = new Map<string, RollingWindow>();
  private search = new RollingWindow();
  private day = '';
  private dailyUsed = 0;

  constructor(
    private readonly limits: () => RateLimitConfig,
    private readonly timeZone: string,
  ) {}

  /** Forgets all counters. */
  reset(): void {
    this.burst = new Map();
    this.search = new RollingWindow();
    this.day = '';
    this.dailyUsed = 0;
  }

  /** Requests counted against today's budget. */
  usedToday(now: number): number {
    this.rollDay(now);
    return this.dailyUsed;
  }

  private rollDay(now: number): void {
    const d = localDay(now, this.timeZone);
    if (d !== this.day) {
      this.day = d;
      this.dailyUsed = 0;
    }
  }

  /** Checks and, when allowed, counts one request of `token`. */
  take(token: string, isSearch: boolean, now: number): RateDecision {
    const l = this.limits();
    this.rollDay(now);
    let w = this.burst.get(token);
    if (!w) {
      w = new RollingWindow();
      this.burst.set(token, w);
    }
    const inWindow = w.count(now, l.windowMs);
    const headers = (remaining: number, dailyRemaining: number): Record<string, string> =>
      isSearch
        ? {}
        : {
            'X-HubSpot-RateLimit-Daily': String(l.dailyLimit),
            'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, dailyRemaining)),
            'X-HubSpot-RateLimit-Interval-Milliseconds': String(l.windowMs),
            'X-HubSpot-RateLimit-Max': String(l.burst),
            'X-HubSpot-RateLimit-Remaining': String(Math.max(0, remaining)),
          };
    if (this.dailyUsed >= l.dailyLimit)
      return { allowed: false, policy: 'DAILY', headers: headers(l.burst - inWindow, 0) };
    if (isSearch) {
      if (this.search.count(now, l.searchWindowMs) >= l.searchPerSecond)
        return { allowed: false, policy: 'SECONDLY', headers: {} };
      this.search.record(now);
    } else {
      if (inWindow >= l.burst)
        return {
          allowed: false,
          policy: 'TEN_SECONDLY_ROLLING',
          headers: headers(0, l.dailyLimit - this.dailyUsed),
        };
      w.record(now);
    }
    this.dailyUsed++;
    return { allowed: true, headers: headers(l.burst - inWindow - 1, l.dailyLimit - this.dailyUsed) };
  }
}
