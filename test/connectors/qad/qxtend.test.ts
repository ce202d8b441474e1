import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QadClient } from '../../../src/connectors/qad/client.js';
import { createQxtendClient, type QxtendClient } from '../../../src/connectors/qad/qxtend/client.js';
import type { QxtendOptions } from '../../../src/connectors/qad/qxtend/envelope.js';
import type { QadSalesOrderInput } from '../../../src/connectors/qad/types.js';
import { ConnectorError, DataError, SystemError } from '../../../src/core/errors.js';
import { orderFixtures, sandboxOrders, startHarness, type Harness } from './helpers.js';

let h: Harness;
let rest: QadClient;
let qx: QxtendClient;
let options: QxtendOptions;
let customer: string;
let items: string[];
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  rest = h.client();
  qx = createQxtendClient({ http: h.http, rest, events: h.events });
  options = {
    url: h.qad.qxtendUrl,
    receiver: 'QADERP',
    version: 'ERP3_2',
    domain: '10USA',
    operation: 'A',
    scopeTransaction: true,
    username: h.qad.username,
    password: h.qad.password,
  };
  ({ customer, items } = await orderFixtures(h));
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control('DELETE', '/faults');
  await h.control('POST', '/qxtend', { silentNoOp: false });
});

function order(overrides: Partial<QadSalesOrderInput> = {}): QadSalesOrderInput {
  seq += 1;
  return {
    orderNumber: `QX${String(seq).padStart(4, '0')}`,
    customerCode: customer,
    po: `HS-QX-${2000 + seq}`,
    currency: 'USD',
    orderDate: '2026-11-27',
    lines: [
      { itemCode: items[0] ?? '', quantity: 3, price: 12.5 },
      { itemCode: items[1] ?? '', quantity: 1 },
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

describe('QXtend maintainSalesOrder', () => {
  it('creates an order with one SOAP call and verifies it over REST', async () => {
    const input = order();
    const result = await qx.maintainSalesOrder(input, options);
    expect(result).toMatchObject({ orderNumber: input.orderNumber, alreadyExisted: false, currency: 'USD' });
    expect(result.lines.map((l) => [l.itemCode, l.quantity])).toEqual([
      [items[0], 3],
      [items[1], 1],
    ]);
    expect(result.lines[0]?.price).toBe(12.5);
    expect(await sandboxOrders(h, input.po)).toHaveLength(1);
  });

  it('is guarded by the PO lookup and by 2041', async () => {
    const input = order();
    await qx.maintainSalesOrder(input, options);
    expect((await qx.maintainSalesOrder(input, options)).alreadyExisted).toBe(true);
    const blindRest = h.client({ browses: { salesOrder: { browseId: 'urn:browse:mfg:zz999' } } });
    const blind = createQxtendClient({ http: h.http, rest: blindRest, events: h.events });
    // without a working PO lookup the duplicate comes back as 2041: ours (same PO) → already done
    const reasons: string[] = [];
    const off = h.events.on('qad.order.already-exists', (e) => reasons.push(e.reason));
    expect(await blind.maintainSalesOrder(input, options)).toMatchObject({
      alreadyExisted: true,
      orderNumber: input.orderNumber,
    });
    off();
    expect(reasons).toEqual(['duplicate-2041']);
    // the same number with another PO is a conflict, not success
    const error = await rejection(
      blind.maintainSalesOrder({ ...order(), orderNumber: input.orderNumber }, options),
    );
    expect((error as DataError).code).toBe('QAD_ORDER_CONFLICT');
    expect(await sandboxOrders(h, input.po)).toHaveLength(1);
  });

  it('detects the silent no-op (success, nothing stored) as retryable', async () => {
    await h.control('POST', '/qxtend', { silentNoOp: true });
    const input = order();
    const error = await rejection(qx.maintainSalesOrder(input, options));
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('QAD_ORDER_NOT_FOUND_AFTER_CREATE');
    expect((error as ConnectorError).retryable).toBe(true);
  });

  it('maps result=error with dsExceptions to QAD_QXTEND_ERROR and stores nothing (scopeTransaction)', async () => {
    const input = order({
      lines: [
        { itemCode: items[0] ?? '', quantity: 1 },
        { itemCode: 'NO-SUCH-ITEM', quantity: 1 },
      ],
    });
    const error = await rejection(qx.maintainSalesOrder(input, options));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('QAD_QXTEND_ERROR');
    expect((error as DataError).details['messages']).not.toHaveLength(0);
    expect(await sandboxOrders(h, input.po)).toHaveLength(0);
  });

  it('maps SOAP Faults to QAD_QXTEND_FAULT without echoing the password', async () => {
    const unknown = await rejection(qx.maintainSalesOrder(order(), { ...options, receiver: 'NOPE' }));
    expect(unknown).toBeInstanceOf(SystemError);
    expect((unknown as SystemError).code).toBe('QAD_QXTEND_FAULT');
    expect((unknown as SystemError).message).toContain('NOPE');
    const badAuth = await rejection(
      qx.maintainSalesOrder(order(), { ...options, password: 'secret-wrong-pw' }),
    );
    expect((badAuth as SystemError).code).toBe('QAD_QXTEND_FAULT');
    expect(JSON.stringify(badAuth) + (badAuth as Error).message).not.toContain('secret-wrong-pw');
  });

  it('does not duplicate after a lost response', async () => {
    const input = order();
    await h.control('POST', '/faults', {
      path: '/qxi/services/QdocWebService',
      kind: 'lostResponse',
      count: 1,
    });
    const result = await qx.maintainSalesOrder(input, options);
    expect(result.lines).toHaveLength(2);
    expect(await sandboxOrders(h, input.po)).toHaveLength(1);
  });
});
