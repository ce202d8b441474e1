/**
 * How a sales order moves after entry: shipments (part or all of each line's remaining quantity),
 * invoices for what is shipped and not yet invoiced, credit hold and release, cancellation and
 * closing — and the one status an integration maps (open … cancelled) derived from those facts.
 * Steps are pure: they return the next order (and the invoice they raise) or why they refuse.
 */
import type { OrderLifeStep } from '../data/index.js';
import { ACTION_STATUS, LINE_CLOSED } from './assumed-order-shapes.js';
import { dayOf } from './ordered-table.js';
import type { InvoiceRecord, SalesOrderLineRecord, SalesOrderRecord } from './sales-order-model.js';

export type { OrderLifeStep } from '../data/index.js';

/** Every step, in the order the control API documents them. */
export const ORDER_LIFE_STEPS: readonly OrderLifeStep[] = [
  'ship-part',
  'ship-all',
  'invoice',
  'hold',
  'release',
  'cancel',
  'close',
];

/** The order's life status, derived from its action status, lines and invoices. */
export type OrderLifeStatus =
  'open' | 'on_credit_hold' | 'partially_shipped' | 'shipped' | 'invoiced' | 'closed' | 'cancelled';

/** What a step needs besides the order. */
export interface StepContext {
  nowMs: number;
  user: string;
  /** Issues the tenant's next invoice number (called only when an invoice is raised). */
  nextInvoiceNumber(): string;
  /** `ship-part` only: explicit quantities per line (default: half the first open line's rest). */
  lines?: readonly { salesOrderLine: number; quantity: number }[];
}

/** The outcome of a step: the next order (plus its invoice), or the reason it was refused. */
export type StepResult = { order: SalesOrderRecord; invoice?: InvoiceRecord } | { refused: string };

const remaining = (l: SalesOrderLineRecord): number =>
  l.lineStatus === LINE_CLOSED ? 0 : Math.max(0, l.quantityOrdered - l.quantityShipped);

/** The life status of an order (cancelled and closed win over hold; hold wins over shipping). */
export function orderLifeStatus(order: SalesOrderRecord): OrderLifeStatus {
  if (order.status === ACTION_STATUS.cancelled) return 'cancelled';
  const lines = order.lines;
  if (lines.length > 0 && lines.every((l) => l.lineStatus === LINE_CLOSED)) return 'closed';
  if (order.status === ACTION_STATUS.creditHold) return 'on_credit_hold';
  if (lines.length > 0 && lines.every((l) => l.quantityShipped >= l.quantityOrdered))
    return lines.every((l) => l.quantityInvoiced >= l.quantityShipped) ? 'invoiced' : 'shipped';
  return lines.some((l) => l.quantityShipped > 0) ? 'partially_shipped' : 'open';
}

function stamped(order: SalesOrderRecord, lines: SalesOrderLineRecord[], ctx: StepContext) {
  return { ...order, lines, lastModifiedMs: ctx.nowMs, lastModifiedUser: ctx.user };
}

function shipQuantities(order: SalesOrderRecord, step: OrderLifeStep, ctx: StepContext) {
  const wanted = new Map<number, number>();
  if (step === 'ship-all') for (const l of order.lines) wanted.set(l.salesOrderLine, remaining(l));
  else if (ctx.lines && ctx.lines.length > 0) {
    for (const { salesOrderLine, quantity } of ctx.lines) {
      const l = order.lines.find((x) => x.salesOrderLine === salesOrderLine);
      if (!l) return `Line ${salesOrderLine} does not exist.`;
      if (!(quantity > 0) || quantity > remaining(l))
        return `Line ${salesOrderLine} can ship 0 < quantity <= ${remaining(l)}, not ${quantity}.`;
      wanted.set(salesOrderLine, quantity);
    }
  } else {
    const first = order.lines.find((l) => remaining(l) > 0);
    if (first) wanted.set(first.salesOrderLine, Math.max(1, Math.floor(remaining(first) / 2)));
  }
  return wanted;
}

