/**
 * Builds the SOAP 1.1 + WS-Addressing `maintainSalesOrder` QDoc. Element order matters to the UI
 * API (it drives the screen field by field), so it is fixed here. Values are escaped; values with
 * characters XML 1.0 cannot carry at all are refused.
 */
import { DataError } from '../../../core/errors.js';
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

/**
 * The first character XML 1.0 does not allow (`Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] |
 * [#xE000-#xFFFD] | [#x10000-#x10FFFF]`) as its code point, or undefined. No escaping can carry
 * such a character — even `&#1;` is ill-formed — so a value holding one must be refused.
 */
export function xmlInvalidCodePoint(value: string): number | undefined {
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    const allowed =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      (cp >= 0x10000 && cp <= 0x10ffff);
    if (!allowed) return cp;
  }
  return undefined;
}

/** `U+0001` notation of a code point, for messages. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Refuses the order before any envelope exists when a value would make it ill-formed XML. The
 * message names the field and the character, never the value (the session fields are credentials).
 */
function assertXmlText(order: QadSalesOrderInput, options: QxtendOptions): void {
  const fields: [string, string | number | undefined][] = [
    ['domain', options.domain],
    ['version', options.version],
    ['receiver', options.receiver],
    ['username', options.username],
    ['password', options.password],
    ['soNbr', order.orderNumber],
    ['soCust', order.customerCode],
    ['soOrdDate', order.orderDate],
    ['soPo', order.po],
    ['soCurr', order.currency],
    ['soSite', order.site],
    ...order.lines.flatMap((line, i): [string, string | undefined][] => [
      [`sodPart of line ${i + 1}`, line.itemCode],
      [`sodUm of line ${i + 1}`, line.uom],
    ]),
  ];
  for (const [field, value] of fields) {
    if (typeof value !== 'string') continue;
    const cp = xmlInvalidCodePoint(value);
    if (cp === undefined) continue;
    throw new DataError(
      'RECORD_INVALID',
      `QXtend maintainSalesOrder: ${field} contains ${codePointLabel(cp)}, a character XML 1.0 does not allow; the order is not sent`,
      { details: { field, codePoint: codePointLabel(cp) } },
    );
  }
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

/**
 * Builds the full request envelope. `messageId` is unique per request (echoed in RelatesTo).
 * Throws DataError RECORD_INVALID, before building anything, when a value holds a character XML
 * 1.0 does not allow.
 */
export function buildMaintainSalesOrderEnvelope(
  order: QadSalesOrderInput,
  options: QxtendOptions,
  messageId: string,
): string {
  assertXmlText(order, options);
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
