/**
 * Pull mode end to end: the connector makes sure of its journal subscription with the project
 * app's client credentials, reads the journal with its own cursor in the ledger, and closed-won
 * deals become exactly one QAD order each within the poll interval plus seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { startChangeEvents, type ChangeEventsHandle } from '../../src/changes/start.js';
import { runPass } from '../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { until } from '../helpers/until.js';
import { control, openSandboxApp, type SandboxApp } from '../helpers/sandbox-app.js';
import { dealParties, dealSpecs, moveDeals, seedDeals } from '../helpers/deals.js';

describe('change events: pull (webhooks journal)', () => {
  let hubspot: HubSpotSandbox;
  let qad: QadSandbox;
  let opened: SandboxApp;
  let changes: ChangeEventsHandle | null = null;

  beforeAll(async () => {
    hubspot = await startHubSpotSandbox();
    qad = await startQadSandbox({ seed: 7, accounts: 30, items: 20 });
    await control(hubspot.url, 'POST', '/_sandbox/app', { clientId: 'app-1', clientSecret: 'app-secret-1' });
    opened = await openSandboxApp(
      { hubspot, qad },
      {
        hubspotExtra:
          "changeEvents: { mode: pull, appClientId: 'app-1', appClientSecret: env:ACME_APP_SECRET, journalPollMs: 1000 }",
        extraEnv: { ACME_APP_SECRET: 'app-secret-1' },
      },
    );
    const master = await runPass(opened.rt, {
      registry: defaultFlowRegistry(),
      flows: ['accounts', 'catalog'],
    });
    expect(master.flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);
  }, 120_000);

  afterAll(async () => {
    await changes?.stop();
    await opened?.close();
    await hubspot?.close();
    await qad?.close();
  });

  it('subscribes once, reads the journal after its cursor and makes one order per closed-won deal', async () => {
    const parties = await dealParties(hubspot.url, qad.origin);
    changes = await startChangeEvents(opened.app, { runtime: () => Promise.resolve(opened.rt) });
    await until('the journal subscription', async () => {
      const s = await control<{ journal: { subscriptions: unknown[] } }>(
        hubspot.url,
        'GET',
        '/_sandbox/webhooks',
      );
      return s.journal.subscriptions.length === 1 ? true : undefined;
    });
    const ids = (await seedDeals(hubspot.url, dealSpecs(parties, 2))).map((d) => d.id);
    const closedAt = Date.now();
    await moveDeals(hubspot.url, ids);
    for (const id of ids)
      await until(`order for ${id}`, async () => {
        const deals = await control<{ results: { id: string; properties: Record<string, string> }[] }>(
          hubspot.url,
          'GET',
          '/_sandbox/objects/deals',
        );
        return deals.results.find((d) => d.id === id)?.properties['qad_order_number'] || undefined;
      });
    expect(Date.now() - closedAt).toBeLessThan(1000 + 5000);
    for (const id of ids) {
      const { salesOrders } = await control<{ salesOrders: unknown[] }>(
        qad.origin,
        'GET',
        `/_sandbox/sales-orders?purchaseOrder=HS-${id}`,
      );
      expect(salesOrders).toHaveLength(1);
    }
    expect(await opened.app.store.getChangeCursor('acme', 'journal')).not.toBeNull();

    // A restart keeps the subscription (no second one) and the cursor (no event read twice as new).
    await changes.stop();
    changes = await startChangeEvents(opened.app, { runtime: () => Promise.resolve(opened.rt) });
    await new Promise((r) => setTimeout(r, 1500));
    const s = await control<{ journal: { subscriptions: unknown[] } }>(
      hubspot.url,
      'GET',
      '/_sandbox/webhooks',
    );
    expect(s.journal.subscriptions).toHaveLength(1);
    expect(await opened.app.store.pendingChangeEvents('acme', 'deals', 10)).toEqual([]);
  }, 60_000);
});
