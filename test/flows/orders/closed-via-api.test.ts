/**
 * `flows.orders.since` with deals closed through HubSpot's public API, not the sandbox's control
 * API: HubSpot stamps `closedate` when a deal enters a closed stage without one, so a deal created
 * long before the cutoff but won after it becomes an order (its order date is the close date),
 * while one won before the cutoff does not — even when it was modified since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPass } from '../../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../../src/flows/index.js';
import { dealParties, dealSpecs, seedDeals } from '../../helpers/deals.js';
import { startHarness, type Harness } from '../harness.js';

const DAY = 86_400_000;
const cutoffDay = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);

describe('orders cutoff with deals closed through the public API', () => {
  let h: Harness;
  const patchDeal = async (id: string, properties: Record<string, string>): Promise<void> => {
    const res = await fetch(`${h.hubspot.url}/crm/objects/2026-03/deals/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${h.hubspot.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties }),
    });
    expect(res.status).toBe(200);
  };
  const sandboxTime = (offsetMs: number) => h.hs('POST', '/_sandbox/clock', { offsetMs });

  beforeAll(async () => {
    h = await startHarness({ accounts: 30, items: 20, flowsYaml: `      orders: { since: '${cutoffDay}' }` });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a deal won after the cutoff becomes an order dated on its close; one won before does not', async () => {
    const registry = defaultFlowRegistry();
    await runPass(h.rt, { registry, flows: ['accounts', 'catalog'] });
    const parties = await dealParties(h.hubspot.url, h.qad.origin);
    await sandboxTime(-30 * DAY);
    const [wonNow, wonBefore] = (await seedDeals(h.hubspot.url, dealSpecs(parties, 2))) as [
      { id: string },
      { id: string },
      ...unknown[],
    ];
    await sandboxTime(-20 * DAY);
    await patchDeal(wonBefore.id, { dealstage: 'closedwon' });
    // both were modified recently (past the search's safety lag): the cutoff, not the cursor, decides
    await sandboxTime(-120_000);
    await patchDeal(wonNow.id, { dealstage: 'closedwon' });
    await patchDeal(wonBefore.id, { description: 'signed copy filed' });

    const pass = await runPass(h.rt, { registry, flows: ['orders'] });
    expect(pass.flows[0]).toMatchObject({ outcome: 'ok' });
    expect(pass.flows[0]?.counts.created).toBe(1);
    const orders = async (dealId: string) =>
      (
        await h.qadControl<{ salesOrders: Record<string, unknown>[] }>(
          'GET',
          `/_sandbox/sales-orders?purchaseOrder=HS-${dealId}`,
        )
      ).salesOrders;
    const deals = (
      await h.hs<{ results: { id: string; properties: Record<string, string> }[] }>(
        'GET',
        '/_sandbox/objects/deals',
      )
    ).results;
    const closedate = (id: string) => deals.find((d) => d.id === id)?.properties['closedate'] ?? '';
    expect(Date.parse(closedate(wonNow.id))).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(Date.parse(closedate(wonBefore.id))).toBeLessThan(Date.parse(cutoffDay));

    const [order] = await orders(wonNow.id);
    expect(order?.['orderDate']).toBe(closedate(wonNow.id).slice(0, 10));
    expect(await orders(wonBefore.id)).toEqual([]);
  });
});
