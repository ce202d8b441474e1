/**
 * `hooks.onDashboard: true`: the webhook receiver served on the dashboard's listener, through what
 * `ml-connector run` starts (`startListeners`: the change events and the dashboard of a real app).
 * The HubSpot sandbox signs with the app's client secret and posts to the dashboard's URL: 204 and
 * the event in the ledger's inbox, then the deal's order; a forged post is refused with 401 and
 * stores nothing; the rest of the dashboard still asks for its login.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { createRuntimeCache, type RuntimeCache } from '../../src/app/runtime-cache.js';
import { startListeners, type RunListeners } from '../../src/cli/commands/run.js';
import { runPass } from '../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { dealParties, dealSpecs, moveDeals, seedDeals } from '../helpers/deals.js';
import { control, openSandboxApp, type SandboxApp } from '../helpers/sandbox-app.js';
import { until } from '../helpers/until.js';
import { pointWebhooksAt } from '../helpers/webhooks.js';

const SECRET = 'dashboard-hooks-client-secret-0123456789';
const TOKEN = 'dashboard-hooks-token-abcdefgh-0123456789-XYZ';

describe('change events: push on the dashboard listener (hooks.onDashboard)', () => {
  let hubspot: HubSpotSandbox;
  let qad: QadSandbox;
  let opened: SandboxApp;
  let listeners: RunListeners;
  let hookUrl = '';
  /** Evented order runs wait for this, so the test sees the event in the inbox first. */
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });

  beforeAll(async () => {
    hubspot = await startHubSpotSandbox();
    qad = await startQadSandbox({ seed: 7, accounts: 30, items: 20 });
    opened = await openSandboxApp(
      { hubspot, qad },
      {
        hubspotExtra: 'changeEvents: { mode: push, webhookSecret: env:ACME_HS_WEBHOOK_SECRET }',
        extraEnv: { ACME_HS_WEBHOOK_SECRET: SECRET, ML_DASHBOARD_TOKEN: TOKEN },
        extraYaml: [
          'dashboard: { port: 0, host: 127.0.0.1, token: env:ML_DASHBOARD_TOKEN }',
          'hooks: { onDashboard: true }',
        ].join('\n'),
      },
    );
    const master = await runPass(opened.rt, {
      registry: defaultFlowRegistry(),
      flows: ['accounts', 'catalog'],
    });
    expect(master.flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);
    const real = createRuntimeCache(opened.app);
    const runtimes: RuntimeCache = {
      get: async (name) => {
        await gate;
        return real.get(name);
      },
      ready: () => real.ready(),
    };
    listeners = await startListeners(opened.app, { runtimes, scheduler: { nextRuns: () => [] } });
    expect(listeners.hooksUrl).toBeNull(); // no listener of its own
    expect(listeners.dashboardUrl).not.toBeNull();
    hookUrl = `${String(listeners.dashboardUrl).replace(/\/$/, '')}/hooks/hubspot`;
    await pointWebhooksAt(hubspot.url, hookUrl, SECRET);
  }, 120_000);

  afterAll(async () => {
    openGate();
    await listeners?.close();
    await opened?.close();
    await hubspot?.close();
    await qad?.close();
  });

  it('a forged webhook is refused with 401 and stores nothing; signed with the secret it is stored; the dashboard still needs its login', async () => {
    const body = JSON.stringify([
      { eventId: 777, subscriptionType: 'deal.propertyChange', objectId: 4242, propertyName: 'dealstage' },
    ]);
    const ts = String(Date.now());
    const sign = (secret: string): string =>
      createHmac('sha256', secret).update(`POST${hookUrl}${body}${ts}`).digest('base64');
    const post = (signature: string): Promise<Response> =>
      fetch(hookUrl, {
        method: 'POST',
        headers: { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': ts },
        body,
      });
    expect((await post(sign('not-the-client-secret'))).status).toBe(401);
    expect(await opened.app.store.pendingChangeEvents('acme', 'deals', 10)).toEqual([]);
    // the same body signed with the client secret passes: the refusal was the signature's
    expect((await post(sign(SECRET))).status).toBe(204);
    expect(await opened.app.store.pendingChangeEvents('acme', 'deals', 10)).toMatchObject([
      { eventId: '777', objectId: '4242' },
    ]);
    const dashboard = String(listeners.dashboardUrl).replace(/\/$/, '');
    expect((await fetch(`${dashboard}/api/health`)).status).toBe(401);
  });

  it('a signed webhook is answered 204 and stored in the inbox, then becomes the order', async () => {
    const [seeded] = await seedDeals(hubspot.url, dealSpecs(await dealParties(hubspot.url, qad.origin), 1));
    const id = seeded?.id ?? '';
    await moveDeals(hubspot.url, [id]);
    const delivery = await until('a delivery', async () => {
      const s = await control<{ deliveries: { status: number | string }[] }>(
        hubspot.url,
        'GET',
        '/_sandbox/webhooks',
      );
      return s.deliveries[0];
    });
    expect(delivery.status).toBe(204);
    const pending = await opened.app.store.pendingChangeEvents('acme', 'deals', 10);
    expect(pending.map((e) => [e.objectId, e.source])).toContainEqual([id, 'webhook']);
    openGate();
    const number = await until(`order number on deal ${id}`, async () => {
      const deals = await control<{ results: { id: string; properties: Record<string, string> }[] }>(
        hubspot.url,
        'GET',
        '/_sandbox/objects/deals',
      );
      return deals.results.find((d) => d.id === id)?.properties['qad_order_number'] || undefined;
    });
    expect(number).toMatch(/^HS/);
    expect(await opened.app.store.pendingChangeEvents('acme', 'deals', 10)).toEqual([]);
  }, 60_000);
});
