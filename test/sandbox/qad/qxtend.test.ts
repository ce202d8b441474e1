/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- JSON bodies are asserted field by field */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSE_IDS } from '../../../sandbox/qad/index.js';
import { startTenant, type QadTestTenant } from './qad-http.js';

interface OrderSpec {
  op?: string;
  soNbr: string;
  cust: string;
  po?: string;
  curr?: string;
  lines: { line: number; part: string; qty: number; op?: string }[];
}

function envelope(order: OrderSpec, ctx: Record<string, string | undefined>, receiver = 'QADERP'): string {
  const tt = Object.entries(ctx)
    .filter(([, v]) => v !== undefined)
    .map(
      ([k, v]) =>
        `<qcom:ttContext><qcom:propertyQualifier>QAD</qcom:propertyQualifier><qcom:propertyName>${k}</qcom:propertyName><qcom:propertyValue>${v}</qcom:propertyValue></qcom:ttContext>`,
    )
    .join('');
  const lines = order.lines
    .map(
      (l) =>
        `<salesOrderDetail><operation>${l.op ?? 'A'}</operation><line>${l.line}</line><sodPart>${l.part}</sodPart><sodQtyOrd>${l.qty}</sodQtyOrd></salesOrderDetail>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns="urn:schemas-qad-com:xml-services" xmlns:qcom="urn:schemas-qad-com:xml-services:common" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing">
  <soapenv:Header><wsa:Action/><wsa:To>urn:services-qad-com:${receiver}</wsa:To><wsa:MessageID>urn:services-qad-com::${receiver}</wsa:MessageID>
    <wsa:ReferenceParameters><qcom:suppressResponseDetail>false</qcom:suppressResponseDetail></wsa:ReferenceParameters></soapenv:Header>
  <soapenv:Body><maintainSalesOrder><qcom:dsSessionContext>${tt}</qcom:dsSessionContext>
    <dsSalesOrder><salesOrder><operation>${order.op ?? 'A'}</operation><soNbr>${order.soNbr}</soNbr><soCust>${order.cust}</soCust>
      <soOrdDate>2026-11-27</soOrdDate><soDueDate>2026-12-04</soDueDate>${order.po === undefined ? '' : `<soPo>${order.po}</soPo>`}${order.curr ? `<soCurr>${order.curr}</soCurr>` : ''}${lines}</salesOrder></dsSalesOrder>
  </maintainSalesOrder></soapenv:Body></soapenv:Envelope>`;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (n) => n === 'temp_err_msg',
});

