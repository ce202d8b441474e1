/**
 * Parses a QXtend SOAP request: validates the XML, finds the receiver (`wsa:To`), the QDoc
 * (body root), the session context (`ttContext` rows) and the sales orders. Problems found
 * here become SOAP Faults.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed `maintainSalesOrder` request. */
export interface QxtendRequest {
  receiver: string;
  qdoc: string;
  messageId: string;
  suppressResponseDetail: boolean;
  session: Map<string, string>;
  salesOrders: Record<string, unknown>[];
}

/** A fault found before processing. */
export interface QxtendFault {
  fault: { code: 'Client' | 'Server'; message: string };
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['ttContext', 'salesOrder', 'salesOrderDetail', 'salesOrderLineDetail'].includes(name),
});

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Parses the body; a fault for malformed XML, a missing Envelope/Body or QDoc. */
export function parseQxtendRequest(xmlText: string): QxtendRequest | QxtendFault {
  if (xmlText.trim() === '' || XMLValidator.validate(xmlText) !== true)
    return { fault: { code: 'Client', message: 'Unable to parse the SOAP request: malformed XML' } };
  const doc = obj(parser.parse(xmlText) as unknown);
  const envelope = obj(doc.Envelope);
  if (!('Body' in envelope))
    return { fault: { code: 'Client', message: 'SOAP Envelope with a Body is required' } };
  const header = obj(envelope.Header);
  const body = obj(envelope.Body);
  const qdoc = Object.keys(body)[0];
  if (qdoc === undefined) return { fault: { code: 'Client', message: 'SOAP Body holds no QDoc' } };
  const root = obj(body[qdoc]);
  const session = new Map<string, string>();
  const contexts = obj(root.dsSessionContext).ttContext;
  for (const row of Array.isArray(contexts) ? contexts : []) {
    const r = obj(row);
    const name = text(r.propertyName);
    if (name !== '') session.set(name, text(r.propertyValue));
  }
  const to = text(header.To) || (session.get('To') ?? '');
  const receiver = to.startsWith('urn:services-qad-com:')
    ? to.slice('urn:services-qad-com:'.length)
    : (session.get('receiver') ?? to);
  const suppress =
    text(obj(header.ReferenceParameters).suppressResponseDetail) ||
    (session.get('suppressResponseDetail') ?? 'true');
  const orders = obj(root.dsSalesOrder).salesOrder;
  return {
    receiver,
    qdoc,
    messageId: text(header.MessageID),
    suppressResponseDetail: suppress.toLowerCase() !== 'false',
    session,
    salesOrders: (Array.isArray(orders) ? orders : []).map(obj),
  };
}

/** Reads a simple element as text ('' when absent). */
export function field(element: Record<string, unknown>, name: string): string {
  return text(element[name]);
}

/** The line elements of a salesOrder (ERP3 `salesOrderDetail` or eB2 `salesOrderLineDetail`). */
export function lineElements(order: Record<string, unknown>): Record<string, unknown>[] {
  const lines = order.salesOrderDetail ?? order.salesOrderLineDetail;
  return (Array.isArray(lines) ? lines : []).map(obj);
}
