import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { ConnectorError } from '../../src/core/errors.js';
import { EventBus } from '../../src/core/events.js';
import { createHttpClient, type HttpClientOptions } from '../../src/http/client.js';
import { createHubSpotLimiter } from '../../src/http/hubspot-limiter.js';
import type { HttpRequest } from '../../src/http/types.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { RecordingClock } from './clocks.js';

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

let server: FaultServer;
let clock: RecordingClock;
let events: EventBus;
let seen: { event: string; payload: unknown }[];

beforeEach(async () => {
  server = await startFaultServer();
  clock = new RecordingClock();
  events = new EventBus();
  seen = [];
  events.onAny((event, payload) => seen.push({ event, payload }));
});
afterEach(async () => {
  await server.close();
});

function client(extra: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    clock,
    events,
    random: () => 0.5,
    backoff: { baseDelayMs: 10, maxDelayMs: 100 },
    ...extra,
  });
}

function req(over: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'GET',
    url: `${server.url}/crm/v3/objects/companies?after=secret-cursor`,
    headers: { authorization: `Bearer ${TOKEN}` },
    retry: 'safe',
    system: 'hubspot',
    ...over,
  };
}

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describe('http client: retries over real HTTP', () => {
  it('returns 2xx with parsed JSON and counts calls per system', async () => {
    server.script({ status: 200, body: { results: [1, 2] } });
    const http = client();
    const res = await http.request(req());
    expect(res.status).toBe(200);
    expect(res.json<{ results: number[] }>().results).toEqual([1, 2]);
    expect(res.attempts).toBe(1);
    expect(http.callCounts()).toEqual({ hubspot: 1, qad: 0 });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('retries 5xx with backoff for safe requests', async () => {
    server.script({ status: 502 }, { status: 503 }, { status: 200, body: { ok: 1 } });
    const res = await client().request(req());
    expect(res.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    const retries = seen.filter((e) => e.event === 'retry.scheduled').map((e) => e.payload);
    expect(retries).toEqual([
      { system: 'hubspot', reason: '502', delayMs: 5, attempt: 1, route: '/crm/v3/objects/companies' },
      { system: 'hubspot', reason: '503', delayMs: 10, attempt: 2, route: '/crm/v3/objects/companies' },
    ]);
  });

  it('gives up after maxAttempts with HTTP_SERVER_ERROR naming system, method and route', async () => {
    server.fallback = { status: 500, body: { message: 'boom' } };
    const error = await rejection(client({ maxAttempts: 3 }).request(req()));
    expect(error.code).toBe('HTTP_SERVER_ERROR');
    expect(error.message).toBe('HubSpot GET /crm/v3/objects/companies answered 500 after 3 attempts');
    expect(server.requests).toHaveLength(3);
  });

  it("never repeats a retry:'never' request that may have reached the server (5xx, reset, timeout)", async () => {
    server.script({ status: 500 }, { reset: true }, { delayMs: 300 });
    const http = client();
    const never = req({ method: 'POST', body: '{}', retry: 'never' });
    expect((await rejection(http.request(never))).code).toBe('HTTP_SERVER_ERROR');
    expect((await rejection(http.request(never))).code).toBe('HTTP_NETWORK');
    expect((await rejection(http.request({ ...never, timeoutMs: 50 }))).code).toBe('HTTP_TIMEOUT');
    expect(server.requests).toHaveLength(3);
  });

  it('retries a connection reset, a timeout, a truncated body and bad JSON when safe', async () => {
    server.script(
      { reset: true },
      { delayMs: 3000 },
      { truncate: true, body: { results: 'x'.repeat(200) } },
      { body: '{"not json' },
      { body: { done: true } },
    );
    const res = await client().request(req({ timeoutMs: 1000 }));
    expect(res.json()).toEqual({ done: true });
    expect(res.attempts).toBe(5);
    const reasons = seen
      .filter((e) => e.event === 'retry.scheduled')
      .map((e) => (e.payload as { reason: string }).reason);
    expect(reasons).toEqual(['HTTP_NETWORK', 'HTTP_TIMEOUT', 'HTTP_BAD_BODY', 'HTTP_BAD_BODY']);
  });

  it('retries a refused connection even for never-retry requests (it never reached the server)', async () => {
    const url = server.url;
    await server.close();
    const http = client({ maxAttempts: 3 });
    const error = await rejection(http.request(req({ url: `${url}/x`, method: 'POST', retry: 'never' })));
    expect(error.code).toBe('HTTP_NETWORK');
    expect(error.message).toContain('ECONNREFUSED');
    expect(http.callCounts().hubspot).toBe(3);
    server = await startFaultServer();
  });

  it('honours Retry-After on 429 (seconds and HTTP date), also for never-retry requests', async () => {
    server.script(
      { status: 429, headers: { 'retry-after': '3' }, body: { policyName: 'TEN_SECONDLY_ROLLING' } },
      { status: 429, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }, body: {} },
      { status: 200, body: {} },
    );
    const res = await client().request(req({ method: 'POST', retry: 'never', body: '{}' }));
    expect(res.attempts).toBe(3);
    expect(clock.sleeps[0]).toBe(3000);
    expect(clock.sleeps[1]).toBeGreaterThan(55_000);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(60_000);
  });

  it('waits out the window on TEN_SECONDLY_ROLLING and ≥1 s on a search SECONDLY 429 without Retry-After', async () => {
    const limiter = createHubSpotLimiter({ clock, windowMs: 10_000 });
    server.script(
      {
        status: 429,
        body: {
          policyName: 'TEN_SECONDLY_ROLLING',
          message: 'You have reached your ten_secondly_rolling limit.',
        },
      },
      { status: 200, body: {} },
      { status: 429, body: { message: 'You have reached your secondly limit.', policyName: 'SECONDLY' } },
      { status: 200, body: {} },
    );
    // RecordingClock shortens the client's sleep; the limiter waits in real time, so keep its windows short here.
    const realLimiter = createHubSpotLimiter({
      clock: systemClock,
      events,
      windowMs: 200,
      searchWindowMs: 100,
    });
    const http = client({ limiters: { hubspot: realLimiter } });
    await http.request(req());
    await http.request(req({ method: 'POST', bucket: 'search', body: '{}' }));
    expect(clock.sleeps).toEqual([200, 100]);
    expect(limiter.windowMs('burst')).toBe(10_000);
    expect(limiter.windowMs('search')).toBe(1_000);
    const waits = seen.filter((e) => e.event === 'ratelimit.wait');
    expect(waits.length).toBeGreaterThan(0);
  });

  it('throws HUBSPOT_DAILY_LIMIT with the portal midnight instead of sleeping, and refuses later calls', async () => {
    const limiter = createHubSpotLimiter({ clock, timeZone: 'America/New_York' });
    server.script({
      status: 429,
      body: { policyName: 'DAILY', message: 'You have reached your daily limit.' },
    });
    const http = client({ limiters: { hubspot: limiter } });
    const error = await rejection(http.request(req()));
    expect(error.code).toBe('HUBSPOT_DAILY_LIMIT');
    const resumeAtMs = error.details['resumeAtMs'] as number;
    expect(resumeAtMs).toBeGreaterThan(Date.now());
    expect(resumeAtMs - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(new Date(resumeAtMs).toLocaleTimeString('en-GB', { timeZone: 'America/New_York' })).toBe(
      '00:00:00',
    );
    expect((await rejection(http.request(req()))).code).toBe('HUBSPOT_DAILY_LIMIT');
    expect(server.requests).toHaveLength(1);
  });

  it('waits ≥2 s on 423 and honours Retry-After on 477; a very long 477 throws with resumeAtMs', async () => {
    server.script(
      { status: 423 },
      { status: 477, headers: { 'retry-after': '5' } },
      { status: 200, body: {} },
      { status: 477, headers: { 'retry-after': '3600' } },
    );
    const http = client();
    const res = await http.request(req({ method: 'POST', retry: 'never', body: '{}' }));
    expect(res.attempts).toBe(3);
    expect(clock.sleeps).toEqual([2000, 5000]);
    const error = await rejection(http.request(req()));
    expect(error.code).toBe('HUBSPOT_MIGRATION_IN_PROGRESS');
    expect(error.details['resumeAtMs']).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('turns a HubSpot 401 into AuthError HUBSPOT_AUTH_INVALID without retrying; QAD 401 is returned', async () => {
    server.script({ status: 401, body: { category: 'INVALID_AUTHENTICATION' } }, { status: 401, body: {} });
    const error = await rejection(client().request(req()));
    expect(error.code).toBe('HUBSPOT_AUTH_INVALID');
    expect(error.kind).toBe('auth');
    const qad = await client().request(req({ system: 'qad' }));
    expect(qad.status).toBe(401);
    expect(server.requests).toHaveLength(2);
  });

  it('returns other 4xx as responses for the connector to read', async () => {
    server.script({ status: 400, body: { category: 'VALIDATION_ERROR' } });
    const res = await client().request(req({ method: 'POST', body: '{}' }));
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ category: 'VALIDATION_ERROR' });
  });

  it('never leaks the token or query values into errors or events', async () => {
    server.fallback = { reset: true };
    const url = `${server.url}/oauth/v1/access-tokens/${TOKEN}?hapikey=${TOKEN}`;
    const error = await rejection(client({ maxAttempts: 2 }).request(req({ url })));
    const everything = JSON.stringify({ m: error.message, d: error.details, j: error.toJSON(), seen });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('hapikey');
    expect(error.message).toContain('HubSpot GET /oauth/v1/access-tokens/***');
    expect(seen.filter((e) => e.event === 'http.request')).toHaveLength(2);
  });

  it('aborts waiting and retrying when the caller signal fires', async () => {
    server.fallback = { status: 503 };
    const controller = new AbortController();
    const slowClock = new RecordingClock(60_000);
    const http = createHttpClient({
      clock: slowClock,
      events,
      random: () => 1,
      backoff: { baseDelayMs: 60_000 },
    });
    const pending = http.request(req({ signal: controller.signal }));
    await events.once('retry.scheduled');
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
