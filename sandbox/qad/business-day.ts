/**
 * "A day of business" on the tenant: a seeded random share of the orders that can still move each
 * take one step suited to their state (open orders ship or go on hold, held orders are released,
 * shipped ones are invoiced, invoiced ones closed), and new EDI/phone orders arrive. Everything is
 * stamped with the sandbox clock and drawn from a PRNG seeded by (seed, day), so a test that sets
 * the clock gets the same day every time.
 */
import { Rng, mixSeed, type OrderLifeStep } from '../data/index.js';
import { addArrivingOrders } from './order-generation.js';
import { applyStep, orderLifeStatus, type OrderLifeStatus } from './order-life.js';
import { dayOf } from './ordered-table.js';
import type { TenantStore } from './store.js';

/** Parameters of one business day. */
export interface BusinessDayInput {
  nowMs: number;
  /** PRNG seed (the control API defaults it to the tenant's seed). */
  seed: number;
  /** Share (0..1) of the movable orders that take a step. */
  share: number;
  /** New orders arriving today. */
  newOrders: number;
  user: string;
}

/** What a business day did. */
export interface BusinessDaySummary {
  date: string;
  /** Orders that could move (not closed or cancelled) before the day. */
  movable: number;
  /** Orders that took a step. */
  moved: number;
  steps: Partial<Record<OrderLifeStep, number>>;
  /** Numbers (`domain/number`) of the orders that moved, in key order. */
  movedOrders: string[];
  /** Numbers (`domain/number`) of the orders that arrived. */
  newOrders: string[];
}

const DAY_SALT = 0xda7;

/** Candidate steps per status, tried in the drawn order until one is allowed. */
const CHOICES: Partial<Record<OrderLifeStatus, readonly (readonly [OrderLifeStep, number])[]>> = {
  open: [
    ['ship-all', 45],
    ['ship-part', 35],
    ['hold', 15],
    ['cancel', 5],
  ],
  on_credit_hold: [['release', 1]],
  partially_shipped: [
    ['ship-all', 50],
    ['invoice', 30],
    ['ship-part', 20],
  ],
  shipped: [['invoice', 1]],
  invoiced: [['close', 1]],
};

function drawOrder(rng: Rng, choices: readonly (readonly [OrderLifeStep, number])[]): OrderLifeStep[] {
  const first = rng.weighted(choices);
  return [first, ...choices.map(([s]) => s).filter((s) => s !== first)];
}

/** Runs one business day on `store`. */
export function runBusinessDay(store: TenantStore, input: BusinessDayInput): BusinessDaySummary {
  const date = dayOf(input.nowMs);
  const rng = new Rng(mixSeed(input.seed, Math.floor(input.nowMs / 86_400_000), DAY_SALT));
  const book = store.orderBook;
  const summary: BusinessDaySummary = {
    date,
    movable: 0,
    moved: 0,
    steps: {},
    movedOrders: [],
    newOrders: [],
  };
  const ctx = { nowMs: input.nowMs, user: input.user, nextInvoiceNumber: () => book.nextInvoiceNumber() };
  for (const key of [...book.orders.sortedKeys()]) {
    const order = book.orders.get(key);
    if (!order) continue;
    const choices = CHOICES[orderLifeStatus(order)];
    if (!choices) continue;
    summary.movable += 1;
    if (!rng.chance(input.share)) continue;
    for (const step of drawOrder(rng, choices)) {
      const result = applyStep(order, step, ctx);
      if ('refused' in result) continue;
      book.put(result.order);
      if (result.invoice) book.addInvoice(result.invoice);
      summary.moved += 1;
      summary.steps[step] = (summary.steps[step] ?? 0) + 1;
      summary.movedOrders.push(`${order.domainCode}/${order.salesOrderNumber}`);
      break;
    }
  }
  for (const o of addArrivingOrders(store, input.newOrders, input.nowMs))
    summary.newOrders.push(`${o.domainCode}/${o.salesOrderNumber}`);
  return summary;
}
