/**
 * Deterministic sales orders entered straight into QAD (EDI or phone, no CRM deal), for customers
 * and items that exist in the tenant. Order i depends only on (seed, i, catalogue): the header,
 * its lines and a history — the life steps (ship, invoice, hold, close, …) it went through and
 * when. The tenant replays the history with its own rules, so one module owns how orders move.
 */
import { GENERATOR_EPOCH_MS } from './accounts.js';
import { convertPrice, round2 } from './currencies.js';
import { findDomain } from './domains.js';
import { Rng, mixSeed } from './prng.js';
import { pad } from './text.js';
import type { SalesOrderLineRecord, SalesOrderRecord } from './types.js';

/** A step of an order's life, as the tenant's control API names them. */
export type OrderLifeStep = 'ship-part' | 'ship-all' | 'invoice' | 'hold' | 'release' | 'cancel' | 'close';

/** A customer orders can be placed for (active, in a known domain). */
export interface CatalogueCustomer {
  customerCode: string;
  domainCode: string;
  currencyCode: string;
  creditTermsCode: string;
  /** Active contacts of its business relation, any of which an order may name. */
  contactIds: readonly string[];
}

/** An orderable item; `listPrice` is in `currencyCode`. */
export interface CatalogueItem {
  itemCode: string;
  description: string;
  unitOfMeasure: string;
  listPrice: number;
  currencyCode: string;
}

/** What generated orders may reference. Both lists must be non-empty and in a stable order. */
export interface OrderCatalogue {
  customers: readonly CatalogueCustomer[];
  items: readonly CatalogueItem[];
}

/** One generated order plus the steps that brought it to its current state. */
export interface GeneratedOrder {
  index: number;
  order: SalesOrderRecord;
  history: { step: OrderLifeStep; atMs: number }[];
}

/** Options for order generation. */
export interface OrderOptions {
  /** Orders are dated in the 365 days before this instant (epoch ms). Default GENERATOR_EPOCH_MS. */
  asOfMs?: number;
  /** A new order arriving at `asOfMs`: dated that day, no history. */
  fresh?: boolean;
}

const DAY_MS = 86_400_000;
const ORDER_SALT = 0x50de;
const DISCOUNTS = [0, 0, 0, 5, 10] as const;
const QUANTITY_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  EA: [1, 20],
  SET: [1, 10],
  M: [5, 200],
  L: [1, 100],
  HR: [1, 40],
};

/** Sales-order number of generated order i: `E` + 7 digits (8 characters, the so_nbr format). */
export function salesOrderNumberAt(index: number): string {
  return `E${pad(index + 1, 7)}`;
}

const day = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

function line(rng: Rng, number: number, item: CatalogueItem, currency: string, due: string, site: string) {
  const [min, max] = QUANTITY_RANGE[item.unitOfMeasure] ?? [1, 10];
  const listPrice = convertPrice(item.listPrice, item.currencyCode, currency);
  const discountFormatted = rng.pick(DISCOUNTS);
  const record: SalesOrderLineRecord = {
    salesOrderLine: number,
    itemCode: item.itemCode,
    description: item.description,
    siteCode: site,
    quantityOrdered: rng.int(min, max),
    unitOfMeasure: item.unitOfMeasure,
    listPrice,
    discountFormatted,
    netPrice: round2(listPrice * (1 - discountFormatted / 100)),
    dueDate: due,
    quantityShipped: 0,
    quantityInvoiced: 0,
    lineStatus: '',
    lastModifiedMs: 0,
  };
  return record;
}

