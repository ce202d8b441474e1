/** The JSON API over a seeded SQLite store (/metrics: metrics.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startHarness, TOKEN, XSS, type Harness } from './harness.js';

describe('JSON API', () => {
  let h: Harness;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const get = async (path: string): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(h.dashboard.url + path, { headers: auth });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('/api/health: failing, paused for the daily limit, pending; lag, next run, throughput', async () => {
    const { status, json } = await get('/api/health');
    expect(status).toBe(200);
    const flows = json['flows'] as Record<string, unknown>[];
    const row = (c: string, f: string): Record<string, unknown> | undefined =>
      flows.find((r) => r['connection'] === c && r['flow'] === f);
    expect(row('acme', 'accounts')).toMatchObject({
      status: 'attention',
      failing: 1,
      inSync: 1,
      nextRunAtMs: Date.UTC(2026, 5, 1, 12, 10),
      lagMs: 30 * 60_000 - 10_000, // last ok run ended 29m50s ago
      throughputPerSec: 10.4,
    });
    expect(row('acme', 'contacts')).toMatchObject({ status: 'pending', quarantined: 1 });
    expect(row('beta', 'accounts')).toMatchObject({
      status: 'paused',
      pausedUntilMs: Date.UTC(2026, 5, 1, 13),
    });
    expect((row('acme', 'accounts')?.['history'] as unknown[]).length).toBe(5);
  });

  it('/api/errors filters by state, flow and text', async () => {
    const keys = async (qs: string): Promise<string[]> =>
      ((await get(`/api/errors${qs}`)).json['records'] as { sourceKey: string }[])
        .map((r) => r.sourceKey)
        .sort();
    expect(await keys('')).toEqual([`10USA/${XSS}`, '10USA/C2000']);
    expect(await keys('?state=failed')).toEqual(['10USA/C2000']);
    expect(await keys('?state=quarantined&flow=contacts')).toEqual([`10USA/${XSS}`]);
    expect(await keys('?flow=catalog')).toEqual([]);
    expect(await keys('?q=not%20an%20email')).toEqual([`10USA/${XSS}`]);
    expect(await keys('?state=all&q=c1000')).toEqual(['10USA/C1000']);
    expect((await get('/api/errors?state=bogus')).status).toBe(400);
    expect((await get('/api/errors?flow=bogus')).status).toBe(400);
  });

  it('/api/records/:key/audit returns the history of a key containing a slash', async () => {
    const { status, json } = await get(`/api/records/${encodeURIComponent('10USA/C2000')}/audit`);
    expect(status).toBe(200);
    expect(json['link']).toMatchObject({ state: 'failed', flow: 'accounts' });
    expect((json['events'] as { action: string }[]).map((e) => e.action)).toEqual(['failed']);
  });

  it('/api/runs and /api/rate-budget', async () => {
    const runs = (await get('/api/runs?connection=acme&flow=accounts&limit=2')).json['runs'] as {
      id: string;
    }[];
    expect(runs.map((r) => r.id)).toEqual(['run-acc-4', 'run-acc-3']);
    expect((await get('/api/runs?limit=0')).status).toBe(400);
    const portals = (await get('/api/rate-budget')).json['portals'] as { portalId: number }[];
    expect(portals.map((p) => p.portalId)).toEqual([111, 222]);
  });

  it('POST /api/replay validates the request, replays, and returns the new link state', async () => {
    const post = (body: unknown): Promise<Response> =>
      fetch(`${h.dashboard.url}/api/replay`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ connection: 'acme', flow: 'nope', sourceKey: 'x' })).status).toBe(400);
    expect((await post({ connection: 'acme' })).status).toBe(400);
    const res = await post({ connection: 'acme', flow: 'accounts', sourceKey: '10USA/C2000' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      replayed: 1,
      ok: 1,
      failed: 0,
      link: { state: 'ok', lastError: null },
    });
    const history = (await get(`/api/records/${encodeURIComponent('10USA/C2000')}/audit`)).json['events'] as {
      action: string;
    }[];
    expect(history.map((e) => e.action)).toEqual(['failed', 'replayed']);
  });

  it('POST /replay without script: replays every failed record of a connection, redirects with the result', async () => {
    const { cookie, csrf } = await login(h.dashboard.url);
    const before = h.replayCalls.length;
    const res = await fetch(`${h.dashboard.url}/replay`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Cookie: cookie,
        Origin: h.dashboard.url,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: csrf, failed: 'true', connection: 'acme' }),
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/errors\?/);
    expect(h.replayCalls.slice(before)).toEqual([{ failed: true, connection: 'acme' }]);
    const page = await (await fetch(h.dashboard.url + location, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/Replayed \d+: \d+ ok, 0 still failing/);
  });
});
