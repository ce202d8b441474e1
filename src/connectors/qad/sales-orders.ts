/**
 * Sales orders over REST, exactly once (DESIGN §1, reference §5.1/§5.3): look up by customer PO
 * first; create the header; per line initialize → field changes → commit; treat code 2041 or an
 * existing order as "already done"; resume a partial order by adding only missing line numbers;
 * after a lost response look up by PO before anything else; always read the order back.
 */
import { ConnectorError, DataError, isConnectorError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { browsePages } from './browse.js';
import { QAD_DOCUMENTS, QAD_DUPLICATE_ORDER_CODE, type QadBrowseSpec } from './defaults.js';
import { getDocument, postDocument, type QadSubmitError } from './documents.js';
import { normaliseSalesOrderRow } from './normalise/sales-order.js';
import type { QadRest } from './rest.js';
import type {
  QadSalesOrderInput,
  QadSalesOrderLine,
  QadSalesOrderResult,
  QadSalesOrderSummary,
} from './types.js';
import './events.js';

/** What the order functions need from the client. */
export interface QadOrderContext {
  rest: QadRest;
  domain: string;
  salesOrderBrowse: QadBrowseSpec<'salesOrder'>;
  /** REST header field carrying so_po; default QAD_DOCUMENTS.poField. */
  poField?: string;
  events?: EventBus;
}

const LINES = 'salesOrderLinesGrid';

function num(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** Did the call possibly reach QAD without us seeing the answer (reset, timeout, 5xx)? */
export function isLostResponse(error: unknown): boolean {
  if (!isConnectorError(error)) return false;
  return ['HTTP_NETWORK', 'HTTP_TIMEOUT', 'HTTP_SERVER_ERROR', 'HTTP_BAD_BODY'].includes(error.code);
}

function submitErrors(error: unknown): QadSubmitError[] {
  if (!(error instanceof DataError) || error.code !== 'QAD_SUBMIT_FAILED') return [];
  const errors = error.details['errors'];
  return Array.isArray(errors) ? (errors as QadSubmitError[]) : [];
}

function hasCode(error: unknown, code: string): boolean {
  return submitErrors(error).some((e) => e.code === code);
}

/** Finds the order whose customer PO (so_po) equals `po`, via the sales-order browse. */
export async function findSalesOrderByPo(
  ctx: QadOrderContext,
  po: string,
): Promise<QadSalesOrderSummary | undefined> {
  const spec = ctx.salesOrderBrowse;
  const filters = [{ field: spec.columns.po, op: 'eq' as const, value: po }];
  for await (const rows of browsePages(
    ctx.rest,
    spec.browseId,
    { filters, pageSize: 50, priority: 'orders' },
    ctx.events,
  )) {
    for (const row of rows) {
      const result = normaliseSalesOrderRow(row, spec);
      if (result.status === 'ok' && result.record.po === po) {
        const domain = row[spec.columns.domain];
        if (domain === undefined || domain === ctx.domain) return result.record;
      }
    }
  }
  return undefined;
}

/** Reads the order's committed lines (`GET salesOrderLinesGrid` without initialize). */
export async function readSalesOrderLines(
  ctx: QadOrderContext,
  orderNumber: string,
): Promise<QadSalesOrderLine[]> {
  const docs = await getDocument(
    ctx.rest,
    LINES,
    { domainCode: ctx.domain, salesOrderNumber: orderNumber },
    'orders',
  );
  return docs
    .map((d) => {
      const line: QadSalesOrderLine = {
        line: num(d['salesOrderLine']),
        itemCode: typeof d['itemCode'] === 'string' ? d['itemCode'] : '',
        quantity: num(d['quantityOrdered']),
        price: num(d['netPrice']),
      };
      if (typeof d['unitOfMeasure'] === 'string' && d['unitOfMeasure'] !== '') line.uom = d['unitOfMeasure'];
      return line;
    })
    .filter((l) => l.line > 0)
    .sort((a, b) => a.line - b.line);
}

/**
 * Reads the order back (header + lines). Returns undefined when the header does not exist.
 * `total` = Σ quantity × net price, rounded to cents.
 */
export async function readSalesOrder(
  ctx: QadOrderContext,
  orderNumber: string,
  alreadyExisted: boolean,
): Promise<QadSalesOrderResult | undefined> {
  const headers = await getDocument(
    ctx.rest,
    'salesOrderHeaders',
    { domainCode: ctx.domain, salesOrderNumber: orderNumber, viewUri: QAD_DOCUMENTS.salesOrderHeaderViewUri },
    'orders',
  );
  const header = headers.find((h) => h['salesOrderNumber'] === orderNumber) ?? headers[0];
  if (!header) return undefined;
  const lines = await readSalesOrderLines(ctx, orderNumber);
  const total = Math.round(lines.reduce((sum, l) => sum + l.quantity * l.price, 0) * 100) / 100;
  const currency = typeof header['currencyCode'] === 'string' ? header['currencyCode'] : '';
  return { orderNumber, lines, total, currency, alreadyExisted };
}

/**
 * After a 2041: is the existing order with our number ours? Compares the header's PO field when
 * the document carries it, else falls back to the PO browse. Undefined = not ours (or not found).
 */
export async function ownerOfNumber(
  ctx: QadOrderContext,
  order: Pick<QadSalesOrderInput, 'orderNumber' | 'customerCode' | 'po'>,
): Promise<QadSalesOrderSummary | undefined> {
  const headers = await getDocument(
    ctx.rest,
    'salesOrderHeaders',
    {
      domainCode: ctx.domain,
      salesOrderNumber: order.orderNumber,
      viewUri: QAD_DOCUMENTS.salesOrderHeaderViewUri,
    },
    'orders',
  );
  const header = headers.find((h) => h['salesOrderNumber'] === order.orderNumber);
  const poField = ctx.poField ?? QAD_DOCUMENTS.poField;
  if (header && typeof header[poField] === 'string') {
    return header[poField] === order.po
      ? { orderNumber: order.orderNumber, customerCode: order.customerCode, po: order.po }
      : undefined;
  }
  return findSalesOrderByPo(ctx, order.po);
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
