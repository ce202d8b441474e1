/**
 * Builds the SOAP 1.1 + WS-Addressing `maintainSalesOrder` QDoc (reference §5.2). Element order
 * matters to the UI API (it drives the screen field by field), so it is fixed here.
 */
import type { QadSalesOrderInput } from '../types.js';

/** QXtend call settings for one on-premise site. */
export interface QxtendOptions {
  /** `http(s)://<host>:<port>/qxi/services/QdocWebService`. */
  url: string;
  /** Receiver configured in QXtend (e.g. `QADERP`); becomes `wsa:To urn:services-qad-com:<receiver>`. */
  receiver: string;
  /** QDoc version, mandatory (e.g. `ERP3_2`). */
  version: string;
  domain: string;
  /** A add (error if exists), M modify, R remove. */
  operation: 'A' | 'M' | 'R';
  /** true: a failing line rolls back the whole order. */
  scopeTransaction: boolean;
  /** Session-context credentials when the receiver requires them. */
  username?: string;
  password?: string;
  /** Line iteration element; default by version (see defaultLineElement). */
  lineElement?: string;
  /** Per-attempt HTTP timeout; default 60 000 ms (QXtend UI APIs are slow). */
  timeoutMs?: number;
}

/** `salesOrderLineDetail` for eB-era QDoc versions (eB_2, eB2_1 …) [DOC S11], else `salesOrderDetail` (ERP3_x) [CODE C8]. */
export function defaultLineElement(version: string): string {
  return /^eB/i.test(version) ? 'salesOrderLineDetail' : 'salesOrderDetail';
}

/** Escapes text for an XML element body or attribute. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function el(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

function context(name: string, value: string): string {
  return (
    '<qcom:ttContext><qcom:propertyQualifier>QAD</qcom:propertyQualifier>' +
    `<qcom:propertyName>${escapeXml(name)}</qcom:propertyName>` +
    `<qcom:propertyValue>${escapeXml(value)}</qcom:propertyValue></qcom:ttContext>`
  );
}

/** Builds the full request envelope. `messageId` is unique per request (echoed in RelatesTo). */
export function buildMaintainSalesOrderEnvelope(
  order: QadSalesOrderInput,
  options: QxtendOptions,
  messageId: string,
): string {
  const session = [
    context('domain', options.domain),
    context('scopeTransaction', String(options.scopeTransaction)),
    context('version', options.version),
    context('mnemonicsRaw', 'false'),
    options.username !== undefined ? context('username', options.username) : '',
    options.password !== undefined ? context('password', options.password) : '',
  ].join('');
  const lineElement = options.lineElement ?? defaultLineElement(options.version);
  const lines = order.lines
    .map(
      (line, i) =>
        `<${lineElement}>` +
        el('operation', options.operation) +
        el('line', i + 1) +
        el('sodPart', line.itemCode) +
        el('sodSite', order.site) +
        el('sodQtyOrd', line.quantity) +
        el('sodListPr', line.price) +
        el('sodPrice', line.price) +
        el('sodUm', line.uom) +
        `</${lineElement}>`,
    )
    .join('');
  const header =
    el('operation', options.operation) +
    el('soNbr', order.orderNumber) +
    el('soCust', order.customerCode) +
    el('soBill', order.customerCode) +
    el('soShip', order.customerCode) +
    el('soOrdDate', order.orderDate) +
    el('soPo', order.po) +
    el('soCurr', order.currency) +
    el('soSite', order.site);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns="urn:schemas-qad-com:xml-services"' +
    ' xmlns:qcom="urn:schemas-qad-com:xml-services:common"' +
    ' xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:wsa="http://www.w3.org/2005/08/addressing">' +
    '<soapenv:Header>' +
    '<wsa:Action/>' +
    `<wsa:To>urn:services-qad-com:${escapeXml(options.receiver)}</wsa:To>` +
    `<wsa:MessageID>${escapeXml(messageId)}</wsa:MessageID>` +
    '<wsa:ReferenceParameters><qcom:suppressResponseDetail>true</qcom:suppressResponseDetail></wsa:ReferenceParameters>' +
    '<wsa:ReplyTo><wsa:Address>urn:services-qad-com:</wsa:Address></wsa:ReplyTo>' +
    '</soapenv:Header>' +
    '<soapenv:Body><maintainSalesOrder>' +
    `<qcom:dsSessionContext>${session}</qcom:dsSessionContext>` +
    `<dsSalesOrder><salesOrder>${header}${lines}</salesOrder></dsSalesOrder>` +
    '</maintainSalesOrder></soapenv:Body></soapenv:Envelope>'
  );
}
