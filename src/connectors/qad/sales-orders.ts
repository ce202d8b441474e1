/**
 * Sales orders over REST, exactly once (docs/orders.md; sandbox/qad/vendor-facts.md: "Writing a sales order over REST", "Exactly once"): look up by customer PO
 * first; create the header; per line initialize → field changes → commit; treat code 2041 or an
 * existing order as "already done"; resume a partial order by adding only missing line numbers;
 * after a lost response look up by PO before anything else; always read the order back.
 */
import { ConnectorError, DataError, isConnectorError } from '../../core/errors.js';
import { QAD_DOCUMENTS, QAD_DUPLICATE_ORDER_CODE } from './defaults.js';
import { getDocument, postDocument, type QadSubmitError } from './documents.js';
import {
  findSalesOrderByPo,
  ownerOfNumber,
  readSalesOrder,
  readSalesOrderLines,
  type QadOrderContext,
} from './sales-order-read.js';
import type { QadSalesOrderInput, QadSalesOrderResult } from './types.js';
import './events.js';

export {
  findSalesOrderByPo,
  ownerOfNumber,
  readSalesOrder,
  readSalesOrderLines,
  type QadOrderContext,
} from './sales-order-read.js';

const LINES = 'salesOrderLinesGrid';

/** Did the call possibly reach QAD without us seeing the answer (reset, timeout, 5xx)? */
export function isLostResponse(error: unknown): boolean {
  if (!isConnectorError(error)) return false;
  return [
    'HTTP_NETWORK',
    'HTTP_TIMEOUT',
    'HTTP_SERVER_ERROR',
    'HTTP_BAD_BODY',
    'HTTP_BODY_TOO_LARGE',
  ].includes(error.code);
}

function submitErrors(error: unknown): QadSubmitError[] {
  if (!(error instanceof DataError) || error.code !== 'QAD_SUBMIT_FAILED') return [];
  const errors = error.details['errors'];
  return Array.isArray(errors) ? (errors as QadSubmitError[]) : [];
}

function hasCode(error: unknown, code: string): boolean {
  return submitErrors(error).some((e) => e.code === code);
}

async function createHeader(ctx: QadOrderContext, order: QadSalesOrderInput): Promise<void> {
  const header: Record<string, unknown> = {
    uri: `${QAD_DOCUMENTS.salesOrderHeaderViewUri}:${ctx.domain}.${order.orderNumber}`,
    salesOrderNumber: order.orderNumber,
    domainCode: ctx.domain,
    soldToCustomerCode: order.customerCode,
    billToCustomerCode: order.customerCode,
    shipToCustomerCode: order.customerCode,
    currencyCode: order.currency,
    [ctx.poField ?? QAD_DOCUMENTS.poField]: order.po,
    orderDate: `${order.orderDate}T00:00:00.000Z`,
    dataOperation: 'C',
  };
  if (order.site !== undefined) header['siteCode'] = order.site;
  await postDocument(ctx.rest, 'salesOrderHeaders', [header], {
    query: { viewUri: QAD_DOCUMENTS.salesOrderHeaderViewUri },
    retry: 'never',
  });
  ctx.events?.emit('qad.order.header.created', { orderNumber: order.orderNumber, po: order.po, via: 'rest' });
}

async function fieldChange(
  ctx: QadOrderContext,
  line: Record<string, unknown>,
  field: string,
): Promise<Record<string, unknown>> {
  const result = await postDocument(ctx.rest, 'salesOrderLines/fieldChange', [line], {
    query: { fieldName: field, dataOperation: 'CREATE' },
    retry: 'safe', // fieldChange stores nothing: safe to repeat
  });
  return result.documents[0] ?? line;
}