/** The life an order of `ageDays` has had, as a list of steps (weights favour older = further along). */
function lifeScript(rng: Rng, ageDays: number): OrderLifeStep[] {
  type Script = readonly OrderLifeStep[];
  const young: [Script, number][] = [
    [[], 55],
    [['hold'], 10],
    [['ship-part'], 20],
    [['ship-all'], 10],
    [['hold', 'release', 'ship-part'], 5],
  ];
  const middle: [Script, number][] = [
    [[], 15],
    [['hold'], 5],
    [['ship-part'], 15],
    [['ship-part', 'invoice'], 10],
    [['ship-all'], 15],
    [['ship-all', 'invoice'], 20],
    [['ship-part', 'invoice', 'ship-all', 'invoice'], 5],
    [['ship-all', 'invoice', 'close'], 10],
    [['cancel'], 5],
  ];
  const old: [Script, number][] = [
    [[], 3],
    [['hold'], 2],
    [['ship-part', 'invoice'], 5],
    [['ship-all'], 5],
    [['ship-all', 'invoice'], 15],
    [['ship-all', 'invoice', 'close'], 45],
    [['ship-part', 'invoice', 'ship-all', 'invoice', 'close'], 15],
    [['ship-part', 'invoice', 'close'], 5],
    [['cancel'], 5],
  ];
  return [...rng.weighted(ageDays < 14 ? young : ageDays < 60 ? middle : old)];
}

/**
 * Computes order i for `seed` against `catalogue`, independently of every other order. Its
 * stamps are set to its latest step (the tenant restamps when it replays the history).
 */
export function orderAt(
  seed: number,
  index: number,
  catalogue: OrderCatalogue,
  options: OrderOptions = {},
): GeneratedOrder {
  const asOfMs = options.asOfMs ?? GENERATOR_EPOCH_MS;
  const rng = new Rng(mixSeed(seed, index, ORDER_SALT));
  const customer = rng.pick(catalogue.customers);
  const domain = findDomain(customer.domainCode);
  const site = domain?.siteCode ?? '';
  const ageDays = options.fresh === true ? 0 : rng.int(1, 365);
  const orderMs = options.fresh === true ? asOfMs : asOfMs - ageDays * DAY_MS + rng.int(0, 86_399) * 1000;
  const orderDate = day(orderMs);
  const dueDate = day(orderMs + rng.int(7, 45) * DAY_MS);
  const edi = rng.chance(0.7);
  const lineCount = rng.int(1, 9);
  const lines: SalesOrderLineRecord[] = [];
  for (let n = 1; n <= lineCount; n += 1)
    lines.push(line(rng, n, rng.pick(catalogue.items), customer.currencyCode, dueDate, site));
  const contactId = customer.contactIds.length > 0 && rng.chance(0.6) ? rng.pick(customer.contactIds) : '';
  const script = options.fresh === true ? [] : lifeScript(rng, ageDays);
  const spanMs = asOfMs - orderMs;
  const history = script.map((step, k) => ({
    step,
    atMs: orderMs + Math.floor((spanMs * (k + 1)) / (script.length + 1)),
  }));
  const order: SalesOrderRecord = {
    salesOrderNumber: salesOrderNumberAt(index),
    domainCode: customer.domainCode,
    soldToCustomerCode: customer.customerCode,
    billToCustomerCode: customer.customerCode,
    shipToCustomerCode: customer.customerCode,
    siteCode: site,
    currencyCode: customer.currencyCode,
    purchaseOrder: edi
      ? `45${pad(rng.int(0, 99_999_999), 8)}`
      : rng.chance(0.5)
        ? `TEL-${pad(index + 1, 6)}`
        : '',
    orderDate,
    requestedDate: dueDate,
    dueDate,
    creditTermsCode: customer.creditTermsCode,
    remarks: edi ? 'EDI 850' : 'Phone order',
    status: '',
    contactId,
    shipDate: null,
    invoiceDate: null,
    invoiceNumber: '',
    createdVia: edi ? 'edi' : 'phone',
    lines,
    lastModifiedMs: orderMs,
    lastModifiedUser: edi ? 'edi' : 'order.desk',
  };
  return { index, order, history };
}

/** Yields orders start..start+count-1 for `seed`, one at a time (nothing is retained). */
export function* generateOrders(
  seed: number,
  count: number,
  catalogue: OrderCatalogue,
  options: OrderOptions & { start?: number } = {},
): Generator<GeneratedOrder> {
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i += 1) yield orderAt(seed, i, catalogue, options);
}
