/**
 * Loads generated EDI/phone orders into a tenant: the catalogue comes from the tenant's own active
 * customers and items, each order's history is replayed with the tenant's life rules (so stamps,
 * shipped quantities and invoices follow the same code as the control API), and a bulk load is
 * sorted by key first so every table insert is an append.
 */
import { generateOrders, type GeneratedOrder, type OrderCatalogue } from '../data/index.js';
import { applyStep } from './order-life.js';
import { orderKey, restampLines, type InvoiceRecord, type SalesOrderRecord } from './sales-order-model.js';
import type { TenantStore } from './store.js';

/** Active customers (with their active contacts) and active items of the tenant, in key order. */
export function catalogueOf(store: TenantStore): OrderCatalogue {
  const customers = [];
  for (const c of store.customers.values()) {
    if (!c.isActive) continue;
    const contactIds = store
      .contactsOf(c.businessRelationCode)
      .filter((x) => x.isActive)
      .map((x) => x.contactId);
    customers.push({
      customerCode: c.customerCode,
      domainCode: c.domainCode,
      currencyCode: c.currencyCode,
      creditTermsCode: c.creditTermsCode,
      contactIds,
    });
  }
  const items = [];
  for (const i of store.items.values())
    if (i.isActive)
      items.push({
        itemCode: i.itemCode,
        description: i.description,
        unitOfMeasure: i.unitOfMeasure,
        listPrice: i.listPrice,
        currencyCode: i.currencyCode,
      });
  return { customers, items };
}

function replay(
  store: TenantStore,
  generated: GeneratedOrder,
): { order: SalesOrderRecord; invoices: InvoiceRecord[] } {
  let order = restampLines(undefined, generated.order);
  const invoices: InvoiceRecord[] = [];
  for (const { step, atMs } of generated.history) {
    const result = applyStep(order, step, {
      nowMs: atMs,
      user: order.lastModifiedUser,
      nextInvoiceNumber: () => store.orderBook.nextInvoiceNumber(),
    });
    if ('refused' in result) continue;
    order = restampLines(order, result.order);
    if (result.invoice) invoices.push(result.invoice);
  }
  return { order, invoices };
}

function requireCatalogue(catalogue: OrderCatalogue): void {
  if (catalogue.customers.length === 0 || catalogue.items.length === 0)
    throw new RangeError('generated orders need at least one active customer and one active item');
}

/** Generates `count` orders (with their histories) for `seed` and bulk-loads them. */
export function loadGeneratedOrders(store: TenantStore, seed: number, count: number): void {
  const catalogue = catalogueOf(store);
  requireCatalogue(catalogue);
  const book = store.orderBook;
  const loaded: SalesOrderRecord[] = [];
  const invoices: InvoiceRecord[] = [];
  for (const generated of generateOrders(seed, count, catalogue, { start: book.generatedCount })) {
    const result = replay(store, generated);
    loaded.push(result.order);
    invoices.push(...result.invoices);
  }
  book.generatedCount += count;
  const key = (o: SalesOrderRecord): string => orderKey(o.domainCode, o.salesOrderNumber);
  loaded.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  for (const order of loaded) book.put(order);
  invoices.sort((a, b) =>
    orderKey(a.domainCode, a.invoiceNumber) < orderKey(b.domainCode, b.invoiceNumber) ? -1 : 1,
  );
  for (const invoice of invoices) book.addInvoice(invoice);
}

/** `count` new open orders arriving at `nowMs` (EDI/phone, dated that day); returns them. */
export function addArrivingOrders(store: TenantStore, count: number, nowMs: number): SalesOrderRecord[] {
  if (count <= 0) return [];
  const catalogue = catalogueOf(store);
  requireCatalogue(catalogue);
  const book = store.orderBook;
  const created: SalesOrderRecord[] = [];
  for (const generated of generateOrders(store.seedValue, count, catalogue, {
    start: book.generatedCount,
    asOfMs: nowMs,
    fresh: true,
  }))
    created.push(book.put(generated.order));
  book.generatedCount += count;
  return created;
}
