import { describe, expect, it } from 'vitest';
import type { QadSalesOrderResult } from '../../../src/connectors/qad/index.js';
import { AuthError, DataError, NetworkError, SystemError } from '../../../src/core/errors.js';
import { deriveOrderNumber } from '../../../src/flows/orders/order-number.js';
import { submitOrder, type OrderRequest } from '../../../src/flows/orders/submit-order.js';
import { alreadyOnDeal, errorProperties, syncedProperties } from '../../../src/flows/orders/write-back.js';

const request: OrderRequest = {
  orderNumber: 'HS77',
  customerCode: 'C1',
  po: 'HS-77',
  currency: 'USD',
  orderDate: '2026-11-27',
  lines: [
    { itemCode: 'A', quantity: 1, price: 5 },
    { itemCode: 'B', quantity: 2, price: 10 },
  ],
};
const readBack = (orderNumber: string, lines = 2, alreadyExisted = false): QadSalesOrderResult => ({
  orderNumber,
  lines: Array.from({ length: lines }, (_, i) => ({ line: i + 1, itemCode: 'A', quantity: 1, price: 1 })),
  total: 25,
  currency: 'USD',
  alreadyExisted,
});

/** The channel is the seam to QAD; these tests script its answers to reach every branch. */
function scripted(answers: (QadSalesOrderResult | Error)[]): {
  channel: (o: OrderRequest) => Promise<QadSalesOrderResult>;
  sent: string[];
} {
  const sent: string[] = [];
  return {
    sent,
    channel: (o) => {
      sent.push(o.orderNumber);
      const next = answers.shift();
      if (next === undefined) throw new Error('unexpected call');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

describe('submitOrder', () => {
  it('confirms a created order', async () => {
    const { channel, sent } = scripted([readBack('HS77')]);
    const result = await submitOrder(channel, '77', request, { prefix: 'HS' });
    expect(result).toMatchObject({
      status: 'confirmed',
      orderNumber: 'HS77',
      alreadyExisted: false,
      lineCount: 2,
      collisions: [],
    });
    expect(sent).toEqual(['HS77']);
  });

  it('moves to the next stable number when the number belongs to another order', async () => {
    const second = deriveOrderNumber('77', { prefix: 'HS', attempt: 1 });
    const { channel, sent } = scripted([new DataError('QAD_ORDER_CONFLICT', 'taken'), readBack(second)]);
    const result = await submitOrder(channel, '77', request, { prefix: 'HS' });
    expect(result).toMatchObject({ status: 'confirmed', orderNumber: second, collisions: ['HS77'] });
    expect(sent).toEqual(['HS77', second]);
  });

  it('gives up after three taken numbers with a clear reason', async () => {
    const conflict = (): Error => new DataError('QAD_ORDER_CONFLICT', 'taken');
    const { channel } = scripted([conflict(), conflict(), conflict()]);
    const result = await submitOrder(channel, '77', request, { prefix: 'HS' });
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.error.message).toMatch(/orderNumberPrefix/);
  });

  it('business rejection → rejected; transient or short read-back → unconfirmed; auth → thrown', async () => {
    expect(
      (
        await submitOrder(scripted([new DataError('QAD_SUBMIT_FAILED', 'bad item')]).channel, '77', request, {
          prefix: 'HS',
        })
      ).status,
    ).toBe('rejected');
    const transient = await submitOrder(
      scripted([new NetworkError('HTTP_NETWORK', 'reset')]).channel,
      '77',
      request,
      { prefix: 'HS' },
    );
    expect(transient).toMatchObject({
      status: 'unconfirmed',
      error: { code: 'ORDER_SUBMISSION_UNCONFIRMED' },
    });
    const noop = await submitOrder(
      scripted([new SystemError('QAD_ORDER_NOT_FOUND_AFTER_CREATE', 'silent')]).channel,
      '77',
      request,
      { prefix: 'HS' },
    );
    expect(noop.status).toBe('unconfirmed');
    const short = await submitOrder(scripted([readBack('HS77', 1, true)]).channel, '77', request, {
      prefix: 'HS',
    });
    expect(short).toMatchObject({
      status: 'unconfirmed',
      error: { message: 'order HS77 read back with 1 of 2 lines' },
    });
    await expect(
      submitOrder(scripted([new AuthError('QAD_AUTH_INVALID', 'no')]).channel, '77', request, {
        prefix: 'HS',
      }),
    ).rejects.toThrow(AuthError);
  });
});

describe('write-back values', () => {
  it('synced / error properties, cut to 1000 characters, compared with the deal', () => {
    expect(syncedProperties('HS1')).toEqual({
      qad_order_number: 'HS1',
      qad_sync_status: 'synced',
      qad_sync_error: '',
    });
    const long = errorProperties('x'.repeat(5000));
    expect(long['qad_sync_error']).toHaveLength(1000);
    expect(long['qad_sync_status']).toBe('error');
    expect(
      alreadyOnDeal(
        { properties: { qad_order_number: 'HS1', qad_sync_status: 'synced', qad_sync_error: null } },
        syncedProperties('HS1'),
      ),
    ).toBe(true);
    expect(
      alreadyOnDeal(
        { properties: { qad_order_number: 'HS1', qad_sync_status: 'error' } },
        syncedProperties('HS1'),
      ),
    ).toBe(false);
  });
});
