/**
 * Serves browse pages: candidate keys come from the table's key order (or its modified-day index
 * when a filter narrows by day), rows are filtered, and the matching key list is cached per
 * query until any table changes, so paging through 100,000 rows costs O(pageSize) per page.
 */
import { invoiceRow, salesOrderLineRow, salesOrderRow } from './assumed-order-shapes.js';
import { BROWSE_IDS, rows } from './assumed-shapes.js';
import { dayRange, matchesFilter, parseFilter, type BrowseFilter } from './browse-filters.js';
import { orderView } from './order-view.js';
import type { TenantStore } from './store.js';

/** One browse: its table, the date column backed by the modified-day index, and its row renderer. */
interface BrowseDefinition {
  table: { sortedKeys(): readonly string[]; keysModifiedBetween(fromDay: string, toDay: string): string[] };
  dateColumn: string;
  row: (key: string) => Record<string, unknown> | undefined;
  /** Candidate keys (sorted, a superset) for a condition an index answers; undefined otherwise. */
  indexed?: (filter: BrowseFilter) => readonly string[] | undefined;
}

/** A page of rows plus whether more exist. */
export interface BrowsePage {
  rows: Record<string, unknown>[];
  hasMore: boolean;
}

const CACHE_LIMIT = 32;

/** Browse query engine over one tenant store. */
export class BrowseEngine {
  readonly #definitions = new Map<string, BrowseDefinition>();
  readonly #cache = new Map<string, { version: number; keys: readonly string[] }>();

  constructor(private readonly store: TenantStore) {
    const s = store;
    this.#definitions.set(BROWSE_IDS.customers, {
      table: s.customers,
      dateColumn: 'customerV2.lastModifiedDate',
      row: (k) => {
        const c = s.customers.get(k);
        return c && rows.customer(c, s.businessRelations.get(c.businessRelationCode));
      },
    });
    this.#definitions.set(BROWSE_IDS.suppliers, {
      table: s.suppliers,
      dateColumn: 'supplierV2.lastModifiedDate',
      row: (k) => {
        const v = s.suppliers.get(k);
        return v && rows.supplier(v, s.businessRelations.get(v.businessRelationCode));
      },
    });
    this.#definitions.set(BROWSE_IDS.businessRelations, {
      table: s.businessRelations,
      dateColumn: 'businessRelationV2.lastModifiedDate',
      row: (k) => {
        const br = s.businessRelations.get(k);
        if (!br) return undefined;
        return rows.businessRelation(
          br,
          s.customersOf(k)[0]?.customerCode ?? '',
          s.suppliersOf(k)[0]?.supplierCode ?? '',
        );
      },
    });
    this.#definitions.set(BROWSE_IDS.contacts, {
      table: s.contacts,
      dateColumn: 'contactV2.lastModifiedDate',
      row: (k) => {
        const c = s.contacts.get(k);
        return c && rows.contact(c, s.businessRelations.get(c.businessRelationCode));
      },
    });
    this.#definitions.set(BROWSE_IDS.items, {
      table: s.items,
      dateColumn: 'pt_mstr.pt_mod_date',
      row: (k) => {
        const i = s.items.get(k);
        return i && rows.item(i);
      },
    });
    this.#definitions.set(BROWSE_IDS.salesOrders, {
      table: s.salesOrders,
      dateColumn: 'so_mstr.so_mod_date',
      row: (k) => {
        const o = s.salesOrders.get(k);
        return o && salesOrderRow(orderView(s, o));
      },
      indexed: (f) =>
        f.column === 'so_mstr.so_po' && f.op === 'eq' ? s.orderBook.keysByPurchaseOrder(f.value) : undefined,
    });
    const book = s.orderBook;
    this.#definitions.set(BROWSE_IDS.salesOrderLines, {
      table: book.lines,
      dateColumn: 'sod_det.sod_mod_date',
      row: (k) => {
        const r = book.lines.get(k);
        const o = r && book.orders.get(r.orderKey);
        return r && o && salesOrderLineRow(o, r.line);
      },
    });
    this.#definitions.set(BROWSE_IDS.invoices, {
      table: book.invoices,
      dateColumn: 'ih_hist.ih_mod_date',
      row: (k) => {
        const i = book.invoices.get(k);
        return i && invoiceRow(i);
      },
    });
  }

  /** True when `browseId` names a browse of this tenant (the short `mfg:so803` form is accepted). */
  has(browseId: string): boolean {
    return this.#definition(browseId) !== undefined;
  }

  /** One page (1-based) of a browse; an unknown browse yields no rows. */
  page(browseId: string, rawFilters: readonly string[], page: number, pageSize: number): BrowsePage {
    const definition = this.#definition(browseId);
    if (!definition) return { rows: [], hasMore: false };
    const keys = this.#matchingKeys(browseId, definition, rawFilters);
    const start = (page - 1) * pageSize;
    const slice = keys.slice(start, start + pageSize);
    const out: Record<string, unknown>[] = [];
    slice.forEach((key, i) => {
      const row = definition.row(key);
      if (row)
        out.push({
          ...row,
          'local_variables.BrowseRowOrderIndex': start + i + 1,
          'local_variables.uniqueId': key.replaceAll('\u0000', '.'),
        });
    });
    return { rows: out, hasMore: start + pageSize < keys.length };
  }

  /** Number of rows matching the filters (0 for an unknown browse). */
  count(browseId: string, rawFilters: readonly string[]): number {
    const definition = this.#definition(browseId);
    return definition ? this.#matchingKeys(browseId, definition, rawFilters).length : 0;
  }

  #definition(browseId: string): BrowseDefinition | undefined {
    return this.#definitions.get(browseId) ?? this.#definitions.get(`urn:browse:${browseId}`);
  }

  #version(): number {
    const s = this.store;
    return (
      s.businessRelations.version +
      s.customers.version +
      s.suppliers.version +
      s.contacts.version +
      s.items.version +
      s.orderBook.orders.version +
      s.orderBook.lines.version +
      s.orderBook.invoices.version
    );
  }

  #matchingKeys(
    browseId: string,
    definition: BrowseDefinition,
    rawFilters: readonly string[],
  ): readonly string[] {
    if (rawFilters.length === 0) return definition.table.sortedKeys();
    const cacheKey = `${browseId}\u0001${[...rawFilters].sort().join('\u0001')}`;
    const version = this.#version();
    const cached = this.#cache.get(cacheKey);
    if (cached && cached.version === version) return cached.keys;
    const filters = rawFilters.map(parseFilter);
    let keys: readonly string[];
    if (filters.some((f) => f === undefined)) keys = [];
    else {
      const valid = filters as BrowseFilter[];
      keys = this.#candidates(definition, valid).filter((key) => {
        const row = definition.row(key);
        return row !== undefined && valid.every((f) => matchesFilter(row, f));
      });
    }
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(cacheKey, { version, keys });
    return keys;
  }

  /** The narrowest sorted key list an index gives for the filters (all keys when none narrows). */
  #candidates(definition: BrowseDefinition, filters: readonly BrowseFilter[]): readonly string[] {
    for (const f of filters) {
      const keys = definition.indexed?.(f);
      if (keys) return keys;
    }
    const narrowing = filters.find((f) => f.column === definition.dateColumn && dayRange(f) !== undefined);
    const range = narrowing && dayRange(narrowing);
    return range ? definition.table.keysModifiedBetween(range.from, range.to) : definition.table.sortedKeys();
  }
}
