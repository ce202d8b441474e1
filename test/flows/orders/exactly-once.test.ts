import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { moveDeals } from '../../helpers/deals.js';
import { forEachDialect } from '../../helpers/store.js';
import { replayOrders } from '../../../src/flows/orders/index.js';
import { startOrdersHarness, type OrdersHarness } from './harness.js';

async function hubspotFault(h: OrdersHarness, spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${h.hs.url}/_sandbox/faults`, {
    method: spec['delete'] === true ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: spec['delete'] === true ? null : JSON.stringify(spec),
  });
  expect(res.ok).toBe(true);
}

forEachDialect('orders: exactly once under faults (REST channel)', (dialect) => {
  let h: OrdersHarness;
  beforeAll(async () => {
    h = await startOrdersHarness('rest', dialect.location);
  });
  afterEach(async () => {
    await h.clearQadFaults();
    await hubspotFault(h, { delete: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  const twoLineDeal = (): Parameters<OrdersHarness['seedDeals']>[0][number] => {
    const [p0, p1] = h.products;
    if (p0 === undefined || p1 === undefined) throw new Error('seed');
    return {
      amount: '25.00',
      lines: [
        { productId: p0.productId, quantity: 1, price: 5 },
        { productId: p1.productId, quantity: 2, price: 10 },
      ],
    };
  };

  it('a lost response after QAD committed the header still gives exactly one complete order', async () => {
    const [deal] = await h.seedDeals([twoLineDeal()]);
    if (deal === undefined) throw new Error('seed');
    await h.closeWon(deal.id);
    await h.qadFault({ method: 'POST', path: '/api/erp/salesOrderHeaders', kind: 'lostResponse', count: 1 });
    await h.qadFault({
      method: 'POST',
      path: '/api/erp/salesOrderLinesGrid',
      kind: 'lostResponse',
      count: 1,
    });
    const run = await h.run();
    expect(run.flows[0]?.counts).toMatchObject({ created: 1, failed: 0 });
    const orders = await h.salesOrders(`HS-${deal.id}`);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.lines).toHaveLength(2);
    expect((await h.deal(deal.id))['qad_order_number']).toBe(orders[0]?.salesOrderNumber);

    await h.run();
    expect(await h.salesOrders(`HS-${deal.id}`)).toHaveLength(1);
  });

  it('interrupted after `submitted` (header committed, answer lost, QAD unreachable): the re-run completes the same order', async () => {
    const [deal] = await h.seedDeals([twoLineDeal()]);
    if (deal === undefined) throw new Error('seed');
    await h.closeWon(deal.id);
    // the header is committed but its answer is lost, then every lookup fails: the run cannot confirm
    await h.qadFault({ method: 'POST', path: '/api/erp/salesOrderHeaders', kind: 'lostResponse', count: 1 });
    await h.qadFault({
      method: 'GET',
      path: '/api/qracore/browses',
      kind: 'status',
      status: 503,
      skip: 2,
      count: 50,
    });
    const submitted = h.events.once('orders.submitted', (e) => e.dealId === deal.id);
    const first = await h.run();
    await submitted;
    expect(first.flows[0]?.counts.created).toBe(0);
    expect(await h.link(deal.id)).toMatchObject({
      orderStage: 'submitted',
      state: 'failed',
      lastError: { code: 'ORDER_SUBMISSION_UNCONFIRMED' },
    });
    const partial = await h.salesOrders(`HS-${deal.id}`);
    expect(partial).toHaveLength(1); // QAD did commit the header
    expect(partial[0]?.lines).toHaveLength(0);

    await h.clearQadFaults();
    const confirmed = h.events.once('orders.confirmed', (e) => e.dealId === deal.id);
    const second = await h.run();
    expect((await confirmed).alreadyExisted).toBe(true);
    expect(second.flows[0]?.counts).toMatchObject({ created: 1, failed: 0 });
    const orders = await h.salesOrders(`HS-${deal.id}`);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.lines).toHaveLength(2);
    expect(await h.link(deal.id)).toMatchObject({ orderStage: 'confirmed', state: 'ok' });
    expect((await h.deal(deal.id))['qad_sync_status']).toBe('synced');
  });

  it('an in-flight order is confirmed even if the deal left closed-won meanwhile', async () => {
    const [deal] = await h.seedDeals([twoLineDeal()]);
    if (deal === undefined) throw new Error('seed');
    await h.closeWon(deal.id);
    await h.qadFault({ method: 'POST', path: '/api/erp/salesOrderHeaders', kind: 'lostResponse', count: 1 });
    await h.qadFault({
      method: 'GET',
      path: '/api/qracore/browses',
      kind: 'status',
      status: 503,
      skip: 2,
      count: 50,
    });
    await h.run();
    expect(await h.link(deal.id)).toMatchObject({ orderStage: 'submitted' });
    await h.clearQadFaults();
    await moveDeals(h.hs.url, [deal.id], 'contractsent');
    await h.run();
    const orders = await h.salesOrders(`HS-${deal.id}`);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.lines).toHaveLength(2);
    expect(await h.link(deal.id)).toMatchObject({ orderStage: 'confirmed', state: 'ok' });
  });

  it('a stop request after `submitted` finishes that order, leaves the rest and the cursor for the next run', async () => {
    const deals = await h.seedDeals([twoLineDeal(), twoLineDeal(), twoLineDeal()]);
    for (const d of deals) await h.closeWon(d.id);
    const stop = new AbortController();
    const off = h.events.on('orders.submitted', () => stop.abort(new Error('stop requested')));
    const first = await h.run({ signal: stop.signal });
    off();
    expect(first.flows[0]?.outcome).toBe('aborted');
    expect(first.flows[0]?.counts.created).toBe(1);
    const made = (await Promise.all(deals.map((d) => h.salesOrders(`HS-${d.id}`)))).map((o) => o.length);
    expect(made.reduce((a, b) => a + b, 0)).toBe(1);

    const second = await h.run();
    expect(second.flows[0]?.outcome).toBe('ok');
    expect(second.flows[0]?.counts.created).toBe(2);
    for (const d of deals) expect(await h.salesOrders(`HS-${d.id}`)).toHaveLength(1);
  });

  it('a failed write-back keeps the order confirmed and is retried next run without a new order', async () => {
    const [deal] = await h.seedDeals([twoLineDeal()]);
    if (deal === undefined) throw new Error('seed');
    await h.closeWon(deal.id);
    await hubspotFault(h, {
      kind: '500',
      route: 'POST /crm/objects/{objectType}/batch/update',
      objectType: 'deals',
      count: 20,
    });
    const first = await h.run();
    expect(first.flows[0]?.counts.created).toBe(1);
    expect(await h.link(deal.id)).toMatchObject({ orderStage: 'confirmed', state: 'failed' });
    expect((await h.deal(deal.id))['qad_order_number'] ?? '').toBe('');

    await hubspotFault(h, { delete: true });
    const second = await h.run();
    expect(second.flows[0]?.counts).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const orders = await h.salesOrders(`HS-${deal.id}`);
    expect(orders).toHaveLength(1);
    expect((await h.deal(deal.id))['qad_order_number']).toBe(orders[0]?.salesOrderNumber);
    expect(await h.link(deal.id)).toMatchObject({ orderStage: 'confirmed', state: 'ok' });
  });

  it('a business rejection from QAD is written on the deal and not resent until the deal changes', async () => {
    const [deal] = await h.seedDeals([twoLineDeal()]);
    if (deal === undefined) throw new Error('seed');
    await h.closeWon(deal.id);
    // the customer is deactivated in QAD after the ledger linked it: QAD refuses the order (2045)
    const res = await fetch(
      `${h.qad.origin}/_sandbox/records/customers/${h.customer.customerCode}/deactivate`,
      { method: 'POST' },
    );
    expect(res.ok).toBe(true);
    try {
      const first = await h.run();
      expect(first.flows[0]?.counts.failed).toBeGreaterThanOrEqual(1);
      expect(await h.link(deal.id)).toMatchObject({
        orderStage: 'rejected',
        state: 'failed',
        lastError: { code: 'QAD_SUBMIT_FAILED' },
      });
      expect((await h.deal(deal.id))['qad_sync_error']).toMatch(/^QAD rejected the order/);
      const statsBefore = (await (await fetch(`${h.qad.origin}/_sandbox/stats`)).json()) as {
        routes: Record<string, Record<string, number>>;
      };
      await h.run();
      const statsAfter = (await (await fetch(`${h.qad.origin}/_sandbox/stats`)).json()) as {
        routes: Record<string, Record<string, number>>;
      };
      const posts = (s: typeof statsBefore): number =>
        Object.values(s.routes['POST /clouderp/api/erp/salesOrderHeaders'] ?? {}).reduce((a, b) => a + b, 0);
      expect(posts(statsAfter)).toBe(posts(statsBefore));
    } finally {
      await fetch(`${h.qad.origin}/_sandbox/records/customers/${h.customer.customerCode}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ isActive: true }),
      });
    }
    const replay = await replayOrders(h.rt);
    expect(replay?.outcome).toBe('ok');
    expect(replay?.counts.created).toBe(1);
    expect(await replayOrders(h.rt)).toBeNull(); // nothing left to replay
    expect(await h.salesOrders(`HS-${deal.id}`)).toHaveLength(1);
  });
});

