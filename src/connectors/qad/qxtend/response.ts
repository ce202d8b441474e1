/**
 * Parses a QXtend response: a QDoc `<name>Response` with `result` and `dsExceptions`, or a SOAP
 * Fault (sandbox/qad/vendor-facts.md: "Writing a sales order over QXtend"). Namespace prefixes vary between sites, so they are stripped.
 */
import { XMLParser } from 'fast-xml-parser';
import { messageOf } from '../../../core/errors.js';
import { isRecord } from '../../../core/guards.js';

/** One `temp_err_msg` row. */
export interface QxtendMessage {
  number: string;
  description: string;
  severity?: string;
  field?: string;
  context?: string;
}

/** The parsed outcome. */
export type QxtendReply =
  | { kind: 'result'; result: 'success' | 'warning' | 'error'; messages: QxtendMessage[] }
  | { kind: 'fault'; faultCode: string; faultString: string; detail?: string }
  | { kind: 'unparseable'; reason: string };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'temp_err_msg',
});

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value) && '#text' in value) return text(value['#text']);
  return value === '' ? undefined : JSON.stringify(value);
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** Parses the response body of `<qdoc>` (e.g. `maintainSalesOrder`). Never throws. */
export function parseQxtendResponse(xml: string, qdoc: string): QxtendReply {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    return { kind: 'unparseable', reason: messageOf(error) };
  }
  const body = obj(obj(doc['Envelope'])?.['Body']);
  if (!body) return { kind: 'unparseable', reason: 'no SOAP Envelope/Body' };
  const fault = obj(body['Fault']);
  if (fault) {
    const reply: QxtendReply = {
      kind: 'fault',
      faultCode: text(fault['faultcode']) ?? '',
      faultString: text(fault['faultstring']) ?? '',
    };
    const detail = text(fault['detail']);
    if (detail !== undefined && detail !== '') reply.detail = detail;
    return reply;
  }
  const response = obj(body[`${qdoc}Response`]);
  if (!response) return { kind: 'unparseable', reason: `no ${qdoc}Response element` };
  const result = text(response['result'])?.toLowerCase();
  if (result !== 'success' && result !== 'warning' && result !== 'error') {
    return { kind: 'unparseable', reason: `unknown result "${result ?? ''}"` };
  }
  const rows = obj(response['dsExceptions'])?.['temp_err_msg'];
  const messages: QxtendMessage[] = [];
  for (const row of Array.isArray(rows) ? rows : []) {
    const r = obj(row);
    if (!r) continue;
    const message: QxtendMessage = {
      number: text(r['tt_msg_nbr']) ?? '',
      description: text(r['tt_msg_desc']) ?? '',
    };
    const severity = text(r['tt_msg_sev']);
    const field = text(r['tt_msg_field']);
    const ctx = text(r['tt_msg_context']);
    if (severity) message.severity = severity;
    if (field) message.field = field;
    if (ctx) message.context = ctx;
    messages.push(message);
  }
  return { kind: 'result', result, messages };
}
