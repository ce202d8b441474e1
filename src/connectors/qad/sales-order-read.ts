/**
 * Reading sales orders back from QAD: by customer PO through the sales-order browse, by number
 * through `salesOrderHeaders` + `salesOrderLinesGrid`. Used by the exactly-once guards (REST and
 * QXtend) and for the read-back after every create.
 */
import type { EventBus } from '../../core/events.js';
import { browsePages } from './browse.js';
import { QAD_DOCUMENTS, type QadBrowseSpec } from './defaults.js';
import { getDocument } from './documents.js';
import { normaliseSalesOrderRow } from './normalise/sales-order.js';
import type { QadRest } from './rest.js';
import type {
  QadSalesOrderInput,
  QadSalesOrderLine,
  QadSalesOrderResult,
  QadSalesOrderSummary,
} from './types.js';

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
