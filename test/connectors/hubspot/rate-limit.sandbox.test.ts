import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { createHttpClient } from '../../../src/http/client.js';
import { createConcurrencyLimiter } from '../../../src/http/limiter.js';
import { startHarness, type Harness, type SandboxStats } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('HubSpot limiter against the sandbox (time compressed 10×: 190 per 1 000 ms)', () => {
  it('sustains 3,000 calls at the professional tier with zero 429s', async () => {
    h = await startHarness({
      sandbox: { tier: 'professional', rateLimit: { windowMs: 1000, burst: 190 } },
      limiter: { tier: 'professional', windowMs: 1000, maxConcurrent: 16 },
    });
    let maxUsed = 0;
    h.events.on('http.request', () => (maxUsed = Math.max(maxUsed, h!.limiter.snapshot().burstUsed)));
    const calls = 3000;
    const started = Date.now();
    const t = h.client.withPriority('backfill').transport;
    const statuses = await Promise.all(
      Array.from({ length: calls }, () =>
        t.call('GET', h!.client.paths.objects('companies'), { query: { limit: 1 } }).then((r) => r.status),
      ),
    );
    const elapsedMs = Date.now() - started;
    const stats = (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
    expect(stats.rateLimited).toBe(0);
    expect(stats.totalRequests).toBe(calls);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(h.http.callCounts().hubspot).toBe(calls);
    expect(maxUsed).toBeLessThanOrEqual(190);
    // It cannot beat the floor; how close it gets depends on CPU (2 shared cores), so only report it.
    const floorMs = (Math.ceil(calls / 190) - 1) * 1000;
    expect(elapsedMs).toBeGreaterThanOrEqual(floorMs);
    process.stdout.write(`3000 calls in ${elapsedMs} ms = ${(elapsedMs / floorMs).toFixed(2)} × floor\n`);
  }, 60_000);

  it('is not over-conservative: it fills each window to the ceiling, never past it', async () => {
    // A burst the machine can reach even when its 2 cores are busy with other suites.
    h = await startHarness({
      sandbox: { rateLimit: { windowMs: 500, burst: 20 } },
      limiter: { burstLimit: 20, windowMs: 500, maxConcurrent: 16 },
    });
    let maxUsed = 0;
    let waits = 0;
    h.events.on('http.request', () => (maxUsed = Math.max(maxUsed, h!.limiter.snapshot().burstUsed)));
    h.events.on('ratelimit.wait', () => (waits += 1));
    const t = h.client.transport;
    await Promise.all(
      Array.from({ length: 200 }, () =>
        t.call('GET', h!.client.paths.objects('companies'), { query: { limit: 1 } }),
      ),
    );
    const stats = (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
    expect(stats.rateLimited).toBe(0);
    expect(maxUsed).toBe(20);
    expect(waits).toBeGreaterThan(0);
  }, 60_000);

  it('control: the same load without the HubSpot limiter draws 429s (the tests above can fail)', async () => {
    h = await startHarness({ sandbox: { rateLimit: { windowMs: 1000, burst: 20 } } });
    const http = createHttpClient({
      clock: systemClock,
      limiters: { hubspot: createConcurrencyLimiter(8) },
      backoff: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    const url = `${h.sandbox.url}${h.client.paths.objects('companies')}?limit=1`;
    await Promise.all(
      Array.from({ length: 400 }, () =>
        http
          .request({
            method: 'GET',
            url,
            headers: { authorization: `Bearer ${h!.sandbox.token}` },
            retry: 'safe',
            system: 'hubspot',
          })
          .catch(() => undefined),
      ),
    );
    const stats = (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
    expect(stats.rateLimited).toBeGreaterThan(0);
  }, 60_000);

  it('corrects itself from headers when the configured burst is too high', async () => {
    h = await startHarness({
      sandbox: { tier: 'starter', rateLimit: { windowMs: 1000, burst: 100 } },
      limiter: { burstLimit: 250, windowMs: 1000 },
    });
    const t = h.client.transport;
    await t.call('GET', h.client.paths.objects('companies'), { query: { limit: 1 } });
    await Promise.all(
      Array.from({ length: 400 }, () =>
        t.call('GET', h!.client.paths.objects('companies'), { query: { limit: 1 } }),
      ),
    );
    const stats = (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
    expect(stats.rateLimited).toBe(0);
    expect(h.limiter.snapshot().burstLimit).toBe(100);
  }, 60_000);
});
