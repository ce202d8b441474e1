/**
 * Closed-won deals → QAD orders through the real CLI on a QXtend site (orders.channel: qxtend):
 * one good deal becomes exactly one order; a deal on a product not linked to a QAD item fails with
 * its reason on the deal and in `status`, and succeeds on `replay` once the product is synced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClosedWonDeals } from '../helpers/deals.js';
import { startCliHarness, usdCustomerCompany, type CliHarness } from './cli-harness.js';

let h: CliHarness;

beforeAll(async () => {
  h = await startCliHarness({
    seed: 11,
    accounts: 20,
    items: 15,
    qadYaml: (qad) => [
      'orders: { channel: qxtend }',
      `qxtend: { url: '${qad.qxtendUrl}', receiver: QADERP }`,
    ],
  });
});

afterAll(async () => {
  await h?.close();
});

describe('orders through the CLI on a QXtend site', () => {
  it('creates one order per valid deal, reports the invalid one, and replays it once its product is synced', async () => {
    expect((await h.cli('sync', 'accounts', 'catalog', '--json')).code).toBe(0);

    const company = await usdCustomerCompany(h);
    const product = (await h.objects('products')).find(
      (p) => !p.archived && p.properties['qad_uom'] === 'EA',
    );
    if (product === undefined) throw new Error('seed lacks a USD customer or an EA item');

    // A product made by hand in HubSpot: no QAD item behind it yet.
    const handMade = await h.hs<{ products: string[] }>('POST', '/_sandbox/seed', {
      products: [{ properties: { name: 'Custom seal kit (hand-made)', price: '40.00' } }],
    });
    const handMadeId = handMade.products[0] ?? '';
    expect(handMadeId).toMatch(/^\d+$/);
    const price = Number(product.properties['price']);
    const [good, unmapped] = await seedClosedWonDeals(h.hubspot.url, [
      { name: 'good', companyId: company.id, lines: [{ productId: product.id, quantity: 2, price }] },
      { name: 'unmapped', companyId: company.id, lines: [{ productId: handMadeId, quantity: 1, price: 40 }] },
    ]);

    const first = await h.cli('sync', 'orders', '--json');
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ flows: { orders: { created: 1, failed: 1 } } });

    // the good deal: exactly one order, created through QXtend, number written back
    const orders = (dealId: string | undefined) => h.ordersOfDeal(dealId);
    expect(await orders(good)).toHaveLength(1);
    const qxtendCalls = Object.entries(
      (await h.qadControl<{ routes: Record<string, Record<string, number>> }>('GET', '/_sandbox/stats'))
        .routes,
    ).filter(([route]) => route.includes('QdocWebService'));
    expect(qxtendCalls.length).toBeGreaterThan(0);
    const dealsNow = await h.objects('deals');
    expect(dealsNow.find((d) => d.id === good)?.properties['qad_order_number']).toBe(
      (await orders(good))[0]?.['salesOrderNumber'],
    );

    // the unmapped deal: reason on the deal, failing in status, no order
    const bad = dealsNow.find((d) => d.id === unmapped);
    expect(bad?.properties['qad_sync_status']).toBe('error');
    expect(bad?.properties['qad_sync_error']).toContain(handMadeId);
    expect(await orders(unmapped)).toHaveLength(0);
    const status = JSON.parse((await h.cli('status', '--json')).stdout) as {
      flows: { flow: string; failing: number; inSync: number }[];
    };
    expect(status.flows.find((f) => f.flow === 'orders')).toMatchObject({ failing: 1, inSync: 1 });

    // ops adds the item to QAD and links the hand-made product to it; the catalog sync adopts it
    const items = (
      await h.qadControl<{ records: Record<string, unknown>[] }>('GET', '/_sandbox/records/items')
    ).records;
    const template = items.find((i) => i['itemCode'] === product.properties['hs_sku']) ?? items[0];
    await h.qadControl('POST', '/_sandbox/records/items', {
      ...template,
      itemCode: 'SEAL-KIT-01',
      description: 'Custom seal kit',
      listPrice: 40,
    });
    const itemKey = (product.properties['qad_item_key'] ?? '').replace(
      product.properties['hs_sku'] ?? '',
      'SEAL-KIT-01',
    );
    // (an admin sets the QAD key on the product in HubSpot, through the ordinary CRM API)
    const patched = await fetch(`${h.hubspot.url}/crm/v3/objects/products/${handMadeId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${h.hubspot.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { qad_item_key: itemKey } }),
    });
    expect(patched.status).toBe(200);
    expect((await h.cli('sync', 'catalog', '--json')).code).toBe(0);
    expect(
      (await h.objects('products')).filter((p) => p.properties['qad_item_key'] === itemKey).map((p) => p.id),
    ).toEqual([handMadeId]);

    const replay = await h.cli('replay', unmapped ?? '', '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      results: [{ connection: 'acme', replayed: 1, ok: 1, failed: 0 }],
    });
    expect(await orders(unmapped)).toHaveLength(1);
    expect((await h.objects('deals')).find((d) => d.id === unmapped)?.properties['qad_sync_status']).toBe(
      'synced',
    );

    // re-running everything never duplicates an order
    await h.cli('sync', '--json');
    expect(
      (await h.qadControl<{ salesOrders: unknown[] }>('GET', '/_sandbox/sales-orders')).salesOrders,
    ).toHaveLength(2);
  });
});
