import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrdersHarness, type OrdersHarness } from './harness.js';

describe('orders flow over both sandboxes (REST channel)', () => {
  let h: OrdersHarness;
  beforeAll(async () => {
    h = await startOrdersHarness('rest');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('turns N closed-won deals into N orders exactly once and writes the numbers back', async () => {
    const [p0, p1] = h.products;
    if (p0 === undefined || p1 === undefined) throw new Error('seed');
    const deals = await h.seedDeals([
      {
        amount: '30.00',
        lines: [
          { productId: p0.productId, quantity: 2, price: 10 },
          { productId: p1.productId, quantity: 1, price: 10 },
        ],
      },
      { amount: '12.50', lines: [{ productId: p1.productId, quantity: 5, price: 2.5 }] },
      { amount: '7.00', lines: [{ productId: p0.productId, quantity: 7, price: 1 }] },
      { amount: '99.00', lines: [{ productId: p0.productId, quantity: 1, price: 99 }] }, // stays open
    ]);
    const won = deals.slice(0, 3);
    for (const d of won) await h.closeWon(d.id);

    const first = await h.run();
    const result = first.flows[0];
    expect(result?.error).toBeNull();
    expect(result?.outcome).toBe('ok');
    expect(result?.counts.created).toBe(3);
    expect(result?.counts.failed).toBe(0);

    for (const d of won) {
      const orders = await h.salesOrders(`HS-${d.id}`);
      expect(orders).toHaveLength(1);
      const order = orders[0];
      expect(order?.['soldToCustomerCode']).toBe(h.customer.customerCode);
      expect(order?.['currencyCode']).toBe('USD');
      const props = await h.deal(d.id);
      expect(props['qad_order_number']).toBe(order?.salesOrderNumber);
      expect(props['qad_sync_status']).toBe('synced');
      expect(props['qad_sync_error'] ?? '').toBe('');
      const link = await h.link(d.id);
      expect(link).toMatchObject({ orderStage: 'confirmed', state: 'ok', targetId: order?.salesOrderNumber });
    }
    const firstOrder = (await h.salesOrders(`HS-${won[0]?.id ?? ''}`))[0];
    expect(firstOrder?.lines).toHaveLength(2);
    expect(firstOrder?.salesOrderNumber).toBe(`HS${won[0]?.id ?? ''}`);
    expect(Number(firstOrder?.['totalAmount'])).toBeCloseTo(30, 2);
    expect(await h.salesOrders(`HS-${deals[3]?.id ?? ''}`)).toHaveLength(0);

    // re-run: nothing new, no duplicates, no writes
    const again = await h.run();
    expect(again.flows[0]?.counts).toMatchObject({ created: 0, failed: 0 });
    expect(again.flows[0]?.counts.unchanged).toBeGreaterThanOrEqual(3);
    for (const d of won) expect(await h.salesOrders(`HS-${d.id}`)).toHaveLength(1);
  });

  it('fails a deal with an unmapped product (reason on the deal) and succeeds on replay once linked', async () => {
    const [p0] = h.products;
    if (p0 === undefined) throw new Error('seed');
    const [deal] = await h.seedDeals([
      {
        amount: '15.00',
        lines: [
          { productId: p0.productId, quantity: 1, price: 10 },
          { productId: h.unmappedProduct.productId, quantity: 1, price: 5 },
        ],
      },
    ]);
    if (deal === undefined) throw new Error('seed');
    await h.closeWon(deal.id);
    const failedRun = await h.run();
    expect(failedRun.flows[0]?.outcome).toBe('partial');
    expect(failedRun.flows[0]?.counts.failed).toBe(1);
    const props = await h.deal(deal.id);
    expect(props['qad_sync_status']).toBe('error');
    expect(props['qad_sync_error']).toContain(
      `product ${h.unmappedProduct.productId} is not linked to a QAD item`,
    );
    expect(await h.link(deal.id)).toMatchObject({
      orderStage: 'pending',
      state: 'failed',
      lastError: { code: 'ORDER_UNMAPPED_PRODUCT' },
    });
    expect(await h.salesOrders(`HS-${deal.id}`)).toHaveLength(0);

    // the next run re-validates (same facts): still failing, nothing sent to QAD; a repeat of the
    // recorded failure is not a new attempt, so the run is ok and the link keeps its reason
    const stillFailing = await h.run();
    expect(stillFailing.flows[0]?.counts.failed).toBe(0);
    expect(stillFailing.flows[0]?.outcome).toBe('ok');
    expect((await h.link(deal.id))?.state).toBe('failed');

    // the catalog flow links the product: the replay succeeds
    await h.linkProduct(h.unmappedProduct.productId, h.unmappedProduct.itemCode);
    const replayed = await h.run({ replayDealIds: [deal.id] });
    expect(replayed.flows[0]?.counts).toMatchObject({ created: 1, failed: 0 });
    const orders = await h.salesOrders(`HS-${deal.id}`);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.lines).toHaveLength(2);
    const after = await h.deal(deal.id);
    expect(after['qad_sync_status']).toBe('synced');
    expect(after['qad_sync_error'] ?? '').toBe('');
    expect(after['qad_order_number']).toBe(orders[0]?.salesOrderNumber);
  });

  it('dry-run reports what would happen and touches nothing', async () => {
    const [p0] = h.products;
    if (p0 === undefined) throw new Error('seed');
    const [good, bad] = await h.seedDeals([
      { amount: '3.00', lines: [{ productId: p0.productId, quantity: 3, price: 1 }] },
      { amount: '3.00', currency: 'JPY', lines: [{ productId: p0.productId, quantity: 3, price: 1 }] },
    ]);
    if (good === undefined || bad === undefined) throw new Error('seed');
    await h.closeWon(good.id);
    await h.closeWon(bad.id);
    const before = await h.deal(bad.id);
    const dry = await h.run({ dryRun: true });
    const changes = dry.plan?.changes.filter((c) => c.flow === 'orders') ?? [];
    expect(changes.find((c) => c.sourceKey === good.id)?.action).toBe('create');
    const badPlan = changes.find((c) => c.sourceKey === bad.id);
    expect(badPlan?.action).toBe('skip');
    expect(badPlan?.reason).toMatch(/currency JPY is not accepted/);
    expect(await h.salesOrders(`HS-${good.id}`)).toHaveLength(0);
    expect(await h.link(good.id)).toBeUndefined();
    expect(await h.deal(bad.id)).toEqual(before);

    const real = await h.run();
    expect(real.flows[0]?.counts).toMatchObject({ created: 1, failed: 1 });
    expect((await h.deal(bad.id))['qad_sync_error']).toMatch(/currency JPY is not accepted by QAD customer/);
  });
});
