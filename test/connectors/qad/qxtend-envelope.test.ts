import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { browsesFromConfig } from '../../../src/connectors/qad/config-adapter.js';
import { buildMaintainSalesOrderEnvelope } from '../../../src/connectors/qad/qxtend/envelope.js';
import { parseQxtendResponse } from '../../../src/connectors/qad/qxtend/response.js';

const order = {
  orderNumber: 'HS000123',
  customerCode: 'C1000',
  po: 'HS-DEAL-<1>&"2"',
  currency: 'USD',
  orderDate: '2026-11-27',
  site: '10-100',
  lines: [
    { itemCode: '10-100', quantity: 5, price: 12.5, uom: 'EA' },
    { itemCode: '10-200', quantity: 1 },
  ],
};
const options = {
  url: 'http://127.0.0.1:1/qxi/services/QdocWebService',
  receiver: 'QADERP',
  version: 'ERP3_2',
  domain: '10USA',
  operation: 'A' as const,
  scopeTransaction: true,
  username: 'mfg',
  password: 'pw',
};
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (n) => n.endsWith('Detail') || n === 'ttContext',
});

describe('QXtend envelope', () => {
  it('builds a well-formed SOAP 1.1 + WS-Addressing maintainSalesOrder with escaped values', () => {
    const xml = buildMaintainSalesOrderEnvelope(order, options, 'urn:messages:1');
    const doc = parser.parse(xml) as {
      Envelope: {
        Header: { To: string; MessageID: string };
        Body: {
          maintainSalesOrder: {
            dsSessionContext: { ttContext: { propertyName: string; propertyValue: string }[] };
            dsSalesOrder: {
              salesOrder: Record<string, unknown> & { salesOrderDetail: Record<string, string>[] };
            };
          };
        };
      };
    };
    expect(doc.Envelope.Header.To).toBe('urn:services-qad-com:QADERP');
    const ctx = Object.fromEntries(
      doc.Envelope.Body.maintainSalesOrder.dsSessionContext.ttContext.map((c) => [
        c.propertyName,
        c.propertyValue,
      ]),
    );
    expect(ctx).toMatchObject({ domain: '10USA', version: 'ERP3_2', scopeTransaction: 'true' });
    const so = doc.Envelope.Body.maintainSalesOrder.dsSalesOrder.salesOrder;
    expect(so['soPo']).toBe(order.po);
    expect(so['operation']).toBe('A');
    expect(so.salesOrderDetail.map((l) => [l['line'], l['sodPart'], l['sodQtyOrd']])).toEqual([
      ['1', '10-100', '5'],
      ['2', '10-200', '1'],
    ]);
    expect(so.salesOrderDetail[1]).not.toHaveProperty('sodPrice');
  });

  it('uses salesOrderLineDetail for eB versions', () => {
    const xml = buildMaintainSalesOrderEnvelope(order, { ...options, version: 'eB2_1' }, 'm');
    expect(xml).toContain('<salesOrderLineDetail>');
    expect(xml).not.toContain('<salesOrderDetail>');
  });

  it('parses results with dsExceptions, faults and garbage', () => {
    const warning = parseQxtendResponse(
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
       <ns1:maintainSalesOrderResponse xmlns:ns1="urn:schemas-qad-com:xml-services"><ns1:result>warning</ns1:result>
       <ns2:dsExceptions xmlns:ns2="urn:schemas-qad-com:xml-services:common"><ns2:temp_err_msg><ns2:tt_msg_nbr>1</ns2:tt_msg_nbr>
       <ns2:tt_msg_desc>Submitted data was truncated</ns2:tt_msg_desc><ns2:tt_msg_sev>warning</ns2:tt_msg_sev><ns2:tt_msg_field>soPo</ns2:tt_msg_field>
       </ns2:temp_err_msg></ns2:dsExceptions></ns1:maintainSalesOrderResponse></soapenv:Body></soapenv:Envelope>`,
      'maintainSalesOrder',
    );
    expect(warning).toEqual({
      kind: 'result',
      result: 'warning',
      messages: [
        { number: '1', description: 'Submitted data was truncated', severity: 'warning', field: 'soPo' },
      ],
    });
    const fault = parseQxtendResponse(
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>Receiver X is not configured</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
      'maintainSalesOrder',
    );
    expect(fault).toMatchObject({
      kind: 'fault',
      faultCode: 'soapenv:Client',
      faultString: 'Receiver X is not configured',
    });
    expect(parseQxtendResponse('not xml <', 'maintainSalesOrder').kind).toBe('unparseable');
  });

  it('maps the config schema browse ids onto entities', () => {
    expect(browsesFromConfig({ items: 'urn:browse:mfg:pt001', customers: undefined })).toEqual({
      item: { browseId: 'urn:browse:mfg:pt001' },
    });
  });
});
