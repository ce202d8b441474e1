/**
 * Push mode end to end over the real composition: the HubSpot sandbox posts signed webhooks to the
 * receiver `startChangeEvents` serves; closed-won deals become exactly one QAD order each within
 * seconds; forged and stale requests are refused and logged; a receiver outage is covered by
 * HubSpot's retries; events stored before a crash are turned into orders after the restart.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { startChangeEvents, type ChangeEventsHandle } from '../../src/changes/start.js';
import { runPass } from '../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { until } from '../helpers/until.js';
import { control, openSandboxApp, type SandboxApp } from '../helpers/sandbox-app.js';
import { dealParties, dealSpecs, moveDeals, seedDeals, type DealParties } from '../helpers/deals.js';
import { pointWebhooksAt } from '../helpers/webhooks.js';

const SECRET = 'push-test-client-secret-0123456789';

/** A front HubSpot posts to: forwards to the receiver, or answers 503 while "down". */
async function front(
  target: () => string,
): Promise<{ server: Server; url: string; down: { value: boolean } }> {
  const down = { value: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (down.value) return void res.writeHead(503).end();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const h of ['x-hubspot-signature-v3', 'x-hubspot-request-timestamp'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      fetch(target(), { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then((r) => res.writeHead(r.status).end())
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hubspot`, down };
}

describe('change events: push', () => {
  let hubspot: HubSpotSandbox;
  let qad: QadSandbox;
  let opened: SandboxApp;
  let parties: DealParties;
  let gate: Awaited<ReturnType<typeof front>>;
  let changes: ChangeEventsHandle | null = null;
  const logs: Record<string, unknown>[] = [];

  const ordersFor = async (dealId: string) =>
    (
      await control<{ salesOrders: Record<string, unknown>[] }>(
        qad.origin,
        'GET',
        `/_sandbox/sales-orders?purchaseOrder=HS-${dealId}`,
      )
    ).salesOrders;

  const orderOnDeal = async (dealId: string) => {
    const deals = await control<{ results: { id: string; properties: Record<string, string> }[] }>(
      hubspot.url,
      'GET',
      '/_sandbox/objects/deals',
    );
    return deals.results.find((d) => d.id === dealId)?.properties['qad_order_number'] || undefined;
  };

  beforeAll(async () => {
    hubspot = await startHubSpotSandbox();
    qad = await startQadSandbox({ seed: 7, accounts: 30, items: 20 });
    gate = await front(() => changes?.url ?? 'http://127.0.0.1:1/');
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    opened = await openSandboxApp(
      { hubspot, qad },
      {
        hubspotExtra: 'changeEvents: { mode: push, webhookSecret: env:ACME_HS_WEBHOOK_SECRET }',
        extraEnv: { ACME_HS_WEBHOOK_SECRET: SECRET },
        extraYaml: `hooks: { port: 0, publicUrl: '${gate.url}' }`,
        logs: sink,
      },
    );
    const master = await runPass(opened.rt, {
      registry: defaultFlowRegistry(),
      flows: ['accounts', 'catalog'],
    });
    expect(master.flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);
    parties = await dealParties(hubspot.url, qad.origin);
    await pointWebhooksAt(hubspot.url, gate.url, SECRET, [
      { subscriptionType: 'company.propertyChange', propertyName: 'name' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await changes?.stop();
    await opened?.close();
    gate?.server.close();
    await hubspot?.close();
    await qad?.close();
  });

  it('turns closed-won deals into exactly one QAD order each within seconds, by id, without search', async () => {
    changes = await startChangeEvents(opened.app, { runtime: () => Promise.resolve(opened.rt) });
    expect(changes.url).toMatch(/\/hooks\/hubspot$/);
    const seeded = await seedDeals(hubspot.url, dealSpecs(parties, 3));
    const ids = seeded.map((d) => d.id);
    const searchesBefore = (await control<{ searchCalls: number }>(hubspot.url, 'GET', '/_sandbox/stats'))
      .searchCalls;
    const closedAt = Date.now();
    await moveDeals(hubspot.url, ids);
    // a company change arrives too and is ignored cleanly
    await control(hubspot.url, 'POST', '/_sandbox/seed', {
      companies: [{ properties: { name: 'Ignored Co' } }],
    });
    for (const id of ids) await until(`order number on deal ${id}`, () => orderOnDeal(id));
    const elapsed = Date.now() - closedAt;
    expect(elapsed).toBeLessThan(10_000);
    for (const id of ids) expect(await ordersFor(id)).toHaveLength(1);
    const searchesAfter = (await control<{ searchCalls: number }>(hubspot.url, 'GET', '/_sandbox/stats'))
      .searchCalls;
    expect(searchesAfter).toBe(searchesBefore);
    // HubSpot delivering the same events again makes nothing new
    const pending = await opened.app.store.pendingChangeEvents('acme', 'deals', 10);
    expect(pending).toEqual([]);
    const again = await runPass(opened.rt, { registry: defaultFlowRegistry(), flows: ['orders'] });
    expect(again.flows[0]?.counts.created).toBe(0);
    for (const id of ids) expect(await ordersFor(id)).toHaveLength(1);
  }, 60_000);

  it('refuses forged and stale webhooks with 401 and logs why', async () => {
    const body = JSON.stringify([
      { eventId: 999, subscriptionType: 'deal.propertyChange', objectId: 1, propertyName: 'dealstage' },
    ]);
    const sign = (secret: string, ts: string) =>
      createHmac('sha256', secret).update(`POST${gate.url}${body}${ts}`).digest('base64');
    const post = (sig: string, ts: string) =>
      fetch(gate.url, {
        method: 'POST',
        headers: { 'x-hubspot-signature-v3': sig, 'x-hubspot-request-timestamp': ts },
        body,
      });
    const now = String(Date.now());
    const stale = String(Date.now() - 6 * 60_000);
    expect((await post(sign('not-the-secret', now), now)).status).toBe(401);
    expect((await post(sign(SECRET, stale), stale)).status).toBe(401);
    expect((await post('', now)).status).toBe(401);
    const refusals = logs.filter((l) => l['event'] === 'hooks.refused').map((l) => l['reason']);
    expect(refusals).toEqual(expect.arrayContaining(['bad-signature', 'stale-timestamp', 'missing-headers']));
    expect(JSON.stringify(logs)).not.toContain(SECRET);
    expect(await opened.app.store.pendingChangeEvents('acme', 'deals', 10)).toEqual([]);
  });

  it('loses no deal during a receiver outage: HubSpot retries once it is back', async () => {
    const [seeded] = await seedDeals(hubspot.url, dealSpecs(parties, 1));
    const id = seeded?.id ?? '';
    gate.down.value = true;
    await moveDeals(hubspot.url, [id]);
    await until('a failed delivery', async () => {
      const s = await control<{ deliveries: { status: number }[] }>(hubspot.url, 'GET', '/_sandbox/webhooks');
      return s.deliveries.some((d) => d.status === 503) ? true : undefined;
    });
    expect(await ordersFor(id)).toHaveLength(0);
    gate.down.value = false;
    await until(`order number on deal ${id}`, () => orderOnDeal(id), 20_000);
    expect(await ordersFor(id)).toHaveLength(1);
  }, 60_000);

  it('a crash between receiving events and creating the order loses nothing', async () => {
    await changes?.stop();
    // This process stores and acknowledges events, then "crashes" before any order work.
    changes = await startChangeEvents(opened.app, {
      runtime: () => Promise.reject(new Error('simulated crash before the order run')),
    });
    const [seeded] = await seedDeals(hubspot.url, dealSpecs(parties, 1));
    const id = seeded?.id ?? '';
    await moveDeals(hubspot.url, [id]);
    await until('the event in the inbox', async () => {
      const p = await opened.app.store.pendingChangeEvents('acme', 'deals', 10);
      return p.some((e) => e.objectId === id) ? true : undefined;
    });
    await changes.stop();
    expect(await ordersFor(id)).toHaveLength(0);
    // The restarted process finds the stored event and makes the order.
    changes = await startChangeEvents(opened.app, { runtime: () => Promise.resolve(opened.rt) });
    await until(`order number on deal ${id}`, () => orderOnDeal(id));
    expect(await ordersFor(id)).toHaveLength(1);
    expect(await opened.app.store.pendingChangeEvents('acme', 'deals', 10)).toEqual([]);
  }, 60_000);
});
