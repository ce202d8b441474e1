import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { RateLimitError } from '../../src/core/errors.js';
import { EventBus } from '../../src/core/events.js';
import { createHubSpotLimiter } from '../../src/http/hubspot-limiter.js';
import type { Permit } from '../../src/http/limiter.js';
import type { RequestPriority } from '../../src/http/types.js';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function rateHeaders(max: number, remaining: number, intervalMs = 1000): Headers {
  return new Headers({
    'x-hubspot-ratelimit-max': String(max),
    'x-hubspot-ratelimit-remaining': String(remaining),
    'x-hubspot-ratelimit-interval-milliseconds': String(intervalMs),
  });
}

describe('HubSpot limiter (fake time)', () => {
  it('allows `burst` requests per rolling window, counted until windowMs after each answer', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, burstLimit: 3, windowMs: 1000, maxConcurrent: 10 });
    const permits = await Promise.all(
      [1, 2, 3].map(() => limiter.acquire({ bucket: 'burst', priority: 'incremental' })),
    );
    let fourth: Permit | undefined;
    void limiter.acquire({ bucket: 'burst', priority: 'incremental' }).then((p) => (fourth = p));
    await flush();
    expect(fourth).toBeUndefined();
    await clock.advance(300);
    permits[0]?.release({ sent: true, status: 200 }); // answered at t=300 → slot frees at 1300 (+2 ms slack)
    await clock.advance(999);
    await flush();
    expect(fourth).toBeUndefined();
    await clock.advance(5);
    await flush();
    expect(fourth).toBeDefined();
  });

  it('a request that never left the process frees its slot at once', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, burstLimit: 1, windowMs: 1000 });
    const first = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    first.release({ sent: false });
    const second = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    expect(second).toBeDefined();
  });

  it('serves orders before incremental before backfill when waiting', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, burstLimit: 100, windowMs: 1000, maxConcurrent: 1 });
    const first = await limiter.acquire({ bucket: 'burst', priority: 'backfill' });
    const order: RequestPriority[] = [];
    const waiting = (['backfill', 'incremental', 'orders', 'backfill', 'orders'] as const).map((priority) =>
      limiter.acquire({ bucket: 'burst', priority }).then((permit) => {
        order.push(priority);
        permit.release({ sent: true });
      }),
    );
    first.release({ sent: true });
    await Promise.all(waiting);
    expect(order).toEqual(['orders', 'orders', 'incremental', 'backfill', 'backfill']);
  });

  it('caps requests in flight', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, maxConcurrent: 2 });
    const granted: Permit[] = [];
    for (let i = 0; i < 3; i += 1)
      void limiter.acquire({ bucket: 'burst', priority: 'incremental' }).then((p) => granted.push(p));
    await flush();
    expect(granted).toHaveLength(2);
    granted[0]?.release({ sent: true });
    await flush();
    expect(granted).toHaveLength(3);
  });

  it('believes the server when it says fewer requests remain than we counted', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, burstLimit: 10, windowMs: 1000 });
    const permit = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    // Another app sharing the token used 8: after ours, 1 remains.
    permit.release({ sent: true, status: 200, headers: rateHeaders(10, 1) });
    expect(limiter.snapshot().burstUsed).toBe(9);
    await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    let blocked: Permit | undefined;
    void limiter.acquire({ bucket: 'burst', priority: 'incremental' }).then((p) => (blocked = p));
    await flush();
    expect(blocked).toBeUndefined();
    await clock.advance(1003);
    await flush();
    expect(blocked).toBeDefined();
  });

  it('does not count our own concurrent requests twice from headers', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, burstLimit: 10, windowMs: 1000 });
    const a = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    const b = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    b.release({ sent: true, headers: rateHeaders(10, 8) });
    a.release({ sent: true, headers: rateHeaders(10, 9) });
    expect(limiter.snapshot().burstUsed).toBe(2);
  });

  it('adopts the window and max the server announces', async () => {
    const clock = new FakeClock();
    const limiter = createHubSpotLimiter({ clock, tier: 'starter' });
    const p = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    p.release({ sent: true, headers: rateHeaders(190, 189, 1000) });
    expect(limiter.snapshot()).toMatchObject({ burstLimit: 190, windowMs: 1000 });
  });

  it('keeps searches in their own 5-per-window bucket', async () => {
    const clock = new FakeClock();
    const events = new EventBus();
    const waits: number[] = [];
    events.on('ratelimit.wait', (e) => waits.push(e.delayMs));
    const limiter = createHubSpotLimiter({ clock, events, windowMs: 10_000, maxConcurrent: 10 });
    for (let i = 0; i < 5; i += 1)
      (await limiter.acquire({ bucket: 'search', priority: 'incremental' })).release({ sent: true });
    let sixth: Permit | undefined;
    void limiter.acquire({ bucket: 'search', priority: 'incremental' }).then((p) => (sixth = p));
    const burst = await limiter.acquire({ bucket: 'burst', priority: 'incremental' });
    expect(burst).toBeDefined();
    await flush();
    expect(sixth).toBeUndefined();
    expect(waits).toEqual([1002]);
    await clock.advance(1002);
    await flush();
    expect(sixth).toBeDefined();
  });

  it('refuses with HUBSPOT_DAILY_LIMIT once the daily budget is spent, until portal midnight', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 27, 12));
    const limiter = createHubSpotLimiter({ clock, dailyLimit: 2, timeZone: 'Europe/Berlin' });
    (await limiter.acquire({ bucket: 'burst', priority: 'incremental' })).release({ sent: true });
    (await limiter.acquire({ bucket: 'burst', priority: 'incremental' })).release({ sent: true });
    const error = await limiter
      .acquire({ bucket: 'burst', priority: 'incremental' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('HUBSPOT_DAILY_LIMIT');
    expect((error as RateLimitError).details['resumeAtMs']).toBe(Date.UTC(2026, 10, 27, 23));
    await clock.advance(11 * 3_600_000);
    expect(await limiter.acquire({ bucket: 'burst', priority: 'incremental' })).toBeDefined();
  });
});