describe('orders: QXtend channel', () => {
  let h: OrdersHarness;
  beforeAll(async () => {
    h = await startOrdersHarness('qxtend');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates orders through maintainSalesOrder, verifies them by read-back, and never duplicates', async () => {
    const [p0, p1] = h.products;
    if (p0 === undefined || p1 === undefined) throw new Error('seed');
    const deals = await h.seedDeals([
      { amount: '20.00', lines: [{ productId: p0.productId, quantity: 2, price: 10 }] },
      {
        amount: '9.00',
        lines: [
          { productId: p0.productId, quantity: 1, price: 4 },
          { productId: p1.productId, quantity: 1, price: 5 },
        ],
      },
    ]);
    for (const d of deals) await h.closeWon(d.id);
    // a silent no-op first: QXtend says success, stores nothing → not confirmed, retried next run
    await fetch(`${h.qad.origin}/_sandbox/qxtend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ silentNoOp: true }),
    });
    const noop = await h.run();
    expect(noop.flows[0]?.counts.created).toBe(0);
    for (const d of deals) expect(await h.link(d.id)).toMatchObject({ orderStage: 'submitted' });
    await fetch(`${h.qad.origin}/_sandbox/qxtend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ silentNoOp: false }),
    });

    const run = await h.run();
    expect(run.flows[0]?.counts).toMatchObject({ created: 2, failed: 0 });
    for (const d of deals) {
      const orders = await h.salesOrders(`HS-${d.id}`);
      expect(orders).toHaveLength(1);
      expect((await h.deal(d.id))['qad_order_number']).toBe(orders[0]?.salesOrderNumber);
    }
    expect((await h.salesOrders(`HS-${deals[1]?.id ?? ''}`))[0]?.lines).toHaveLength(2);
    const stats = (await (await fetch(`${h.qad.origin}/_sandbox/stats`)).json()) as {
      routes: Record<string, unknown>;
    };
    expect(Object.keys(stats.routes).some((r) => r.includes('/qxi/services/QdocWebService'))).toBe(true);
    expect(stats.routes['POST /clouderp/api/erp/salesOrderHeaders']).toBeUndefined();

    const again = await h.run();
    expect(again.flows[0]?.counts.created).toBe(0);
    for (const d of deals) expect(await h.salesOrders(`HS-${d.id}`)).toHaveLength(1);
  });
});