function ship(order: SalesOrderRecord, step: OrderLifeStep, ctx: StepContext): StepResult {
  if (order.status === ACTION_STATUS.creditHold) return { refused: 'Sales order is on credit hold.' };
  const wanted = shipQuantities(order, step, ctx);
  if (typeof wanted === 'string') return { refused: wanted };
  if ([...wanted.values()].every((q) => q <= 0)) return { refused: 'Nothing is left to ship.' };
  const lines = order.lines.map((l) => {
    const q = wanted.get(l.salesOrderLine) ?? 0;
    return q > 0 ? { ...l, quantityShipped: l.quantityShipped + q } : { ...l };
  });
  return { order: { ...stamped(order, lines, ctx), shipDate: dayOf(ctx.nowMs) } };
}

function invoice(order: SalesOrderRecord, ctx: StepContext): StepResult {
  const billed = order.lines
    .filter((l) => l.quantityShipped > l.quantityInvoiced)
    .map((l) => {
      const quantity = l.quantityShipped - l.quantityInvoiced;
      const amount = Math.round(quantity * l.netPrice * 100) / 100;
      return {
        salesOrderLine: l.salesOrderLine,
        itemCode: l.itemCode,
        quantity,
        netPrice: l.netPrice,
        amount,
      };
    });
  if (billed.length === 0) return { refused: 'Nothing shipped is left to invoice.' };
  const invoiceNumber = ctx.nextInvoiceNumber();
  const invoiceDate = dayOf(ctx.nowMs);
  const lines = order.lines.map((l) => ({ ...l, quantityInvoiced: l.quantityShipped }));
  const amount = Math.round(billed.reduce((sum, b) => sum + b.amount, 0) * 100) / 100;
  return {
    order: { ...stamped(order, lines, ctx), invoiceNumber, invoiceDate },
    invoice: {
      invoiceNumber,
      domainCode: order.domainCode,
      salesOrderNumber: order.salesOrderNumber,
      billToCustomerCode: order.billToCustomerCode,
      purchaseOrder: order.purchaseOrder,
      currencyCode: order.currencyCode,
      invoiceDate,
      amount,
      lines: billed,
      lastModifiedMs: ctx.nowMs,
    },
  };
}

/** Applies one step at `ctx.nowMs`; refuses steps the order's state does not allow. */
export function applyStep(order: SalesOrderRecord, step: OrderLifeStep, ctx: StepContext): StepResult {
  const status = orderLifeStatus(order);
  if (status === 'cancelled') return { refused: 'Sales order is cancelled.' };
  if (status === 'closed' && step !== 'invoice') return { refused: 'Sales order is closed.' };
  const copy = (): SalesOrderLineRecord[] => order.lines.map((l) => ({ ...l }));
  switch (step) {
    case 'ship-part':
    case 'ship-all':
      return ship(order, step, ctx);
    case 'invoice':
      return invoice(order, ctx);
    case 'hold':
      if (order.status === ACTION_STATUS.creditHold) return { refused: 'Sales order is already on hold.' };
      return { order: { ...stamped(order, copy(), ctx), status: ACTION_STATUS.creditHold } };
    case 'release':
      if (order.status !== ACTION_STATUS.creditHold) return { refused: 'Sales order is not on hold.' };
      return { order: { ...stamped(order, copy(), ctx), status: '' } };
    case 'cancel':
      if (order.lines.some((l) => l.quantityShipped > 0))
        return { refused: 'Sales order has shipments; close it instead of cancelling.' };
      return {
        order: {
          ...stamped(
            order,
            order.lines.map((l) => ({ ...l, lineStatus: LINE_CLOSED })),
            ctx,
          ),
          status: ACTION_STATUS.cancelled,
        },
      };
    case 'close':
      if (order.lines.length === 0) return { refused: 'Sales order has no lines.' };
      return {
        order: stamped(
          order,
          order.lines.map((l) => ({ ...l, lineStatus: LINE_CLOSED })),
          ctx,
        ),
      };
  }
}
