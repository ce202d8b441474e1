/**
 * QXtend Inbound client for on-premise sites (sandbox/qad/vendor-facts.md: "Writing a sales order over QXtend"): one `maintainSalesOrder`
 * SOAP call per order, guarded exactly like REST — look up by PO first, treat a duplicate (2041)
 * as already done, after a lost response look up by PO before anything else — and verified by a
 * REST/browse read-back, because QXtend has answered `success` while storing nothing.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError, DataError, HttpError, SystemError, isConnectorError } from '../../../core/errors.js';
import type { EventBus } from '../../../core/events.js';
import type { HttpClient } from '../../../http/types.js';
import type { QadClient } from '../client.js';
import { QAD_DUPLICATE_ORDER_CODE } from '../defaults.js';
import { isLostResponse } from '../sales-orders.js';
import type { QadSalesOrderInput, QadSalesOrderResult } from '../types.js';
import { buildMaintainSalesOrderEnvelope, type QxtendOptions } from './envelope.js';
import { parseQxtendResponse, type QxtendMessage, type QxtendReply } from './response.js';
import '../events.js';

/** Dependencies: the HTTP layer, and the REST client used for the PO guard and read-back. */
export interface QxtendClientOptions {
  http: HttpClient;
  /** REST/browse access to the same site, for lookup by PO and verification. */
  rest: QadClient;
  events?: EventBus;
}

/** Creates orders through QXtend. */
export interface QxtendClient {
  /**
   * Sends `maintainSalesOrder` and returns the order as read back over REST. Throws DataError
   * QAD_QXTEND_ERROR (result=error; messages in details), SystemError QAD_QXTEND_FAULT (SOAP
   * Fault), or QAD_ORDER_NOT_FOUND_AFTER_CREATE (success, but nothing to read back; retryable).
   */
  maintainSalesOrder(order: QadSalesOrderInput, options: QxtendOptions): Promise<QadSalesOrderResult>;
}

function describe(messages: readonly QxtendMessage[]): string {
  return messages
    .map((m) => `${m.number}: ${m.description}${m.field !== undefined ? ` [${m.field}]` : ''}`)
    .join('; ');
}

/** Masks the password wherever a message might echo it. */
function mask(text: string, secret: string | undefined): string {
  return secret !== undefined && secret.length > 0 ? text.split(secret).join('****') : text;
}

