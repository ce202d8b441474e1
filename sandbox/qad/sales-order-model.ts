/** The sandbox's sales-order records (so_mstr + sod_det), shared by the REST and QXtend surfaces. */
import type { SalesOrderLineRecord, SalesOrderRecord } from '../data/index.js';

export type { InvoiceRecord, SalesOrderLineRecord, SalesOrderRecord } from '../data/index.js';

/** Table key of an order: domain + NUL + number, so the sort is by domain then number. */
export function orderKey(domainCode: string, salesOrderNumber: string): string {
  return `${domainCode}\u0000${salesOrderNumber}`;
}

const cents = (value: number): number => Math.round(value * 100) / 100;

/** Σ quantity × net price over the lines, rounded to 2 decimals. */
export function orderTotal(order: SalesOrderRecord): number {
  return cents(order.lines.reduce((sum, l) => sum + l.quantityOrdered * l.netPrice, 0));
}

/** Σ shipped quantity × net price, rounded to 2 decimals. */
export function shippedAmount(order: SalesOrderRecord): number {
  return cents(order.lines.reduce((sum, l) => sum + l.quantityShipped * l.netPrice, 0));
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

/** Every line field but the stamp: a line whose fields are all equal did not change. */
const LINE_FIELDS = [
  'salesOrderLine',
  'itemCode',
  'description',
  'siteCode',
  'quantityOrdered',
  'unitOfMeasure',
  'listPrice',
  'discountFormatted',
  'netPrice',
  'dueDate',
  'quantityShipped',
  'quantityInvoiced',
  'lineStatus',
] as const satisfies readonly Exclude<keyof SalesOrderLineRecord, 'lastModifiedMs'>[];

function sameContent(a: SalesOrderLineRecord, b: SalesOrderLineRecord): boolean {
  for (const key of LINE_FIELDS) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The order with its line stamps settled against the stored `previous` version: an unchanged
 * line keeps its stamp, a changed or new line takes the order's stamp (a new line that already
 * carries a stamp, e.g. from a replayed history, keeps it).
 */
export function restampLines(
  previous: SalesOrderRecord | undefined,
  next: SalesOrderRecord,
): SalesOrderRecord {
  const before = previous?.lines ?? [];
  return {
    ...next,
    lines: next.lines.map((l, i) => {
      const same = before[i];
      const old =
        same?.salesOrderLine === l.salesOrderLine
          ? same
          : before.find((b) => b.salesOrderLine === l.salesOrderLine);
      if (old !== undefined && sameContent(old, l)) return { ...l, lastModifiedMs: old.lastModifiedMs };
      if (old === undefined && l.lastModifiedMs > 0) return l;
      return { ...l, lastModifiedMs: next.lastModifiedMs };
    }),
  };
}
