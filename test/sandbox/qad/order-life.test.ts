/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- JSON bodies are asserted field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSE_IDS } from '../../../sandbox/qad/index.js';
import { startTenant, type QadTestTenant } from './qad-http.js';

const DAY_MS = 86_400_000;
const enc = encodeURIComponent;

describe('QAD sandbox order life: one order a step at a time', () => {
  let t: QadTestTenant;
  let nowMs = Date.UTC(2026, 10, 27, 9);
  let customer: any;
  let items: any[];
  beforeAll(async () => {
    t = await startTenant({ clock: { nowMs: () => nowMs } });
    const customers = (await t.control('GET', '/records/customers')).body.records as any[];
    customer = customers.find((c) => c.isActive);
    items = ((await t.control('GET', '/records/items')).body.records as any[]).filter((i) => i.isActive);
    const header = await t.api('POST', '/api/erp/salesOrderHeaders', {
      salesOrderHeaders: [
        {
          salesOrderNumber: 'H200',
          domainCode: customer.domainCode,
          soldToCustomerCode: customer.customerCode,
          purchaseOrder: 'HS-DEAL-200',
          orderDate: '2026-11-27',
          dueDate: '2026-12-04',
          dataOperation: 'C',
        },
      ],
    });
    expect(header.body.submitResult.success).toBe(true);
    for (const [i, item] of items.slice(0, 2).entries()) {
      const init = await t.api(
        'GET',
        `/api/erp/salesOrderLinesGrid?initialize=true&domainCode=${customer.domainCode}&salesOrderNumber=H200`,
      );
      const line = {
        ...init.body.data.salesOrderLines[0],
        itemCode: item.itemCode,
        quantityOrdered: 4 + i * 2,
      };
      const commit = await t.api('POST', '/api/erp/salesOrderLinesGrid', { salesOrderLines: [line] });
      expect(commit.body.submitResult.success).toBe(true);
    }
  });
  afterAll(() => t.close());

  const step = (name: string, body?: unknown) =>
    t.control('POST', `/sales-orders/${customer.domainCode}/H200/${name}`, body);
  const orderRow = async () =>
    (await t.browseAll(BROWSE_IDS.salesOrders, ['so_mstr.so_nbr,eq,H200,literal']))[0] as any;
  const changedSince = async (browseId: string, column: string, day: string) =>
    t.browseAll(browseId, [`${column},ge,${day}T00:00:00.000Z,literal`], 50);

  it('starts open, with ship-to address, totals and the deal reference in the so803 row', async () => {
    const row = await orderRow();
    const byPo = await t.browseAll(BROWSE_IDS.salesOrders, ['so_mstr.so_po,eq,hs-deal-200,literal']);
    expect(byPo).toEqual([row]);
    const br = (await t.control('GET', '/records/businessRelations')).body.records.find(
      (b: any) => b.businessRelationCode === customer.businessRelationCode,
    );
    expect(row).toMatchObject({
      'so_mstr.so_po': 'HS-DEAL-200',
      'so_mstr.order_status': 'open',
      'so_mstr.so_stat': '',
      'so_mstr.so_req_date': '2026-12-04',
      'so_mstr.so_ship_date': '',
      'so_mstr.line_count': 2,
      'so_mstr.shipped_amount': 0,
      'so_mstr.invoiced_amount': 0,
      'so_mstr.so_mod_date': '2026-11-27',
      'ad_mstr.ad_addr': customer.customerCode,
      'ad_mstr.ad_name': br.name1,
      'ad_mstr.ad_city': br.city,
      'ad_mstr.ad_ctry': br.countryCode,
    });
  });

  it('ships part of one line the next day: only that order and that line carry the new stamp', async () => {
    nowMs += DAY_MS;
    const shipped = await step('ship-part', { lines: [{ salesOrderLine: 2, quantity: 2 }] });
    expect(shipped.status).toBe(200);
    expect(shipped.body.salesOrder).toMatchObject({
      orderStatus: 'partially_shipped',
      shipDate: '2026-11-28',
    });
    expect((await changedSince(BROWSE_IDS.salesOrders, 'so_mstr.so_mod_date', '2026-11-28')).length).toBe(1);
    const lines = await changedSince(BROWSE_IDS.salesOrderLines, 'sod_det.sod_mod_date', '2026-11-28');
    expect(
      lines.map((l) => [l['sod_det.sod_nbr'], l['sod_det.sod_line'], l['sod_det.sod_qty_ship']]),
    ).toEqual([['H200', 2, 2]]);
    const row = await orderRow();
    expect(row['so_mstr.so_mod_date']).toBe('2026-11-28');
    expect(row['so_mstr.so_to_inv']).toBe(true);
    const grid = await t.api(
      'GET',
      `/api/erp/salesOrderLinesGrid?domainCode=${customer.domainCode}&salesOrderNumber=H200`,
    );
    expect(grid.body.data.salesOrderLines.map((l: any) => [l.quantityShipped, l.lastModifiedDate])).toEqual([
      [0, '2026-11-27'],
      [2, '2026-11-28'],
    ]);
  });

  it('refuses to ship while on credit hold, and again after release', async () => {
    expect((await step('hold')).body.salesOrder.orderStatus).toBe('on_credit_hold');
    expect((await orderRow())['so_mstr.so_stat']).toBe('HD');
    const refused = await step('ship-all');
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: 'Sales order is on credit hold.', orderStatus: 'on_credit_hold' });
    expect((await step('hold')).status).toBe(409);
    expect((await step('release')).body.salesOrder.orderStatus).toBe('partially_shipped');
    expect((await step('release')).status).toBe(409);
    const cancel = await step('cancel');
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatch(/shipments/);
  });

  it('ships the rest, invoices twice and closes; invoices show in ih_hist and the header document', async () => {
    nowMs += DAY_MS;
    const invoice1 = await step('invoice');
    expect(invoice1.body.invoice).toMatchObject({ salesOrderNumber: 'H200', invoiceDate: '2026-11-29' });
    expect((await step('invoice')).status).toBe(409);
    expect((await step('ship-all')).body.salesOrder.orderStatus).toBe('shipped');
    expect((await step('ship-all')).status).toBe(409);
    nowMs += DAY_MS;
    const invoice2 = await step('invoice');
    const order = invoice2.body.salesOrder;
    expect(order.orderStatus).toBe('invoiced');
    expect(order.invoices.map((i: any) => i.invoiceNumber)).toEqual([
      invoice1.body.invoice.invoiceNumber,
      invoice2.body.invoice.invoiceNumber,
    ]);
    const total = order.invoices.reduce((s: number, i: any) => s + i.amount, 0);
    expect(Math.round(total * 100) / 100).toBe(order.totalAmount);
    const invoices = await t.browseAll(BROWSE_IDS.invoices, ['ih_hist.ih_nbr,eq,H200,literal']);
    expect(invoices.map((i) => [i['ih_hist.ih_inv_date'], i['ih_hist.invoice_amount']])).toEqual(
      order.invoices.map((i: any) => [i.invoiceDate, i.amount]),
    );
    expect(
      (await changedSince(BROWSE_IDS.invoices, 'ih_hist.ih_mod_date', '2026-11-30')).map(
        (i) => i['ih_hist.ih_inv_nbr'],
      ),
    ).toEqual([invoice2.body.invoice.invoiceNumber]);
    const doc = await t.api('GET', `/api/erp/salesOrderHeaders?purchaseOrder=HS-DEAL-200`);
    expect(doc.body.data.salesOrderHeaders[0]).toMatchObject({
      orderStatus: 'invoiced',
      shipDate: '2026-11-29',
      invoiceDate: '2026-11-30',
      invoiceNumber: invoice2.body.invoice.invoiceNumber,
      invoicedAmount: order.totalAmount,
      shippedAmount: order.totalAmount,
      readyToInvoice: false,
      lastModifiedDate: '2026-11-30',
    });
    expect(doc.body.data.salesOrderHeaders[0].salesOrderInvoices).toHaveLength(2);
    expect((await step('close')).body.salesOrder.orderStatus).toBe('closed');
    expect((await orderRow())['so_mstr.order_status']).toBe('closed');
    expect((await step('hold')).status).toBe(409);
  });

  it('cancels an untouched order; unknown orders and steps answer 404, bad quantities 400/409', async () => {
    const fresh = (await t.control('POST', '/sales-orders/arrivals', { count: 1 })).body.salesOrders[0];
    expect(fresh).toMatchObject({ orderStatus: 'open', purchaseOrder: expect.any(String) });
    const base = `/sales-orders/${fresh.domainCode}/${fresh.salesOrderNumber}`;
    expect(
      (await t.control('POST', `${base}/ship-part`, { lines: [{ salesOrderLine: 1, quantity: 0 }] })).status,
    ).toBe(409);
    expect((await t.control('POST', `${base}/ship-part`, { lines: 'all' })).status).toBe(400);
    expect((await t.control('POST', `${base}/teleport`)).status).toBe(404);
    expect((await t.control('POST', '/sales-orders/10USA/NOPE/ship-all')).status).toBe(404);
    const cancelled = await t.control('POST', `${base}/cancel`);
    expect(cancelled.body.salesOrder).toMatchObject({ orderStatus: 'cancelled', status: 'CN' });
    expect((await t.control('POST', `${base}/invoice`)).status).toBe(409);
  });

  it('keeps the life of an order when QXtend modifies its header', async () => {
    const context = {
      domain: customer.domainCode,
      version: 'ERP3_2',
      username: 'integration',
      password: 'integration-pw',
    };
    const tt = Object.entries(context)
      .map(
        ([k, v]) =>
          `<qcom:ttContext><qcom:propertyQualifier>QAD</qcom:propertyQualifier><qcom:propertyName>${k}</qcom:propertyName><qcom:propertyValue>${v}</qcom:propertyValue></qcom:ttContext>`,
      )
      .join('');
    const modify = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns="urn:schemas-qad-com:xml-services" xmlns:qcom="urn:schemas-qad-com:xml-services:common" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing">
  <soapenv:Header><wsa:Action/><wsa:To>urn:services-qad-com:QADERP</wsa:To></soapenv:Header>
  <soapenv:Body><maintainSalesOrder><qcom:dsSessionContext>${tt}</qcom:dsSessionContext>
    <dsSalesOrder><salesOrder><operation>M</operation><soNbr>H200</soNbr><soRmks>re-checked</soRmks></salesOrder></dsSalesOrder>
  </maintainSalesOrder></soapenv:Body></soapenv:Envelope>`;
    const res = await fetch(t.qad.qxtendUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: '' },
      body: modify,
    });
    expect(await res.text()).toMatch(/<ns1:result>success<\/ns1:result>/);
    const row = await orderRow();
    expect(row).toMatchObject({
      'so_mstr.so_rmks': 're-checked',
      'so_mstr.order_status': 'closed',
      'so_mstr.so_ship_date': '2026-11-29',
      'so_mstr.so_inv_date': '2026-11-30',
    });
    expect(row['so_mstr.so_inv_nbr']).toMatch(/^I\d{7}$/);
    expect(row['so_mstr.invoice_numbers'].split(',')).toHaveLength(2);
  });
});

describe('QAD sandbox order life: generated EDI orders and a day of business', () => {
  const nowMs = Date.UTC(2026, 10, 27, 9);
  let t: QadTestTenant;
  let twin: QadTestTenant;
  beforeAll(async () => {
    const options = { seed: 21, accounts: 120, items: 30, orders: 400, clock: { nowMs: () => nowMs } };
    t = await startTenant(options);
    twin = await startTenant(options);
  });
  afterAll(async () => {
    await t.close();
    await twin.close();
  });

  it('generates orders in every state, consistent across the order, line and invoice browses', async () => {
    const orders: any[] = await t.browseAll(BROWSE_IDS.salesOrders, [], 500);
    expect(orders).toHaveLength(400);
    const statuses = new Set(orders.map((o) => o['so_mstr.order_status']));
    expect([...statuses].sort()).toEqual(
      ['cancelled', 'closed', 'invoiced', 'on_credit_hold', 'open', 'partially_shipped', 'shipped'].sort(),
    );
    expect(orders.every((o) => o['so_mstr.so_source'] === 'edi' || o['so_mstr.so_source'] === 'phone')).toBe(
      true,
    );
    expect(orders.some((o) => o['so_mstr.contact_id'] !== '' && o['so_mstr.so_contact'] !== '')).toBe(true);
    const lines: any[] = await t.browseAll(BROWSE_IDS.salesOrderLines, [], 500);
    const count = await t.api(
      'GET',
      `/api/qracore/browses/totalCount/?browseId=${enc(BROWSE_IDS.salesOrderLines)}`,
    );
    expect(lines).toHaveLength(count.body.data);
    expect(lines.length / orders.length).toBeGreaterThan(4);
    expect(lines.length / orders.length).toBeLessThan(6);
    const byOrder = new Map<string, number>();
    for (const l of lines) {
      expect(l['sod_det.sod_qty_ship']).toBeLessThanOrEqual(l['sod_det.sod_qty_ord']);
      expect(l['sod_det.sod_qty_inv']).toBeLessThanOrEqual(l['sod_det.sod_qty_ship']);
      const key = `${l['sod_det.sod_domain']}/${l['sod_det.sod_nbr']}`;
      byOrder.set(key, (byOrder.get(key) ?? 0) + l['sod_det.line_amount']);
    }
    const invoices: any[] = await t.browseAll(BROWSE_IDS.invoices, [], 500);
    const billed = new Map<string, number>();
    for (const i of invoices) {
      const key = `${i['ih_hist.ih_domain']}/${i['ih_hist.ih_nbr']}`;
      billed.set(key, (billed.get(key) ?? 0) + i['ih_hist.invoice_amount']);
    }
    for (const o of orders) {
      const key = `${o['so_mstr.so_domain']}/${o['so_mstr.so_nbr']}`;
      expect(Math.round((byOrder.get(key) ?? 0) * 100) / 100).toBe(o['so_mstr.total_amount']);
      expect(Math.round((billed.get(key) ?? 0) * 100) / 100).toBe(o['so_mstr.invoiced_amount']);
      expect(String(o['so_mstr.so_mod_date']) <= '2026-01-01').toBe(true);
    }
    expect(await twin.browseAll(BROWSE_IDS.salesOrders, [], 500)).toEqual(orders);
  });

  it('moves a seeded share of orders and lets new ones arrive, the same way on a twin tenant', async () => {
    const day = await t.control('POST', '/sales-orders/business-day', { share: 0.1, newOrders: 5 });
    expect(day.status).toBe(200);
    expect(day.body.date).toBe('2026-11-27');
    expect(day.body.newOrders).toHaveLength(5);
    expect(day.body.moved).toBeGreaterThan(day.body.movable * 0.05);
    expect(day.body.moved).toBeLessThan(day.body.movable * 0.2);
    expect(day.body.movedOrders).toHaveLength(day.body.moved);
    const changed: any[] = await t.browseAll(
      BROWSE_IDS.salesOrders,
      ['so_mstr.so_mod_date,ge,2026-11-27,literal'],
      500,
    );
    expect(changed.map((o) => `${o['so_mstr.so_domain']}/${o['so_mstr.so_nbr']}`).sort()).toEqual(
      [...day.body.movedOrders, ...day.body.newOrders].sort(),
    );
    const arrived = changed.filter((o) =>
      day.body.newOrders.includes(`${o['so_mstr.so_domain']}/${o['so_mstr.so_nbr']}`),
    );
    expect(
      arrived.every((o) => o['so_mstr.order_status'] === 'open' && o['so_mstr.so_ord_date'] === '2026-11-27'),
    ).toBe(true);
    expect(
      (await twin.control('POST', '/sales-orders/business-day', { share: 0.1, newOrders: 5 })).body,
    ).toEqual(day.body);
    expect((await t.control('POST', '/sales-orders/business-day', { share: 2 })).status).toBe(400);
  });
});