describe('QAD sandbox QXtend', () => {
  let t: QadTestTenant;
  let cust: any;
  let items: any[];
  const ctx = (domain: string, extra: Record<string, string | undefined> = {}) => ({
    domain,
    scopeTransaction: 'true',
    version: 'ERP3_2',
    username: 'integration',
    password: 'integration-pw',
    ...extra,
  });
  const post = async (xml: string) => {
    const res = await fetch(t.qad.qxtendUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml;charset="utf-8"', soapaction: '""' },
      body: xml,
    });
    const text = await res.text();
    const body = parser.parse(text).Envelope.Body;
    return { status: res.status, text, body, response: body.maintainSalesOrderResponse };
  };
  beforeAll(async () => {
    t = await startTenant();
    cust = ((await t.control('GET', '/records/customers')).body.records as any[]).find((c) => c.isActive);
    items = ((await t.control('GET', '/records/items')).body.records as any[]).filter((i) => i.isActive);
  });
  afterAll(() => t.close());

  it('creates an order with operation A, visible to REST and browses, and answers 2041 on a repeat', async () => {
    const order = {
      soNbr: 'Q100',
      cust: cust.customerCode,
      po: 'HS-Q-100',
      lines: items.slice(0, 3).map((i, n) => ({ line: n + 1, part: i.itemCode, qty: n + 1 })),
    };
    const ok = await post(envelope(order, ctx(cust.domainCode)));
    expect(ok.status).toBe(200);
    expect(ok.response.result).toBe('success');
    expect(ok.text).toContain('<ns2:propertyValue>****</ns2:propertyValue>');
    expect(ok.response.dsSalesOrderResponse.salesOrder.soNbr).toBe('Q100');
    const stored = (await t.control('GET', '/sales-orders?purchaseOrder=HS-Q-100')).body.salesOrders;
    expect(stored).toHaveLength(1);
    expect(stored[0].lines.map((l: any) => l.unitOfMeasure)).toEqual(
      items.slice(0, 3).map((i) => i.unitOfMeasure),
    );
    const rows = await t.browseAll(BROWSE_IDS.salesOrders, ['so_mstr.so_po,eq,HS-Q-100,literal']);
    expect(rows.map((r) => r['so_mstr.so_nbr'])).toEqual(['Q100']);
    const dup = await post(envelope(order, ctx(cust.domainCode)));
    expect(dup.response.result).toBe('error');
    expect(dup.response.dsExceptions.temp_err_msg[0].tt_msg_nbr).toBe('2041');
  });

  it('rolls the whole order back under scopeTransaction when one line fails, and keeps the good part otherwise', async () => {
    const order = {
      soNbr: 'Q200',
      cust: cust.customerCode,
      po: 'HS-Q-200',
      lines: [
        { line: 1, part: items[0].itemCode, qty: 1 },
        { line: 2, part: 'NO-SUCH', qty: 1 },
      ],
    };
    const rolled = await post(envelope(order, ctx(cust.domainCode)));
    expect(rolled.response.result).toBe('error');
    expect(rolled.response.dsExceptions.temp_err_msg.map((m: any) => m.tt_msg_field)).toContain('sodPart');
    expect((await t.control('GET', '/sales-orders?purchaseOrder=HS-Q-200')).body.salesOrders).toEqual([]);
    const partial = await post(envelope(order, ctx(cust.domainCode, { scopeTransaction: 'false' })));
    expect(partial.response.result).toBe('error');
    const kept = (await t.control('GET', '/sales-orders?purchaseOrder=HS-Q-200')).body.salesOrders;
    expect(kept[0].lines).toHaveLength(1);
  });

  it('modifies and removes with M and R', async () => {
    const modify = await post(
      envelope(
        {
          op: 'M',
          soNbr: 'Q200',
          cust: cust.customerCode,
          lines: [
            { line: 2, part: items[1].itemCode, qty: 4, op: 'A' },
            { line: 1, part: items[0].itemCode, qty: 1, op: 'R' },
          ],
        },
        ctx(cust.domainCode),
      ),
    );
    expect(modify.response.result).toBe('success');
    const after = (await t.control('GET', '/sales-orders?purchaseOrder=HS-Q-200')).body.salesOrders[0];
    expect(after.lines.map((l: any) => [l.salesOrderLine, l.quantityOrdered])).toEqual([[2, 4]]);
    const missing = await post(
      envelope({ op: 'M', soNbr: 'Q999', cust: cust.customerCode, lines: [] }, ctx(cust.domainCode)),
    );
    expect(missing.response.result).toBe('error');
    const removed = await post(
      envelope({ op: 'R', soNbr: 'Q200', cust: cust.customerCode, lines: [] }, ctx(cust.domainCode)),
    );
    expect(removed.response.result).toBe('success');
    expect((await t.control('GET', '/sales-orders?purchaseOrder=HS-Q-200')).body.salesOrders).toEqual([]);
  });

  it('stores truncated values with a warning', async () => {
    const longPo = 'HS-DEAL-0123456789-ABCDEFG';
    const res = await post(
      envelope(
        {
          soNbr: 'Q300',
          cust: cust.customerCode,
          po: longPo,
          lines: [{ line: 1, part: items[0].itemCode, qty: 1 }],
        },
        ctx(cust.domainCode),
      ),
    );
    expect(res.response.result).toBe('warning');
    expect(res.response.dsExceptions.temp_err_msg[0]).toMatchObject({
      tt_msg_desc: 'Submitted data was truncated',
      tt_msg_sev: 'warning',
      tt_msg_field: 'soPo',
    });
    const stored = (await t.control('GET', `/sales-orders?purchaseOrder=${longPo.slice(0, 22)}`)).body
      .salesOrders;
    expect(stored).toHaveLength(1);
  });

  it('answers SOAP Faults for bad XML, an unknown receiver, a missing version and bad credentials', async () => {
    const order = { soNbr: 'Q400', cust: cust.customerCode, lines: [] };
    const cases = [
      '<soapenv:Envelope><broken>',
      envelope(order, ctx(cust.domainCode), 'NOPE'),
      envelope(order, ctx(cust.domainCode, { version: undefined })),
      envelope(order, ctx(cust.domainCode, { password: 'wrong' })),
    ];
    const faults = [];
    for (const xml of cases) {
      const res = await post(xml).catch(async () => {
        const raw = await fetch(t.qad.qxtendUrl, { method: 'POST', body: xml });
        return {
          status: raw.status,
          body: parser.parse(await raw.text()).Envelope.Body,
          response: undefined,
          text: '',
        };
      });
      expect(res.status).toBe(500);
      faults.push(res.body.Fault);
    }
    expect(faults.map((f) => f.faultcode)).toEqual([
      'soapenv:Client',
      'soapenv:Client',
      'soapenv:Client',
      'soapenv:Client',
    ]);
    expect(faults[1].faultstring).toContain('NOPE');
    expect(faults[2].faultstring).toContain('version');
    expect(
      (await t.control('GET', '/sales-orders?domainCode=' + cust.domainCode)).body.salesOrders.map(
        (o: any) => o.salesOrderNumber,
      ),
    ).not.toContain('Q400');
  });

  it('answers success and stores nothing in silent no-op mode', async () => {
    await t.control('POST', '/qxtend', { silentNoOp: true });
    const res = await post(
      envelope(
        {
          soNbr: 'Q500',
          cust: cust.customerCode,
          po: 'HS-Q-500',
          lines: [{ line: 1, part: items[0].itemCode, qty: 1 }],
        },
        ctx(cust.domainCode),
      ),
    );
    expect(res.response.result).toBe('success');
    expect((await t.control('GET', '/sales-orders?purchaseOrder=HS-Q-500')).body.salesOrders).toEqual([]);
    await t.control('POST', '/qxtend', { silentNoOp: false });
  });

  it('queues requests beyond the pool size and still answers all of them', async () => {
    await t.control('POST', '/qxtend', { poolSize: 1, processingDelayMs: 800 });
    const pending = [601, 602, 603].map((n) =>
      post(
        envelope(
          {
            soNbr: `Q${n}`,
            cust: cust.customerCode,
            po: `HS-Q-${n}`,
            lines: [{ line: 1, part: items[0].itemCode, qty: 1 }],
          },
          ctx(cust.domainCode),
        ),
      ),
    );
    let maxQueued = 0;
    for (let i = 0; i < 200 && maxQueued < 2; i += 1) {
      const state = await t.control('POST', '/qxtend', {});
      maxQueued = Math.max(maxQueued, state.body.queued as number);
    }
    expect(maxQueued).toBe(2);
    const results = await Promise.all(pending);
    expect(results.map((r) => r.response.result)).toEqual(['success', 'success', 'success']);
    await t.control('POST', '/qxtend', { poolSize: 2, processingDelayMs: 0 });
  });
});
