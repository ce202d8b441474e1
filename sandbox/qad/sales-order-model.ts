/** The sandbox's sales-order records (so_mstr + sod_det), shared by the REST and QXtend surfaces. */

/** One order line (sod_det). Prices are in the order currency; `discountFormatted` is a percent. */
export interface SalesOrderLineRecord {
  salesOrderLine: number;
  itemCode: string;
  description: string;
  siteCode: string;
  quantityOrdered: number;
  unitOfMeasure: string;
  listPrice: number;
  discountFormatted: number;
  netPrice: number;
  dueDate: string | null;
}

/** One order header (so_mstr) with its lines. Dates are `YYYY-MM-DD`. */
export interface SalesOrderRecord {
  salesOrderNumber: string;
  domainCode: string;
  soldToCustomerCode: string;
  billToCustomerCode: string;
  shipToCustomerCode: string;
  siteCode: string;
  currencyCode: string;
  /** Customer PO (so_po). */
  purchaseOrder: string;
  orderDate: string | null;
  dueDate: string | null;
  creditTermsCode: string;
  remarks: string;
  status: string;
  /** Which surface created it: 'rest' | 'qxtend' | 'control'. */
  createdVia: string;
  lines: SalesOrderLineRecord[];
  lastModifiedMs: number;
  lastModifiedUser: string;
}

/** Table key of an order: domain + NUL + number, so the sort is by domain then number. */
export function orderKey(domainCode: string, salesOrderNumber: string): string {
  return `${domainCode}\u0000${salesOrderNumber}`;
}

/** Σ quantity × net price over the lines, rounded to 2 decimals. */
export function orderTotal(order: SalesOrderRecord): number {
  const total = order.lines.reduce((sum, l) => sum + l.quantityOrdered * l.netPrice, 0);
  return Math.round(total * 100) / 100;
}

/** A deep copy (orders are copied before transactional edits). */
export function cloneOrder(order: SalesOrderRecord): SalesOrderRecord {
  return { ...order, lines: order.lines.map((l) => ({ ...l })) };
}

/** Normalises a date given as `YYYY-MM-DD…` (ISO, possibly with time) to `YYYY-MM-DD`; null when blank. */
export function toDay(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match?.[1] ?? null;
}
