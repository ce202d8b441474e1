/**
 * Reads the `qad-orders` flow's QAD data as pipeline pages: sales-order headers and lines of the
 * connection's domain changed on or after the cursor's day, then the orders (or lines) still
 * waiting from earlier runs, looked up by order number — one browse call each up to
 * `RETRY_LOOKUP_LIMIT`, else one read of the whole domain keeping only those.
 */
import {
  normaliseOrderHeaderRow,
  normaliseOrderLineRow,
  type QadClient,
  type QadFilter,
  type QadOrder,
  type QadOrderLine,
} from '../../connectors/qad/index.js';
import type { NormaliseResult } from '../../connectors/qad/types.js';
import type { SourcePage } from '../../engine/sink.js';
import { QAD_PAGE_SIZE } from '../qad-source.js';

/** Above this many waiting orders, read the domain whole instead of one lookup per order. */
export const RETRY_LOOKUP_LIMIT = 50;

export interface OrderReadOptions {
  /** `ge` filter day; null = everything (backfill). */
  sinceDay: string | null;
  domain: string;
  /** Order numbers still waiting from earlier runs: read again whatever their stamp. */
  retry: readonly string[];
  pageSize?: number;
}

interface BrowseReader<T> {
  browseId: string;
  domainColumn: string;
  modifiedColumn: string;
  orderColumn: string;
  normalise(row: Record<string, unknown>): NormaliseResult<T>;
  orderNumber(record: T): string;
  key(record: T): string;
}

async function* pagesOf<T>(
  qad: QadClient,
  reader: BrowseReader<T>,
  filters: QadFilter[],
  pageSize: number,
  domain: string,
  keep: (record: T) => boolean,
): AsyncGenerator<SourcePage<T>> {
  for await (const rows of qad.browse(reader.browseId, { filters, pageSize })) {
    const page: SourcePage<T> = { records: [], invalid: [] };
    for (const row of rows) {
      const r = reader.normalise(row);
      if (r.status === 'ok') {
        if (keep(r.record)) page.records.push(r.record);
      } else page.invalid.push({ key: `${domain}/${r.rowKey ?? '?'}`, field: r.field, reason: r.reason });
    }
    if (page.records.length > 0 || page.invalid.length > 0) yield page;
  }
}

async function* readChangedThenWaiting<T>(
  qad: QadClient,
  reader: BrowseReader<T>,
  opts: OrderReadOptions,
): AsyncGenerator<SourcePage<T>> {
  const pageSize = opts.pageSize ?? QAD_PAGE_SIZE;
  const inDomain: QadFilter = { field: reader.domainColumn, op: 'eq', value: opts.domain };
  const seenOrders = new Set<string>();
  const changed: QadFilter[] =
    opts.sinceDay === null
      ? [inDomain]
      : [inDomain, { field: reader.modifiedColumn, op: 'ge', value: opts.sinceDay }];
  for await (const page of pagesOf(qad, reader, changed, pageSize, opts.domain, () => true)) {
    for (const r of page.records) seenOrders.add(reader.orderNumber(r));
    yield page;
  }
  if (opts.sinceDay === null) return; // a full read saw every waiting order already
  const waiting = opts.retry.filter((n) => !seenOrders.has(n));
  if (waiting.length === 0) return;
  if (waiting.length > RETRY_LOOKUP_LIMIT || waiting.some((n) => n.includes(','))) {
    const wanted = new Set(waiting);
    yield* pagesOf(qad, reader, [inDomain], pageSize, opts.domain, (r) => wanted.has(reader.orderNumber(r)));
    return;
  }
  for (const orderNumber of waiting) {
    const filters: QadFilter[] = [inDomain, { field: reader.orderColumn, op: 'eq', value: orderNumber }];
    yield* pagesOf(qad, reader, filters, pageSize, opts.domain, () => true);
  }
}

/** Sales-order headers (so803) of the domain as pages. */
export function readOrders(qad: QadClient, opts: OrderReadOptions): AsyncIterable<SourcePage<QadOrder>> {
  const spec = qad.browses.salesOrderHeader;
  return readChangedThenWaiting(
    qad,
    {
      browseId: spec.browseId,
      domainColumn: spec.columns.domain,
      modifiedColumn: spec.columns.modifiedDate,
      orderColumn: spec.columns.orderNumber,
      normalise: (row) => normaliseOrderHeaderRow(row, spec, { domain: opts.domain }),
      orderNumber: (o) => o.orderNumber,
      key: (o) => o.key,
    },
    opts,
  );
}

/** Sales-order lines (so810) of the domain as pages. */
export function readOrderLines(
  qad: QadClient,
  opts: OrderReadOptions,
): AsyncIterable<SourcePage<QadOrderLine>> {
  const spec = qad.browses.salesOrderLine;
  return readChangedThenWaiting(
    qad,
    {
      browseId: spec.browseId,
      domainColumn: spec.columns.domain,
      modifiedColumn: spec.columns.modifiedDate,
      orderColumn: spec.columns.orderNumber,
      normalise: (row) => normaliseOrderLineRow(row, spec, { domain: opts.domain }),
      orderNumber: (l) => l.orderNumber,
      key: (l) => l.key,
    },
    opts,
  );
}
