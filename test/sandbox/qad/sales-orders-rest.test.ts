/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- JSON bodies are asserted field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertPrice } from '../../../sandbox/data/index.js';
import { BROWSE_IDS } from '../../../sandbox/qad/index.js';
import { startTenant, type QadTestTenant } from './qad-http.js';

const HEADER_URI = '?viewUri=urn:be:com.qad.sales.salesorder.ISalesOrderHeader';

describe('QAD sandbox REST sales orders', () => {
  let t: QadTestTenant;
  let customer: any;
  let items: any[];
  beforeAll(async () => {
    t = await startTenant();
    const customers = (await t.control('GET', '/records/customers')).body.records as any[];
    customer =
      customers.find((c) => c.isActive && c.domainCode === '20DEU' && c.acceptedCurrencies.includes('USD')) ??
      customers.find((c) => c.isActive);
    items = ((await t.control('GET', '/records/items')).body.records as any[]).filter((i) => i.isActive);
  });
  afterAll(() => t.close());

  const header = (nbr: string, po: string, extra: Record<string, unknown> = {}) => ({
    salesOrderHeaders: [
      {
        salesOrderNumber: nbr,
        domainCode: customer.domainCode,
        soldToCustomerCode: customer.customerCode,
        currencyCode: customer.currencyCode,
        purchaseOrder: po,
        orderDate: '2026-11-27T00:00:00.000Z',
        dueDate: '2026-12-04T00:00:00.000Z',
        dataOperation: 'C',
        ...extra,
      },
    ],
  });

  async function addLine(nbr: string, itemCode: string, quantity: number): Promise<any> {
    const init = await t.api(
      'GET',
      `/api/erp/salesOrderLinesGrid?initialize=true&domainCode=${customer.domainCode}&salesOrderNumber=${nbr}`,
    );
    let line = init.body.data.salesOrderLines[0];
    for (const [fieldName, value] of [
      ['itemCode', itemCode],
      ['quantityOrdered', quantity],
    ] as const) {
      line = { ...line, [fieldName]: value };
      const changed = await t.api(
        'POST',
        `/api/erp/salesOrderLines/fieldChange?fieldName=${fieldName}&dataOperation=CREATE`,
        { salesOrderLines: [line] },
      );
      expect(changed.status).toBe(200);
      line = changed.body.data.salesOrderLines[0];
    }
    const commit = await t.api('POST', '/api/erp/salesOrderLinesGrid', { salesOrderLines: [line] });
    expect(commit.body).toEqual({ submitResult: { success: true, errors: [] } });
    return line;
  }

  it('creates a three-line order through the REST sequence with server-side defaults', async () => {
    const created = await t.api(
      'POST',
      `/api/erp/salesOrderHeaders${HEADER_URI}`,
      header('H100', 'HS-DEAL-100'),
    );
    expect(created).toEqual({ status: 200, body: { submitResult: { success: true, errors: [] } } });
    const lines = [];
    for (const [i, item] of items.slice(0, 3).entries())
      lines.push(await addLine('H100', item.itemCode, i + 2));
    expect(lines.map((l) => l.salesOrderLine)).toEqual([1, 2, 3]);
    const first = items[0];
    expect(lines[0]).toMatchObject({
      unitOfMeasure: first.unitOfMeasure,
      description: first.description,
      listPrice: convertPrice(first.listPrice, 'USD', customer.currencyCode),
    });
    expect(lines[0].netPrice).toBe(lines[0].listPrice);
    const orders = await t.control('GET', '/sales-orders?purchaseOrder=HS-DEAL-100');
    expect(orders.body.salesOrders).toHaveLength(1);
    expect(orders.body.salesOrders[0].lines).toHaveLength(3);
    const grid = await t.api(
      'GET',
      `/api/erp/salesOrderLinesGrid?domainCode=${customer.domainCode}&salesOrderNumber=H100`,
    );
    expect(grid.body.data.salesOrderLines.map((l: any) => l.itemCode)).toEqual(
      items.slice(0, 3).map((i) => i.itemCode),
    );
  });

  it('answers a repeated number with 2041 and finds the order by its PO (browse and document query)', async () => {
    const again = await t.api(
      'POST',
      `/api/erp/salesOrderHeaders${HEADER_URI}`,
      header('H100', 'HS-DEAL-100'),
    );
    expect(again.status).toBe(200);
    expect(again.body.submitResult.success).toBe(false);
    expect(again.body.submitResult.errors[0]).toMatchObject({ code: '2041', fieldName: 'salesOrderNumber' });
    const browse = await t.browseAll(BROWSE_IDS.salesOrders, ['so_mstr.so_po,eq,HS-DEAL-100,literal']);
    expect(browse).toHaveLength(1);
    expect(browse[0]).toMatchObject({
      'so_mstr.so_nbr': 'H100',
      'so_mstr.so_cust': customer.customerCode,
      'so_mstr.line_count': 3,
    });
    const doc = await t.api('GET', '/api/erp/salesOrderHeaders?purchaseOrder=HS-DEAL-100');
    expect(doc.body.data.salesOrderHeaders).toHaveLength(1);
    expect(doc.body.data.salesOrderHeaders[0]).toMatchObject({
      salesOrderNumber: 'H100',
      lineCount: 3,
      purchaseOrder: 'HS-DEAL-100',
    });
    expect(typeof doc.body.data.salesOrderHeaders[0].lastModifiedTime).toBe('number');
    const byKey = await t.api(
      'GET',
      `/api/erp/salesOrderHeaders?domainCode=${customer.domainCode}&salesOrderNumber=H100`,
    );
    expect(byKey.body.data.salesOrderHeaders[0].salesOrderNumber).toBe('H100');
    const missing = await t.api('GET', '/api/erp/salesOrderHeaders?purchaseOrder=NOPE');
    expect(missing.body).toEqual({ data: { salesOrderHeaders: [] } });
  });

  it('answers validation failures with HTTP 200, success:false and field names', async () => {
    const unknownCustomer = await t.api(
      'POST',
      '/api/erp/salesOrderHeaders',
      header('H200', 'X', { soldToCustomerCode: 'C9999999' }),
    );
    expect(unknownCustomer.body.submitResult.errors[0]).toMatchObject({ fieldName: 'soldToCustomerCode' });
    const rejectedCurrency = await t.api(
      'POST',
      '/api/erp/salesOrderHeaders',
      header('H201', 'X', { currencyCode: 'CNY' }),
    );
    expect(rejectedCurrency.body.submitResult.errors[0]).toMatchObject({ fieldName: 'currencyCode' });
    expect((await t.control('GET', '/sales-orders?purchaseOrder=X')).body.salesOrders).toEqual([]);

    await t.api('POST', '/api/erp/salesOrderHeaders', header('H202', 'HS-202'));
    const init = await t.api(
      'GET',
      `/api/erp/salesOrderLinesGrid?initialize=true&domainCode=${customer.domainCode}&salesOrderNumber=H202`,
    );
    const line = init.body.data.salesOrderLines[0];
    const unknownItem = await t.api(
      'POST',
      '/api/erp/salesOrderLines/fieldChange?fieldName=itemCode&dataOperation=CREATE',
      { salesOrderLines: [{ ...line, itemCode: 'NO-SUCH' }] },
    );
    expect(unknownItem.status).toBe(200);
    expect(unknownItem.body.submitResult).toMatchObject({
      success: false,
      errors: [{ fieldName: 'itemCode' }],
    });
    await t.control('POST', '/records/items/' + items[5].itemCode + '/deactivate');
    const inactive = await t.api('POST', '/api/erp/salesOrderLinesGrid', {
      salesOrderLines: [{ ...line, itemCode: items[5].itemCode, quantityOrdered: 1 }],
    });
    expect(inactive.body.submitResult).toMatchObject({ success: false, errors: [{ fieldName: 'itemCode' }] });
    await addLine('H202', items[0].itemCode, 1);
    const existing = await t.api('POST', '/api/erp/salesOrderLinesGrid', {
      salesOrderLines: [{ ...line, itemCode: items[0].itemCode, quantityOrdered: 1 }],
    });
    expect(existing.body.submitResult.errors[0].message).toContain('already exists');
  });

  it('uses the bare errors envelope when asked', async () => {
    await t.control('POST', '/rest', { errorEnvelope: 'errors' });
    const dup = await t.api('POST', '/api/erp/salesOrderHeaders', header('H100', 'HS-DEAL-100'));
    expect(dup.status).toBe(200);
    expect(dup.body.submitResult).toBeUndefined();
    expect(dup.body.errors[0]).toMatchObject({ code: '2041', fieldName: 'salesOrderNumber', severity: 1 });
    await t.control('POST', '/rest', { errorEnvelope: 'submitResult' });
  });

  it('creates and updates master documents, checking the concurrency hash and stamping every write', async () => {
    const get = await t.api(
      'GET',
      `/api/erp/customerV2s?sharedSetCode=SS1&customerCode=${customer.customerCode}`,
    );
    const doc = get.body.data.customerV2s[0];
    const terms = doc.creditTermsCode === 'N45' ? 'N60' : 'N45';
    expect(doc.customerContactV2s).toBeInstanceOf(Array);
    const stale = await t.api('POST', '/api/erp/customerV2s', {
      supplementaryMessages: [],
      customerV2s: [
        {
          customerCode: customer.customerCode,
          creditTermsCode: 'N45',
          dataOperation: 'U',
          concurrencyHash: 'stale',
        },
      ],
    });
    expect(stale.body.submitResult).toMatchObject({
      success: false,
      errors: [{ fieldName: 'concurrencyHash' }],
    });
    const ok = await t.api('POST', '/api/erp/customerV2s', {
      supplementaryMessages: [],
      customerV2s: [
        {
          customerCode: customer.customerCode,
          creditTermsCode: terms,
          dataOperation: 'U',
          concurrencyHash: doc.concurrencyHash,
        },
      ],
    });
    expect(ok.body.submitResult.success).toBe(true);
    const after = (
      await t.api('GET', `/api/erp/customerV2s?sharedSetCode=SS1&customerCode=${customer.customerCode}`)
    ).body.data.customerV2s[0];
    expect(after.creditTermsCode).toBe(terms);
    expect(after.concurrencyHash).not.toBe(doc.concurrencyHash);
    expect(after.lastModifiedDate).toBe(new Date().toISOString().slice(0, 10));
    const item = await t.api('POST', '/api/erp/items', {
      items: [
        {
          itemCode: 'NEW-ITEM-1',
          description: 'Gleitringdichtung',
          unitOfMeasure: 'EA',
          listPrice: 12.5,
          dataOperation: 'C',
        },
      ],
    });
    expect(item.body.submitResult.success).toBe(true);
    const tooLong = await t.api('POST', '/api/erp/items', {
      items: [{ itemCode: 'NEW-ITEM-2', description: 'x'.repeat(25), dataOperation: 'C' }],
    });
    expect(tooLong.body.submitResult.errors[0].fieldName).toBe('description');
    const br = await t.api(
      'GET',
      `/api/erp/businessRelationV2s?businessRelationCode=${customer.businessRelationCode}`,
    );
    expect(br.body.data.businessRelationV2s[0].isCustomer).toBe(true);
    const mfg = await t.api(
      'GET',
      `/api/erp/mfgCustomers?domainContext=${customer.domainCode}&customerCode=${customer.customerCode}`,
    );
    expect(mfg.body.data.mfgCustomers[0].siteCode).toMatch(/^\d\d-100$/);
  });
});
