/**
 * The tenant's sales orders with their lines and invoices, each in a key-sorted table with a
 * modified-day index (so the order, line and invoice browses page and filter the same way), plus
 * the customer-PO index and the invoice-number sequence.
 */
import { OrderedTable } from './ordered-table.js';
import {
  orderKey,
  restampLines,
  type InvoiceRecord,
  type SalesOrderLineRecord,
  type SalesOrderRecord,
} from './sales-order-model.js';

/** One row of the line table: the line, keyed under its order. */
export interface LineRow {
  orderKey: string;
  line: SalesOrderLineRecord;
  lastModifiedMs: number;
}

/** Line-table key: order key + NUL + zero-padded line number, so lines sort under their order. */
export function lineKey(key: string, salesOrderLine: number): string {
  return `${key}\u0000${String(salesOrderLine).padStart(5, '0')}`;
}

/** Sales orders, their lines and their invoices. */
export class OrderBook {
  readonly orders = new OrderedTable<SalesOrderRecord>((o) => orderKey(o.domainCode, o.salesOrderNumber));
  readonly lines = new OrderedTable<LineRow>((r) => lineKey(r.orderKey, r.line.salesOrderLine));
  readonly invoices = new OrderedTable<InvoiceRecord>((i) => orderKey(i.domainCode, i.invoiceNumber));
  /** Order keys per customer PO, lower-cased (browse filters compare case-insensitively). */
  readonly #byPo = new Map<string, Set<string>>();
  readonly #invoicesByOrder = new Map<string, string[]>();
  #lastInvoice = 0;
  /** How many generated (EDI/phone) orders exist: the index of the next one. */
  generatedCount = 0;

  /** Empties everything and restarts the invoice sequence. */
  clear(): void {
    for (const table of [this.orders, this.lines, this.invoices]) table.clear();
    this.#byPo.clear();
    this.#invoicesByOrder.clear();
    this.#lastInvoice = 0;
    this.generatedCount = 0;
  }

  get(domainCode: string, salesOrderNumber: string): SalesOrderRecord | undefined {
    return this.orders.get(orderKey(domainCode, salesOrderNumber));
  }

  /** Stores (inserts or replaces) an order: settles its line stamps, indexes its PO and its lines. */
  put(order: SalesOrderRecord): SalesOrderRecord {
    const key = orderKey(order.domainCode, order.salesOrderNumber);
    const previous = this.orders.get(key);
    const stored = restampLines(previous, order);
    if (previous) {
      this.#byPo.get(previous.purchaseOrder.toLowerCase())?.delete(key);
      const kept = new Set(stored.lines.map((l) => l.salesOrderLine));
      for (const l of previous.lines)
        if (!kept.has(l.salesOrderLine)) this.lines.delete(lineKey(key, l.salesOrderLine));
    }
    this.orders.put(stored);
    if (stored.purchaseOrder !== '') {
      const po = stored.purchaseOrder.toLowerCase();
      let keys = this.#byPo.get(po);
      if (keys === undefined) {
        keys = new Set();
        this.#byPo.set(po, keys);
      }
      keys.add(key);
    }
    for (const line of stored.lines)
      this.lines.put({ orderKey: key, line, lastModifiedMs: line.lastModifiedMs });
    return stored;
  }

  /** Removes an order and its lines (its invoices stay: they are history). */
  delete(domainCode: string, salesOrderNumber: string): void {
    const key = orderKey(domainCode, salesOrderNumber);
    const previous = this.orders.get(key);
    if (!previous) return;
    this.#byPo.get(previous.purchaseOrder.toLowerCase())?.delete(key);
    for (const l of previous.lines) this.lines.delete(lineKey(key, l.salesOrderLine));
    this.orders.delete(key);
  }

  /** Keys (sorted) of the orders whose customer PO equals `purchaseOrder`, ignoring case. */
  keysByPurchaseOrder(purchaseOrder: string): string[] {
    return [...(this.#byPo.get(purchaseOrder.toLowerCase()) ?? [])].sort();
  }

  /** Orders whose customer PO equals `purchaseOrder` exactly, in key order. */
  byPurchaseOrder(purchaseOrder: string): SalesOrderRecord[] {
    return this.keysByPurchaseOrder(purchaseOrder)
      .map((k) => this.orders.get(k))
      .filter((o): o is SalesOrderRecord => o?.purchaseOrder === purchaseOrder);
  }

  /** The next invoice number: `I` + 7 digits (so_inv_nbr is 8 characters). */
  nextInvoiceNumber(): string {
    this.#lastInvoice += 1;
    return `I${String(this.#lastInvoice).padStart(7, '0')}`;
  }

  /** Stores an invoice and links it to its order. */
  addInvoice(invoice: InvoiceRecord): void {
    this.invoices.put(invoice);
    const key = orderKey(invoice.domainCode, invoice.salesOrderNumber);
    const list = this.#invoicesByOrder.get(key) ?? [];
    list.push(orderKey(invoice.domainCode, invoice.invoiceNumber));
    this.#invoicesByOrder.set(key, list);
  }

  /** Invoices of an order, oldest first. */
  invoicesOf(domainCode: string, salesOrderNumber: string): InvoiceRecord[] {
    return (this.#invoicesByOrder.get(orderKey(domainCode, salesOrderNumber)) ?? [])
      .map((k) => this.invoices.get(k))
      .filter((i): i is InvoiceRecord => i !== undefined);
  }
}
