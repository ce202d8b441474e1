/**
 * End to end through the real composition (openApp + buildRuntime + the default flow registry):
 * the accounts and catalog flows sync QAD into HubSpot, deals are built on those companies and
 * products, and the orders flow turns the closed-won ones into QAD orders exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPropertyBootstrapCache } from '../../src/engine/properties.js';
import { runPass } from '../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { dealParties, seedDeals } from '../flows/deal-seed.js';
import { startHarness, type Harness } from '../flows/harness.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

describe('e2e: master data, then closed-won deals → QAD orders', () => {
  let h: Harness;
  beforeAll(async () => {
    resetPropertyBootstrapCache();
    h = await startHarness({ accounts: 30, items: 20 });
    // HubSpot's clock runs 2 minutes behind: the deals' modified dates are past the search safety lag.
    await h.hs('POST', '/_sandbox/clock', { offsetMs: -120_000 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates one order per closed-won deal on synced companies and products, and none on re-runs', async () => {
    const registry = defaultFlowRegistry();
    const master = await runPass(h.rt, { registry, flows: ['accounts', 'catalog'] });
    expect(master.flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);

    const parties = await dealParties(h);
    const company = parties.company;
    const deals = await seedDeals(h, parties, 3);
    for (const d of deals) await h.hs('POST', `/_sandbox/deals/${d.id}/stage`, { stageId: 'closedwon' });

    const pass = await runPass(h.rt, { registry, flows: ['orders'] });
    expect(pass.flows[0]).toMatchObject({ outcome: 'ok', error: null });
    expect(pass.flows[0]?.counts.created).toBe(3);
    for (const d of deals) {
      const { salesOrders } = await h.qadControl<{ salesOrders: Record<string, unknown>[] }>(
        'GET',
        `/_sandbox/sales-orders?purchaseOrder=HS-${d.id}`,
      );
      expect(salesOrders).toHaveLength(1);
      expect(salesOrders[0]?.['soldToCustomerCode']).toBe(company.properties['qad_customer_code']);
      expect(salesOrders[0]?.['lines']).toHaveLength(2);
      const deal = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/deals')).results.find(
        (x) => x.id === d.id,
      );
      expect(deal?.properties['qad_order_number']).toBe(salesOrders[0]?.['salesOrderNumber']);
      expect(deal?.properties['qad_sync_status']).toBe('synced');
    }

    const again = await runPass(h.rt, { registry });
    expect(again.flows.find((f) => f.flow === 'orders')?.counts.created).toBe(0);
    const all = await h.qadControl<{ salesOrders: unknown[] }>('GET', '/_sandbox/sales-orders');
    expect(all.salesOrders).toHaveLength(3);
  });
});
