/**
 * The tenant's data: master-data tables (indexed by key and modified day), the order book (sales
 * orders, lines, invoices), and the cross-references documents need (contacts per business relation).
 */
import {
  generateAccounts,
  generateItems,
  type BusinessRelationRecord,
  type ContactRecord,
  type CustomerRecord,
  type ItemRecord,
  type SupplierRecord,
} from '../data/index.js';
import { OrderBook } from './order-book.js';
import { loadGeneratedOrders } from './order-generation.js';
import { OrderedTable } from './ordered-table.js';
import type { SalesOrderRecord } from './sales-order-model.js';

/** Counts returned by a seed. */
export interface SeedCounts {
  accounts: number;
  businessRelations: number;
  customers: number;
  suppliers: number;
  contacts: number;
  items: number;
  salesOrders: number;
  salesOrderLines: number;
  invoices: number;
}

function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

/** All records of one sandbox tenant. */
export class TenantStore {
  readonly businessRelations = new OrderedTable<BusinessRelationRecord>((r) => r.businessRelationCode);
  readonly customers = new OrderedTable<CustomerRecord>((r) => r.customerCode);
  readonly suppliers = new OrderedTable<SupplierRecord>((r) => r.supplierCode);
  readonly contacts = new OrderedTable<ContactRecord>((r) => r.contactId);
  readonly items = new OrderedTable<ItemRecord>((r) => r.itemCode);
  readonly orderBook = new OrderBook();
  /** The seed the tenant was loaded with (generated orders arriving later use it too). */
  seedValue = 1;
  readonly #contactsByBr = new Map<string, Set<string>>();
  readonly #customersByBr = new Map<string, Set<string>>();
  readonly #suppliersByBr = new Map<string, Set<string>>();

  /** The sales-order table (key: domain + NUL + number). */
  get salesOrders(): OrderedTable<SalesOrderRecord> {
    return this.orderBook.orders;
  }

  /** Empties every table. */
  reset(): void {
    for (const table of [this.businessRelations, this.customers, this.suppliers, this.contacts, this.items])
      table.clear();
    this.orderBook.clear();
    for (const index of [this.#contactsByBr, this.#customersByBr, this.#suppliersByBr]) index.clear();
  }

  /**
   * Resets, then streams `accounts` generated accounts and `items` items for `seed` into the
   * tables, then `orders` generated EDI/phone orders for those customers and items.
   */
  seed(seed: number, accounts: number, items: number, orders = 0): SeedCounts {
    this.reset();
    this.seedValue = seed;
    for (const account of generateAccounts(seed, accounts)) {
      this.putBusinessRelation(account.businessRelation);
      if (account.customer) this.putCustomer(account.customer);
      if (account.supplier) this.putSupplier(account.supplier);
      for (const contact of account.contacts) this.putContact(contact);
    }
    for (const item of generateItems(seed, items)) this.items.put(item);
    if (orders > 0) loadGeneratedOrders(this, seed, orders);
    return this.counts(accounts);
  }

  counts(accounts = this.businessRelations.size): SeedCounts {
    return {
      accounts,
      businessRelations: this.businessRelations.size,
      customers: this.customers.size,
      suppliers: this.suppliers.size,
      contacts: this.contacts.size,
      items: this.items.size,
      salesOrders: this.orderBook.orders.size,
      salesOrderLines: this.orderBook.lines.size,
      invoices: this.orderBook.invoices.size,
    };
  }

  putBusinessRelation(record: BusinessRelationRecord): void {
    this.businessRelations.put(record);
  }

  putCustomer(record: CustomerRecord): void {
    const previous = this.customers.get(record.customerCode);
    if (previous) this.#customersByBr.get(previous.businessRelationCode)?.delete(previous.customerCode);
    this.customers.put(record);
    addToIndex(this.#customersByBr, record.businessRelationCode, record.customerCode);
  }

  putSupplier(record: SupplierRecord): void {
    const previous = this.suppliers.get(record.supplierCode);
    if (previous) this.#suppliersByBr.get(previous.businessRelationCode)?.delete(previous.supplierCode);
    this.suppliers.put(record);
    addToIndex(this.#suppliersByBr, record.businessRelationCode, record.supplierCode);
  }

  putContact(record: ContactRecord): void {
    const previous = this.contacts.get(record.contactId);
    if (previous) this.#contactsByBr.get(previous.businessRelationCode)?.delete(previous.contactId);
    this.contacts.put(record);
    addToIndex(this.#contactsByBr, record.businessRelationCode, record.contactId);
  }

  /** Contacts of a business relation, in key order. */
  contactsOf(businessRelationCode: string): ContactRecord[] {
    const keys = [...(this.#contactsByBr.get(businessRelationCode) ?? [])].sort();
    return keys.map((k) => this.contacts.get(k)).filter((c): c is ContactRecord => c !== undefined);
  }

  customersOf(businessRelationCode: string): CustomerRecord[] {
    return [...(this.#customersByBr.get(businessRelationCode) ?? [])]
      .map((k) => this.customers.get(k))
      .filter((c): c is CustomerRecord => c !== undefined);
  }

  suppliersOf(businessRelationCode: string): SupplierRecord[] {
    return [...(this.#suppliersByBr.get(businessRelationCode) ?? [])]
      .map((k) => this.suppliers.get(k))
      .filter((s): s is SupplierRecord => s !== undefined);
  }

  /**
   * Bumps the stamps of a business relation and of the customers/suppliers that embed its
   * address and contacts, as a change to a BR flows to every user of it.
   */
  touchBusinessRelation(businessRelationCode: string, nowMs: number): void {
    const br = this.businessRelations.get(businessRelationCode);
    if (br) this.businessRelations.put({ ...br, lastModifiedMs: nowMs });
    for (const c of this.customersOf(businessRelationCode))
      this.customers.put({ ...c, lastModifiedMs: nowMs });
    for (const s of this.suppliersOf(businessRelationCode))
      this.suppliers.put({ ...s, lastModifiedMs: nowMs });
  }

  getOrder(domainCode: string, salesOrderNumber: string): SalesOrderRecord | undefined {
    return this.orderBook.get(domainCode, salesOrderNumber);
  }

  /** Stores (inserts or replaces) an order; its changed lines take the order's stamp. */
  putOrder(order: SalesOrderRecord): void {
    this.orderBook.put(order);
  }

  deleteOrder(domainCode: string, salesOrderNumber: string): void {
    this.orderBook.delete(domainCode, salesOrderNumber);
  }

  /** Orders whose customer PO equals `purchaseOrder`, in key order. */
  ordersByPurchaseOrder(purchaseOrder: string): SalesOrderRecord[] {
    return this.orderBook.byPurchaseOrder(purchaseOrder);
  }
}
