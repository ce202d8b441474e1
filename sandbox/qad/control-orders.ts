/**
 * Control-API routes for sales orders (`/_sandbox/sales-orders…`): list them, move one order a
 * step (ship part/all, invoice, hold, release, cancel, close), run a day of business, and let
 * new EDI/phone orders arrive. Every change is stamped with the sandbox clock.
 */
import type { SandboxClock } from './auth.js';
import { runBusinessDay } from './business-day.js';
import { asObject, json, type Reply } from './http-util.js';
import { addArrivingOrders } from './order-generation.js';
import { ORDER_LIFE_STEPS, applyStep, orderLifeStatus, type OrderLifeStep } from './order-life.js';
import { orderTotal, shippedAmount, type SalesOrderRecord } from './sales-order-model.js';
import type { TenantStore } from './store.js';

/** The user control-API changes are stamped with. */
const CONTROL_USER = 'mfg';

/** An order as the control API dumps it: the record plus its derived status, totals and invoices. */
function dump(store: TenantStore, o: SalesOrderRecord): Record<string, unknown> {
  return {
    ...o,
    orderStatus: orderLifeStatus(o),
    totalAmount: orderTotal(o),
    shippedAmount: shippedAmount(o),
    invoices: store.orderBook.invoicesOf(o.domainCode, o.salesOrderNumber),
  };
}

function list(store: TenantStore, url: URL): Reply {
  const po = url.searchParams.get('purchaseOrder');
  const domain = url.searchParams.get('domainCode');
  const orders = (po !== null ? store.ordersByPurchaseOrder(po) : [...store.salesOrders.values()]).filter(
    (o) => !domain || o.domainCode === domain,
  );
  return json(200, { salesOrders: orders.map((o) => dump(store, o)) });
}

const isStep = (value: string): value is OrderLifeStep =>
  (ORDER_LIFE_STEPS as readonly string[]).includes(value);

function shipLines(body: Record<string, unknown>): { salesOrderLine: number; quantity: number }[] | string {
  if (body.lines === undefined) return [];
  if (!Array.isArray(body.lines)) return 'lines must be an array of {salesOrderLine, quantity}';
  const out: { salesOrderLine: number; quantity: number }[] = [];
  for (const raw of body.lines) {
    const l = asObject(raw);
    if (typeof l.salesOrderLine !== 'number' || typeof l.quantity !== 'number')
      return 'each line needs numeric salesOrderLine and quantity';
    out.push({ salesOrderLine: l.salesOrderLine, quantity: l.quantity });
  }
  return out;
}

function step(
  store: TenantStore,
  nowMs: number,
  key: { domainCode: string; salesOrderNumber: string },
  name: OrderLifeStep,
  body: Record<string, unknown>,
): Reply {
  const order = store.getOrder(key.domainCode, key.salesOrderNumber);
  if (!order) return json(404, { error: `sales order ${key.domainCode}/${key.salesOrderNumber} not found` });
  const lines = shipLines(body);
  if (typeof lines === 'string') return json(400, { error: lines });
  const book = store.orderBook;
  const result = applyStep(order, name, {
    nowMs,
    user: CONTROL_USER,
    nextInvoiceNumber: () => book.nextInvoiceNumber(),
    lines,
  });
  if ('refused' in result) return json(409, { error: result.refused, orderStatus: orderLifeStatus(order) });
  const stored = book.put(result.order);
  if (result.invoice) book.addInvoice(result.invoice);
  return json(200, {
    salesOrder: dump(store, stored),
    ...(result.invoice ? { invoice: result.invoice } : {}),
  });
}

function count(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function businessDay(store: TenantStore, nowMs: number, body: Record<string, unknown>): Reply {
  const share = body.share === undefined ? 0.05 : body.share;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    return json(400, { error: 'share must be a number in [0, 1]' });
  const seed = body.seed === undefined ? store.seedValue : body.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    return json(400, { error: 'seed must be an integer' });
  const newOrders = count(body.newOrders, Math.max(1, Math.round(store.salesOrders.size * 0.01)));
  if (newOrders === undefined) return json(400, { error: 'newOrders must be a non-negative integer' });
  if (newOrders > 0 && !hasCatalogue(store))
    return json(409, { error: 'new orders need an active customer and an active item' });
  return json(200, runBusinessDay(store, { nowMs, seed, share, newOrders, user: CONTROL_USER }));
}

function hasCatalogue(store: TenantStore): boolean {
  const any = <T>(values: Iterable<T>, test: (v: T) => boolean): boolean => {
    for (const v of values) if (test(v)) return true;
    return false;
  };
  return any(store.customers.values(), (c) => c.isActive) && any(store.items.values(), (i) => i.isActive);
}

/** Handles `/_sandbox/sales-orders…`; undefined when the route is not an order route. */
export function routeOrderControl(
  store: TenantStore,
  clock: SandboxClock,
  method: string,
  url: URL,
  parts: readonly string[],
  body: Record<string, unknown>,
): Reply | undefined {
  if (parts[0] !== 'sales-orders') return undefined;
  const nowMs = clock.nowMs();
  if (parts.length === 1 && method === 'GET') return list(store, url);
  if (parts.length === 2 && method === 'POST' && parts[1] === 'business-day')
    return businessDay(store, nowMs, body);
  if (parts.length === 2 && method === 'POST' && parts[1] === 'arrivals') {
    const n = count(body.count, 1);
    if (n === undefined) return json(400, { error: 'count must be a non-negative integer' });
    if (n > 0 && !hasCatalogue(store))
      return json(409, { error: 'new orders need an active customer and an active item' });
    return json(201, { salesOrders: addArrivingOrders(store, n, nowMs).map((o) => dump(store, o)) });
  }
  const [, domainCode, salesOrderNumber, name] = parts;
  if (parts.length === 4 && method === 'POST' && domainCode && salesOrderNumber && name) {
    if (!isStep(name)) return json(404, { error: `unknown step ${name}; use ${ORDER_LIFE_STEPS.join('|')}` });
    return step(store, nowMs, { domainCode, salesOrderNumber }, name, body);
  }
  return undefined;
}