/** Creates the QXtend client. */
export function createQxtendClient(deps: QxtendClientOptions): QxtendClient {
  const { http, rest, events } = deps;

  async function send(order: QadSalesOrderInput, options: QxtendOptions): Promise<QxtendReply> {
    const messageId = `urn:messages-ml-connector:${randomUUID()}`;
    const envelope = buildMaintainSalesOrderEnvelope(order, options, messageId);
    try {
      const res = await http.request({
        method: 'POST',
        url: options.url,
        headers: { 'content-type': 'text/xml;charset="utf-8"', soapaction: '""', accept: 'text/xml' },
        body: envelope,
        retry: 'never',
        system: 'qad',
        priority: 'orders',
        timeoutMs: options.timeoutMs ?? 60_000,
      });
      if (res.status >= 400) {
        const reply = parseQxtendResponse(res.text, 'maintainSalesOrder');
        if (reply.kind === 'fault') return reply;
        throw new HttpError('HTTP_STATUS', `QXtend ${new URL(options.url).host} answered ${res.status}`, {
          details: { status: res.status },
        });
      }
      return parseQxtendResponse(res.text, 'maintainSalesOrder');
    } catch (error) {
      // SOAP Faults come with HTTP 500, which the HTTP layer turns into HTTP_SERVER_ERROR.
      if (
        error instanceof HttpError &&
        error.code === 'HTTP_SERVER_ERROR' &&
        typeof error.details['body'] === 'string'
      ) {
        const reply = parseQxtendResponse(error.details['body'], 'maintainSalesOrder');
        if (reply.kind === 'fault') return reply;
        const fault = /<(?:\w+:)?faultstring>([^<]*)</.exec(error.details['body']);
        if (fault) return { kind: 'fault', faultCode: 'Server', faultString: fault[1] ?? '' };
      }
      throw error;
    }
  }

  async function readBack(
    order: QadSalesOrderInput,
    alreadyExisted: boolean,
  ): Promise<QadSalesOrderResult | undefined> {
    const found = await rest.findSalesOrderByPo(order.po);
    if (!found) return undefined;
    const result = await rest.readSalesOrder(found.orderNumber);
    return result === undefined ? undefined : { ...result, alreadyExisted };
  }

  async function maintainSalesOrder(
    order: QadSalesOrderInput,
    options: QxtendOptions,
  ): Promise<QadSalesOrderResult> {
    if (options.operation === 'A') {
      const existing = await readBack(order, true);
      if (existing) {
        events?.emit('qad.order.already-exists', {
          orderNumber: existing.orderNumber,
          po: order.po,
          reason: 'po-lookup',
        });
        return existing;
      }
    }
    let reply: QxtendReply;
    try {
      reply = await send(order, options);
    } catch (error) {
      if (isLostResponse(error)) {
        const committed = await readBack(order, false);
        if (committed) return committed;
      }
      if (isConnectorError(error)) error.message = mask(error.message, options.password);
      throw error;
    }
    const host = new URL(options.url).host;
    if (reply.kind === 'fault') {
      events?.emit('qad.qxtend.response', { qdoc: 'maintainSalesOrder', result: 'fault' });
      throw new SystemError(
        'QAD_QXTEND_FAULT',
        mask(
          `QXtend ${host} (receiver ${options.receiver}) answered a SOAP Fault ${reply.faultCode}: ${reply.faultString}`,
          options.password,
        ),
        { details: { faultCode: reply.faultCode, faultString: mask(reply.faultString, options.password) } },
      );
    }
    if (reply.kind === 'unparseable') {
      throw new ConnectorError(
        'QAD_BAD_RESPONSE',
        `QXtend ${host} answered an unreadable response: ${reply.reason}`,
      );
    }
    events?.emit('qad.qxtend.response', { qdoc: 'maintainSalesOrder', result: reply.result });
    if (reply.result === 'error') {
      if (options.operation === 'A' && reply.messages.some((m) => m.number === QAD_DUPLICATE_ORDER_CODE)) {
        const mine = await rest.matchSalesOrder(order.orderNumber, order.po);
        const read = mine ? await rest.readSalesOrder(mine.orderNumber) : undefined;
        const existing = read ? { ...read, alreadyExisted: true } : undefined;
        if (existing) {
          events?.emit('qad.order.already-exists', {
            orderNumber: existing.orderNumber,
            po: order.po,
            reason: 'duplicate-2041',
          });
          return existing;
        }
        throw new DataError(
          'QAD_ORDER_CONFLICT',
          `QAD order number ${order.orderNumber} already exists with a customer PO other than ${order.po}`,
          { details: { orderNumber: order.orderNumber, po: order.po, messages: reply.messages } },
        );
      }
      throw new DataError(
        'QAD_QXTEND_ERROR',
        `QXtend rejected order ${order.orderNumber}: ${describe(reply.messages)}`,
        {
          details: { orderNumber: order.orderNumber, messages: reply.messages },
        },
      );
    }
    events?.emit('qad.order.header.created', { orderNumber: order.orderNumber, po: order.po, via: 'qxtend' });
    if (options.operation === 'R') {
      const result = await rest.readSalesOrder(order.orderNumber);
      return (
        result ?? {
          orderNumber: order.orderNumber,
          lines: [],
          total: 0,
          currency: order.currency,
          alreadyExisted: false,
        }
      );
    }
    const created = await readBack(order, false);
    if (!created || created.lines.length < order.lines.length) {
      throw new ConnectorError(
        'QAD_ORDER_NOT_FOUND_AFTER_CREATE',
        `QXtend ${host} answered ${reply.result} for order ${order.orderNumber} (PO ${order.po}) but ${created ? `only ${created.lines.length} of ${order.lines.length} lines` : 'the order'} cannot be read back (silent no-op?)`,
        {
          retryable: true,
          details: { orderNumber: order.orderNumber, po: order.po, warnings: reply.messages },
        },
      );
    }
    events?.emit('qad.order.created', {
      orderNumber: created.orderNumber,
      po: order.po,
      lines: created.lines.length,
      via: 'qxtend',
    });
    return created;
  }

  return { maintainSalesOrder };
}
