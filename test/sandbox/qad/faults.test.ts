/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- JSON bodies are asserted field by field */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type QadTestTenant } from './qad-http.js';

describe('QAD sandbox faults on demand', () => {
  let t: QadTestTenant;
  let cust: any;
  beforeAll(async () => {
    t = await startTenant();
    cust = ((await t.control('GET', '/records/customers')).body.records as any[]).find((c) => c.isActive);
  });
  afterEach(async () => {
    await t.control('DELETE', '/faults');
  });
  afterAll(() => t.close());

  const itemUrl = '/api/erp/items?itemCode=PMP-000001';

  it('injects a status by count, then lets requests through, and counts them in stats', async () => {
    await t.control('DELETE', '/stats');
    const added = await t.control('POST', '/faults', {
      method: 'GET',
      path: '/api/erp/items',
      kind: 'status',
      status: 503,
      count: 2,
    });
    expect(added.status).toBe(201);
    expect((await t.api('GET', itemUrl)).status).toBe(503);
    const second = await t.api('GET', itemUrl);
    expect(second).toEqual({
      status: 503,
      body: { errors: [{ severity: 1, code: '503', message: 'Injected fault', fieldName: '' }] },
    });
    expect((await t.api('GET', itemUrl)).status).toBe(200);
    const stats = await t.control('GET', '/stats');
    expect(stats.body.routes['GET /clouderp/api/erp/items']).toEqual({ '200': 1, '503': 2 });
  });

  it('skips the first N matching requests and matches path prefixes', async () => {
    await t.control('POST', '/faults', { path: '/api/*', kind: 'status', status: 500, skip: 1, count: 1 });
    expect((await t.api('GET', itemUrl)).status).toBe(200);
    expect((await t.api('GET', itemUrl)).status).toBe(500);
    expect((await t.api('GET', itemUrl)).status).toBe(200);
  });

  it('resets the connection without processing the request', async () => {
    await t.control('POST', '/faults', { path: '/oauth/token', kind: 'reset', count: 1 });
    await expect(t.token()).rejects.toThrow();
    expect(typeof (await t.token())).toBe('string');
  });

  it('loses the response after the write committed: the order exists, the client sees a reset', async () => {
    await t.control('POST', '/faults', {
      method: 'POST',
      path: '/api/erp/salesOrderHeaders',
      kind: 'lostResponse',
      count: 1,
    });
    const body = {
      salesOrderHeaders: [
        {
          salesOrderNumber: 'L100',
          domainCode: cust.domainCode,
          soldToCustomerCode: cust.customerCode,
          purchaseOrder: 'HS-LOST-1',
          dataOperation: 'C',
        },
      ],
    };
    await expect(t.api('POST', '/api/erp/salesOrderHeaders', body)).rejects.toThrow();
    const stored = await t.control('GET', '/sales-orders?purchaseOrder=HS-LOST-1');
    expect(stored.body.salesOrders.map((o: any) => o.salesOrderNumber)).toEqual(['L100']);
    const retry = await t.api('POST', '/api/erp/salesOrderHeaders', body);
    expect(retry.body.submitResult.errors[0].code).toBe('2041');
  });

  it('adds latency and still processes the request', async () => {
    await t.control('POST', '/faults', { path: '/api/erp/items', kind: 'latency', latencyMs: 50, count: 1 });
    expect((await t.api('GET', itemUrl)).status).toBe(200);
    const listed = await t.control('GET', '/faults');
    expect(listed.body.faults[0]).toMatchObject({ kind: 'latency', fired: 1 });
  });

  it('fires by seeded probability, reproducibly', async () => {
    const run = async () => {
      await t.control('DELETE', '/faults');
      await t.control('POST', '/faults', {
        path: '/api/erp/items',
        kind: 'status',
        status: 502,
        probability: 0.5,
        seed: 42,
      });
      const statuses = [];
      for (let i = 0; i < 16; i += 1) statuses.push((await t.api('GET', itemUrl)).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(502);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('applies to QXtend too', async () => {
    await t.control('POST', '/faults', {
      path: '/qxi/services/QdocWebService',
      kind: 'status',
      status: 503,
      count: 1,
    });
    const res = await fetch(t.qad.qxtendUrl, { method: 'POST', body: '<x/>' });
    expect(res.status).toBe(503);
  });

  it('rejects an invalid fault spec', async () => {
    expect((await t.control('POST', '/faults', { path: '/api/x', kind: 'explode' })).status).toBe(400);
  });
});
