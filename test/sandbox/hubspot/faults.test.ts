/** Every fault kind is observable through HTTP, and fault matching/counting works as documented. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { SandboxClient, type ErrBody } from './client.js';

describe('HubSpot sandbox faults on demand', () => {
  let hs: HubSpotSandbox;
  let api: SandboxClient;
  const list = '/crm/objects/2026-03/companies';

  beforeAll(async () => {
    hs = await startHubSpotSandbox();
    api = new SandboxClient(hs);
  });
  afterAll(async () => {
    await hs?.close();
  });
  afterEach(async () => {
    await api.control('DELETE', 'faults');
  });

  it('429 with and without Retry-After, with a policyName body', async () => {
    await api.control('POST', 'faults', {
      faults: [
        { kind: '429', retryAfterSec: 3 },
        { kind: '429', policyName: 'DAILY' },
      ],
    });
    const a = await api.call<ErrBody>('GET', list);
    const b = await api.call<ErrBody>('GET', list);
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('3');
    expect(a.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBeNull();
    expect(b.body).toMatchObject({ policyName: 'DAILY', message: 'You have reached your daily limit.' });
    expect((await api.call('GET', list)).status).toBe(200);
  });

  it('423 locked, 477 with Retry-After, and 500/502/503/504', async () => {
    const kinds = ['423', '477', '500', '502', '503', '504'];
    await api.control('POST', 'faults', { faults: kinds.map((kind) => ({ kind })) });
    const got: number[] = [];
    for (const _ of kinds) {
      const r = await api.call<ErrBody>('GET', list);
      got.push(r.status);
      if (r.status === 477) expect(r.headers.get('retry-after')).toBe('60');
      expect(r.body.status).toBe('error');
    }
    expect(got).toEqual(kinds.map(Number));
  });

  it('connection reset and truncated body make the client fail', async () => {
    await api.control('POST', 'faults', { kind: 'reset' });
    await expect(
      fetch(`${hs.url}${list}`, { headers: { authorization: `Bearer ${hs.token}` } }),
    ).rejects.toThrow();
    await api.control('POST', 'faults', { kind: 'truncated' });
    const res = await fetch(`${hs.url}${list}?limit=5`, { headers: { authorization: `Bearer ${hs.token}` } });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect((await api.call('GET', list)).status).toBe(200);
  });

  it('slow responses answer normally after the delay', async () => {
    await api.control('POST', 'faults', { kind: 'slow', delayMs: 60 });
    const started = performance.now();
    const r = await api.call('GET', list);
    expect(r.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('matches by route template and object type, honours skip and count', async () => {
    await api.control('POST', 'faults', {
      kind: '503',
      route: 'POST /crm/objects/{objectType}/batch/upsert',
      objectType: 'contacts',
      skip: 1,
      count: 2,
    });
    const upsert = (type: string) =>
      api.call('POST', `/crm/v3/objects/${type}/batch/upsert`, {
        inputs: [{ idProperty: 'email', id: 'a@b.example', properties: {} }],
      });
    expect((await api.call('GET', list)).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await upsert('contacts')).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
    const stats = await api.control<{ requests: Record<string, Record<string, number>> }>('GET', 'stats');
    expect(stats.requests['POST /crm/objects/{objectType}/batch/upsert']).toMatchObject({
      '200': 2,
      '503': 2,
    });
  });

  it('probabilistic faults fire on a deterministic share of requests', async () => {
    await api.control('POST', 'faults', { kind: '500', probability: 0.5 });
    let failed = 0;
    for (let i = 0; i < 40; i++) if ((await api.call('GET', list)).status === 500) failed++;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('rejects malformed fault rules', async () => {
    const res = await fetch(`${hs.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: '418' }),
    });
    expect(res.status).toBe(400);
  });
});
