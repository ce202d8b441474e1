/** The sandbox's change events: signed batched webhooks, retries, the journal, search-visibility jitter. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function receiver(answer: () => number): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hubspot`, got };
}

const until = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('HubSpot sandbox change events', () => {
  let hs: HubSpotSandbox;
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hs.url}/_sandbox/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const api = async (method: string, path: string, body?: unknown, token = hs.token) => {
    const res = await fetch(`${hs.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      body: (res.status === 204 ? {} : await res.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    hs = await startHubSpotSandbox();
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('posts signed batches of subscribed deal events and retries a failing receiver', async () => {
    await control('POST', 'reset');
    const answers = [500, 200];
    const r = await receiver(() => answers.shift() ?? 200);
    try {
      await control('POST', 'webhooks', {
        targetUrl: r.url,
        clientSecret: 'shh',
        retryBaseMs: 50,
        batchWindowMs: 300,
        subscriptions: [
          { subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' },
          { subscriptionType: 'deal.creation' },
        ],
      });
      const created = await api('POST', '/crm/v3/objects/deals', {
        properties: { dealname: 'D', dealstage: 'appointmentscheduled' },
      });
      const id = String(created.body['id']);
      await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { dealstage: 'closedwon' } });
      await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { dealname: 'no event' } });
      await until(() => r.got.length >= 2);
      const [first, second] = r.got as [Received, Received];
      const events = JSON.parse(second.body) as Record<string, unknown>[];
      expect(events.map((e) => e['subscriptionType']).sort()).toEqual([
        'deal.creation',
        'deal.propertyChange',
      ]);
      expect(events.every((e) => e['attemptNumber'] === 1 && e['objectId'] === Number(id))).toBe(true);
      expect(events.find((e) => e['propertyName'] === 'dealstage')?.['propertyValue']).toBe('closedwon');
      expect(JSON.parse(first.body)).toEqual(events.map((e) => ({ ...e, attemptNumber: 0 })));
      for (const got of [first, second]) {
        const ts = String(got.headers['x-hubspot-request-timestamp']);
        const expected = createHmac('sha256', 'shh').update(`POST${r.url}${got.body}${ts}`).digest('base64');
        expect(got.headers['x-hubspot-signature-v3']).toBe(expected);
      }
      const state = await control('GET', 'webhooks');
      expect((state['deliveries'] as { status: number }[]).map((d) => d.status)).toEqual([500, 200]);
    } finally {
      r.server.close();
    }
  });

  it('serves no events without a configured app (a service key)', async () => {
    await control('POST', 'reset');
    await api('POST', '/crm/v3/objects/deals', { properties: { dealname: 'quiet', dealstage: 'closedwon' } });
    const state = await control('GET', 'webhooks');
    expect(state['settings']).toBeNull();
    expect(state['deliveries']).toEqual([]);
  });

  it('journal: client-credentials token, subscription, then entries read after an offset', async () => {
    await control('POST', 'reset');
    await control('POST', 'app', { clientId: 'cid', clientSecret: 'csec' });
    const tokenRes = await fetch(`${hs.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'cid',
        client_secret: 'csec',
      }),
    });
    const cc = String(((await tokenRes.json()) as Record<string, unknown>)['access_token']);
    const bad = await fetch(`${hs.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'no' }),
    });
    expect(bad.status).toBe(400);
    const sub = await api(
      'POST',
      '/webhooks-journal/subscriptions/2026-03',
      { subscriptionType: 'OBJECT', objectTypeId: '0-3', actions: ['UPDATE'], properties: ['dealstage'] },
      cc,
    );
    expect(sub.status).toBe(201);
    expect((await api('GET', '/webhooks-journal/journal-local/2026-03/earliest', undefined, cc)).status).toBe(
      204,
    );
    const created = await api('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'J', dealstage: 'appointmentscheduled' },
    });
    const id = String(created.body['id']);
    await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { dealstage: 'closedwon' } });
    const first = await api('GET', '/webhooks-journal/journal-local/2026-03/earliest', undefined, cc);
    expect(first.status).toBe(200);
    const results = first.body['results'] as Record<string, unknown>[];
    expect(results).toMatchObject([
      { objectId: id, action: 'UPDATE', propertyName: 'dealstage', propertyValue: 'closedwon' },
    ]);
    const after = await api(
      'GET',
      `/webhooks-journal/journal-local/2026-03/offset/${String(first.body['offset'])}/next`,
      undefined,
      cc,
    );
    expect(after.status).toBe(204);
    expect(
      (await api('GET', '/webhooks-journal/journal-local/2026-03/offset/nope/next', undefined, cc)).status,
    ).toBe(404);
    // the CRM token holds no journal scope
    expect((await api('GET', '/webhooks-journal/journal-local/2026-03/earliest')).status).toBe(403);
  });

  it('delays search visibility by a random 0–N ms per write', async () => {
    let now = Date.parse('2026-03-02T15:00:00.000Z');
    const lagged = await startHubSpotSandbox({ clock: () => now, indexingJitterMs: 10_000 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${lagged.url}/crm/v3/objects/deals`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${lagged.token}` },
          body: JSON.stringify({ properties: { dealname: `L${i}` } }),
        });
        ids.push(String(((await res.json()) as Record<string, unknown>)['id']));
      }
      const visible = async () => {
        const res = await fetch(`${lagged.url}/crm/v3/objects/deals/search`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${lagged.token}` },
          body: JSON.stringify({ limit: 100 }),
        });
        return Number(((await res.json()) as Record<string, unknown>)['total']);
      };
      const seen: number[] = [await visible()];
      for (const step of [2_500, 2_500, 2_500, 2_600]) {
        now += step;
        seen.push(await visible());
      }
      expect(seen[0]).toBeLessThan(20);
      expect(seen[2]).toBeGreaterThan(0);
      expect(seen[4]).toBe(20);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    } finally {
      await lagged.close();
    }
  });
});
