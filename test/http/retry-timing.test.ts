import { describe, expect, it } from 'vitest';
import { backoffDelayMs, nextLocalMidnightMs, parseRetryAfterMs } from '../../src/http/retry-timing.js';

describe('retry timing', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0);
    expect(parseRetryAfterMs('2', now)).toBe(2000);
    expect(parseRetryAfterMs('0.5', now)).toBe(500);
    expect(parseRetryAfterMs(new Date(now + 7000).toUTCString(), now)).toBe(7000);
    expect(parseRetryAfterMs(new Date(now - 7000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });

  it('caps exponential backoff and spreads it with full jitter', () => {
    expect(backoffDelayMs(1, () => 0.999, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(100);
    expect(backoffDelayMs(3, () => 0.5, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(200);
    expect(backoffDelayMs(20, () => 0.999, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(999);
    expect(backoffDelayMs(5, () => 0, { baseDelayMs: 100 })).toBe(0);
  });

  it("finds the portal's next local midnight, across DST", () => {
    // 2026-11-27 12:00 UTC = 07:00 in New York (EST, UTC−5) → next midnight 2026-11-28 05:00 UTC
    expect(nextLocalMidnightMs(Date.UTC(2026, 10, 27, 12), 'America/New_York')).toBe(
      Date.UTC(2026, 10, 28, 5),
    );
    // 2026-11-27 23:30 UTC = 00:30 in Berlin on the 28th → next midnight 2026-11-28 23:00 UTC
    expect(nextLocalMidnightMs(Date.UTC(2026, 10, 27, 23, 30), 'Europe/Berlin')).toBe(
      Date.UTC(2026, 10, 28, 23),
    );
    // 2026-03-07 12:00 UTC (EST) → midnight of the 8th is still EST; DST starts 02:00 on the 8th
    expect(nextLocalMidnightMs(Date.UTC(2026, 2, 7, 12), 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5));
    // 2026-03-08 12:00 UTC (EDT, UTC−4) → midnight of the 9th = 04:00 UTC
    expect(nextLocalMidnightMs(Date.UTC(2026, 2, 8, 12), 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 4));
    expect(nextLocalMidnightMs(Date.UTC(2026, 0, 1), 'UTC')).toBe(Date.UTC(2026, 0, 2));
  });
});
