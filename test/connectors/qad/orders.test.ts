import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QadClient } from '../../../src/connectors/qad/client.js';
import type { QadSalesOrderInput } from '../../../src/connectors/qad/types.js';
import { ConnectorError, DataError } from '../../../src/core/errors.js';
import { countEvents, orderFixtures, sandboxOrders, startHarness, type Harness } from './helpers.js';

let h: Harness;
let client: QadClient;
let customer: string;
let items: string[];
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  client = h.client();
  ({ customer, items } = await orderFixtures(h));
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control('DELETE', '/faults');
});

function order(overrides: Partial<QadSalesOrderInput> = {}): QadSalesOrderInput {
  seq += 1;
  return {
    orderNumber: `HT${String(seq).padStart(4, '0')}`,
    customerCode: customer,
    po: `HS-DEAL-${1000 + seq}`,
    currency: 'USD',
    orderDate: '2026-11-27',
    lines: [
      { itemCode: items[0] ?? '', quantity: 2, price: 10.5 },
      { itemCode: items[1] ?? '', quantity: 1, price: 99.99 },
      { itemCode: items[2] ?? '', quantity: 5 },
    ],
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('REST sales orders', () => {
  it('creates a three-line order through the REST sequence and reads it back', async () => {
    const input = order();
    const created = countEvents(h.events, 'qad.order.created');
    const result = await client.createSalesOrder(input);
    expect(result.orderNumber).toBe(input.orderNumber);
    expect(result.alreadyExisted).toBe(false);
    expect(result.currency).toBe('USD');
    expect(result.lines.map((l) => [l.line, l.itemCode, l.quantity])).toEqual([
      [1, items[0], 2],
      [2, items[1], 1],
      [3, items[2], 5],
    ]);
    expect(result.lines[0]?.price).toBe(10.5);
    expect(result.lines[1]?.price).toBe(99.99);
    expect(result.lines[2]?.price).toBeGreaterThan(0); // defaulted from the item
    const expected = result.lines.reduce((s, l) => s + l.quantity * l.price, 0);
    expect(result.total).toBeCloseTo(expected, 2);
    expect(created.count).toBe(1);
    const truth = await sandboxOrders(h, input.po);
    expect(truth).toHaveLength(1);
    expect(truth[0]?.lines).toHaveLength(3);
    expect(await client.findSalesOrderByPo(input.po)).toMatchObject({
      orderNumber: input.orderNumber,
      po: input.po,
    });
    expect(await client.findSalesOrderByPo('HS-NO-SUCH-PO')).toBeUndefined();
  });

  it('treats an order found by PO as already done (no second order)', async () => {
    const input = order();
    await client.createSalesOrder(input);
    const again = await client.createSalesOrder(input);
    expect(again.alreadyExisted).toBe(true);
    expect(again.lines).toHaveLength(3);
    expect(await sandboxOrders(h, input.po)).toHaveLength(1);
  });

  it('handles code 2041 (duplicate number) as already done when the order is ours', async () => {
    const input = order();
    await client.createSalesOrder(input);
    // A tenant whose sales-order browse does not find the PO: the header create hits 2041.
    const blind = h.client({ browses: { salesOrder: { browseId: 'urn:browse:mfg:zz999' } } });
    const seen: string[] = [];
    const off = h.events.on('qad.order.already-exists', (e) => seen.push(e.reason));
    const again = await blind.createSalesOrder(input);
    off();
    expect(seen).toEqual(['duplicate-2041']);
    expect(again).toMatchObject({ orderNumber: input.orderNumber, alreadyExisted: true });
    expect(await sandboxOrders(h, input.po)).toHaveLength(1);
  });

  it('refuses a number taken by an order with another PO', async () => {
    const first = order();
    await client.createSalesOrder(first);
    const clash = { ...order(), orderNumber: first.orderNumber };
    const error = await rejection(client.createSalesOrder(clash));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('QAD_ORDER_CONFLICT');
    expect(await sandboxOrders(h, clash.po)).toHaveLength(0);
  });

  it('reports a business rejection with its field-named errors', async () => {
    const error = await rejection(client.createSalesOrder(order({ customerCode: 'NOPE999' })));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('QAD_SUBMIT_FAILED');
    const errors = (error as DataError).details['errors'] as { fieldName?: string; code: string }[];
    expect(errors[0]).toMatchObject({ fieldName: 'soldToCustomerCode' });
  });

  it('understands the bare errors envelope as well as submitResult', async () => {
    await h.control('POST', '/rest', { errorEnvelope: 'errors' });
    try {
      const error = await rejection(client.createSalesOrder(order({ customerCode: 'NOPE999' })));
      expect((error as DataError).code).toBe('QAD_SUBMIT_FAILED');
      expect((error as DataError).message).toContain('soldToCustomerCode');
      const input = order();
      await client.createSalesOrder(input);
      const blind = h.client({ browses: { salesOrder: { browseId: 'urn:browse:mfg:zz999' } } });
      expect((await blind.createSalesOrder(input)).alreadyExisted).toBe(true);
    } finally {
      await h.control('POST', '/rest', { errorEnvelope: 'submitResult' });
    }
  });

  it('resumes after a partial line failure, adding only the missing lines', async () => {
    const good = order();
    const broken: QadSalesOrderInput = {
      ...good,
      lines: [good.lines[0]!, { itemCode: 'NO-SUCH-ITEM', quantity: 1 }, good.lines[2]!],
    };
    const error = await rejection(client.createSalesOrder(broken));
    expect((error as DataError).code).toBe('QAD_SUBMIT_FAILED');
    expect((error as DataError).message).toContain('itemCode');
    const partial = await sandboxOrders(h, good.po);
    expect(partial[0]?.lines).toHaveLength(1);

    const resumed: number[][] = [];
    const off = h.events.on('qad.order.resumed', (e) => resumed.push(e.missingLines));
    const lineEvents = countEvents(h.events, 'qad.order.line.created');
    const result = await client.createSalesOrder(good);
    off();
    expect(resumed).toEqual([[2, 3]]);
    expect(lineEvents.count).toBe(2);
    expect(result.alreadyExisted).toBe(true);
    expect(result.lines.map((l) => l.itemCode)).toEqual(items);
    expect(await sandboxOrders(h, good.po)).toHaveLength(1);
  });

  it('does not duplicate an order whose header response was lost after commit', async () => {
    const input = order();
    await h.control('POST', '/faults', {
      method: 'POST',
      path: '/api/erp/salesOrderHeaders',
      kind: 'lostResponse',
      count: 1,
    });
    const result = await client.createSalesOrder(input);
    expect(result.lines).toHaveLength(3);
    const truth = await sandboxOrders(h, input.po);
    expect(truth).toHaveLength(1);
    expect(truth[0]?.lines).toHaveLength(3);
  });

  it('does not duplicate a line whose commit response was lost', async () => {
    const input = order();
    await h.control('POST', '/faults', {
      method: 'POST',
      path: '/api/erp/salesOrderLinesGrid',
      kind: 'lostResponse',
      count: 1,
      skip: 1,
    });
    const result = await client.createSalesOrder(input);
    expect(result.lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect((await sandboxOrders(h, input.po))[0]?.lines).toHaveLength(3);
  });

  it('leaves a header-only failure retryable and creates nothing twice on retry', async () => {
    const input = order();
    await h.control('POST', '/faults', {
      method: 'POST',
      path: '/api/erp/salesOrderHeaders',
      kind: 'reset',
      count: 1,
    });
    const error = await rejection(client.createSalesOrder(input));
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).retryable).toBe(true);
    expect(await sandboxOrders(h, input.po)).toHaveLength(0);
    const result = await client.createSalesOrder(input);
    expect(result.alreadyExisted).toBe(false);
    expect(await sandboxOrders(h, input.po)).toHaveLength(1);
  });
});