async function createLine(
  ctx: QadOrderContext,
  order: QadSalesOrderInput,
  orderNumber: string,
  lineNo: number,
): Promise<void> {
  const input = order.lines[lineNo - 1];
  if (!input) return;
  const templates = await getDocument(
    ctx.rest,
    LINES,
    { initialize: 'true', domainCode: ctx.domain, salesOrderNumber: orderNumber },
    'orders',
  );
  let line: Record<string, unknown> = {
    ...(templates[0] ?? { domainCode: ctx.domain, salesOrderNumber: orderNumber }),
  };
  line['salesOrderLine'] = lineNo;
  const changes: [string, unknown][] = [['itemCode', input.itemCode]];
  if (order.site !== undefined) changes.push(['siteCode', order.site]);
  changes.push(['quantityOrdered', input.quantity]);
  if (input.price !== undefined) changes.push(['netPrice', input.price]);
  for (const [field, value] of changes) {
    line[field] = value;
    line = { ...(await fieldChange(ctx, line, field)), salesOrderLine: lineNo };
  }
  if (input.uom !== undefined) line['unitOfMeasure'] = input.uom;
  try {
    await postDocument(ctx.rest, LINES, [line], { retry: 'never', bodyKey: 'salesOrderLines' });
  } catch (error) {
    // "already exists": committed by an earlier attempt whose answer was lost
    if (submitErrors(error).some((e) => /already exists/i.test(e.message)) || hasCode(error, '2049')) return;
    if (isLostResponse(error)) {
      const lines = await readSalesOrderLines(ctx, orderNumber);
      if (lines.some((l) => l.line === lineNo)) return;
    }
    throw error;
  }
  ctx.events?.emit('qad.order.line.created', { orderNumber, line: lineNo });
}

/** Adds the lines whose numbers (1-based positions in `order.lines`) are missing on the order. */
async function completeLines(
  ctx: QadOrderContext,
  order: QadSalesOrderInput,
  orderNumber: string,
  resume: boolean,
): Promise<void> {
  const existing = resume
    ? new Set((await readSalesOrderLines(ctx, orderNumber)).map((l) => l.line))
    : new Set<number>();
  const missing = order.lines.map((_, i) => i + 1).filter((n) => !existing.has(n));
  if (resume && missing.length > 0)
    ctx.events?.emit('qad.order.resumed', { orderNumber, missingLines: missing });
  for (const lineNo of missing) await createLine(ctx, order, orderNumber, lineNo);
}

async function finish(
  ctx: QadOrderContext,
  order: QadSalesOrderInput,
  orderNumber: string,
  alreadyExisted: boolean,
): Promise<QadSalesOrderResult> {
  const result = await readSalesOrder(ctx, orderNumber, alreadyExisted);
  if (!result || result.lines.length < order.lines.length) {
    throw new ConnectorError(
      'QAD_ORDER_NOT_FOUND_AFTER_CREATE',
      `QAD order ${orderNumber} (PO ${order.po}) ${result ? `has ${result.lines.length} of ${order.lines.length} lines` : 'cannot be read back'} after create`,
      { details: { orderNumber, po: order.po } },
    );
  }
  if (!alreadyExisted) {
    ctx.events?.emit('qad.order.created', {
      orderNumber,
      po: order.po,
      lines: result.lines.length,
      via: 'rest',
    });
  }
  return result;
}

/**
 * Creates `order` exactly once and returns it as read back. See the file comment for the guards.
 * Business rejections throw DataError QAD_SUBMIT_FAILED (field-named errors in details); a number
 * taken by an order with another PO throws DataError QAD_ORDER_CONFLICT.
 */
export async function createSalesOrder(
  ctx: QadOrderContext,
  order: QadSalesOrderInput,
): Promise<QadSalesOrderResult> {
  const found = await findSalesOrderByPo(ctx, order.po);
  if (found) {
    ctx.events?.emit('qad.order.already-exists', {
      orderNumber: found.orderNumber,
      po: order.po,
      reason: 'po-lookup',
    });
    await completeLines(ctx, order, found.orderNumber, true);
    return finish(ctx, order, found.orderNumber, true);
  }
  try {
    await createHeader(ctx, order);
  } catch (error) {
    if (hasCode(error, QAD_DUPLICATE_ORDER_CODE)) {
      const existing = await ownerOfNumber(ctx, order);
      if (!existing) {
        throw new DataError(
          'QAD_ORDER_CONFLICT',
          `QAD order number ${order.orderNumber} already exists with a customer PO other than ${order.po}`,
          { cause: error, details: { orderNumber: order.orderNumber, po: order.po } },
        );
      }
      ctx.events?.emit('qad.order.already-exists', {
        orderNumber: existing.orderNumber,
        po: order.po,
        reason: 'duplicate-2041',
      });
      await completeLines(ctx, order, existing.orderNumber, true);
      return finish(ctx, order, existing.orderNumber, true);
    }
    if (isLostResponse(error)) {
      // The header may have been committed before the connection died: look before anything else.
      const committed = await findSalesOrderByPo(ctx, order.po);
      if (!committed) throw error;
      await completeLines(ctx, order, committed.orderNumber, true);
      return finish(ctx, order, committed.orderNumber, false);
    }
    throw error;
  }
  await completeLines(ctx, order, order.orderNumber, false);
  return finish(ctx, order, order.orderNumber, false);
}
