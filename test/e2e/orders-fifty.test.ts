/**
 * Issue #6's acceptance run through the real CLI: 50 deals moved to closed-won become 50 QAD
 * orders with the right lines, amounts and currency, and each order number is written back onto
 * its deal. A second run creates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveDeals, seedDeals } from '../helpers/deals.js';
import { startCliHarness, usdCustomerCompany, type CliHarness } from './cli-harness.js';

const DEALS = 50;
let h: CliHarness;

beforeAll(async () => {
  h = await startCliHarness({ seed: 5, accounts: 25, items: 20 });
});

afterAll(async () => {
  await h?.close();
});

describe('50 closed-won deals through the CLI', () => {
  it('creates 50 orders with the right lines, amounts and currency, and writes the numbers back', async () => {
    expect((await h.cli('sync', 'accounts', 'catalog', '--json')).code).toBe(0);
    const company = await usdCustomerCompany(h);
    const products = (await h.objects('products')).filter(
      (p) => !p.archived && p.properties['qad_uom'] === 'EA',
    );
    expect(products.length).toBeGreaterThanOrEqual(3);
    const price = (i: number): number => Number(products[i % products.length]?.properties['price']);

    // Deal n has 1–3 lines on different products, quantities n%4+1.
    const specs = Array.from({ length: DEALS }, (_, n) =>
      Array.from({ length: (n % 3) + 1 }, (_, k) => ({
        product: products[(n + k) % products.length],
        quantity: ((n + k) % 4) + 1,
        price: price(n + k),
      })),
    );
    const seeded = await seedDeals(
      h.hubspot.url,
      specs.map((lines, n) => ({
        name: `Fifty ${n}`,
        stage: 'appointmentscheduled',
        companyId: company.id,
        lines: lines.map((l) => ({ productId: l.product?.id ?? '', quantity: l.quantity, price: l.price })),
      })),
    );
    expect(seeded).toHaveLength(DEALS);
    await moveDeals(
      h.hubspot.url,
      seeded.map((d) => d.id),
    );

    const run = await h.cli('sync', 'orders', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ flows: { orders: { created: DEALS, failed: 0 } } });

    const deals = new Map((await h.objects('deals')).map((d) => [d.id, d]));
    for (const [n, d] of seeded.entries()) {
      const orders = await h.ordersOfDeal(d.id);
      expect(orders, `deal ${d.id}`).toHaveLength(1);
      const order = orders[0] ?? {};
      expect(order['soldToCustomerCode']).toBe(company.properties['qad_customer_code']);
      expect(order['currencyCode']).toBe('USD');
      const lines = (order['lines'] as Record<string, unknown>[]).map((l) => ({
        item: l['itemCode'],
        quantity: Number(l['quantityOrdered']),
        price: Number(l['netPrice']),
      }));
      expect(lines).toEqual(
        (specs[n] ?? []).map((l) => ({
          item: l.product?.properties['hs_sku'],
          quantity: l.quantity,
          price: l.price,
        })),
      );
      const total = lines.reduce((sum, l) => sum + l.quantity * l.price, 0);
      expect(total.toFixed(2)).toBe(deals.get(d.id)?.properties['amount']);
      expect(deals.get(d.id)?.properties['qad_order_number']).toBe(order['salesOrderNumber']);
      expect(deals.get(d.id)?.properties['qad_sync_status']).toBe('synced');
    }

    const again = await h.cli('sync', 'orders', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ flows: { orders: { created: 0 } } });
    expect(
      (await h.qadControl<{ salesOrders: unknown[] }>('GET', '/_sandbox/sales-orders')).salesOrders,
    ).toHaveLength(DEALS);
  });
});
