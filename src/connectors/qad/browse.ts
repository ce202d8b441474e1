/**
 * The Browse API: paged, filtered reads of `{base}/api/qracore/browses`.
 * Pages are requested with page/pageSize/pageAction (first, then next) and one callId per query;
 * paging stops on HasMoreParams "false" or an empty page, and a repeated page is an error.
 */
import { randomUUID } from 'node:crypto';
import { DataError, NetworkError, SystemError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { isRecord } from '../../core/guards.js';
import type { RequestPriority } from '../../http/types.js';
import type { QadRest } from './rest.js';
import './events.js';

/** Filter operators confirmed by browser capture. */
export type QadFilterOp = 'eq' | 'sw' | 'ew' | 'cn' | 'gt' | 'ge' | 'lt' | 'le' | 'rg';

/** One filter condition on a browse column; `to` is the upper bound of `rg` (inclusive). */
export interface QadFilter {
  field: string;
  op: QadFilterOp;
  value: string | number | Date;
  to?: string | number | Date;
}

/** Browse options. */
export interface QadBrowseOptions {
  filters?: QadFilter[];
  /** Rows per page; default 500 (the reference recommends 200–500). */
  pageSize?: number;
  priority?: RequestPriority;
}

/** A browse row: flat object keyed by the browse's dotted column names. */
export type QadRow = Record<string, unknown>;

/** Formats a filter value: Dates and `YYYY-MM-DD` strings become `YYYY-MM-DDT00:00:00.000Z`. */
export function formatFilterValue(value: string | number | Date): string {
  if (value instanceof Date) return `${value.toISOString().slice(0, 10)}T00:00:00.000Z`;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000Z`;
  return String(value);
}

/**
 * True when a value can stand in a browse filter: the condition is comma-separated text and QAD
 * documents no escape for a comma inside a value (URL-encoding it as %2C only protects the query
 * string; the server splits the decoded text), so a value holding one cannot be filtered on.
 */
export function isFilterableValue(value: string | number | Date): boolean {
  return !formatFilterValue(value).includes(',');
}

/**
 * `<field>,<op>,<value>,literal` or `<field>,rg,<from>,literal,<to>,literal`. A field or value
 * holding a comma would change the condition (e.g. `C1,literal` would match customer C1), so it
 * is refused with DataError QAD_FILTER_VALUE_INVALID rather than guessed at.
 */
export function encodeFilter(filter: QadFilter): string {
  const from = formatFilterValue(filter.value);
  const to = filter.op === 'rg' ? formatFilterValue(filter.to ?? filter.value) : undefined;
  for (const [part, text] of [
    ['field', filter.field],
    ['value', from],
    ['upper bound', to],
  ] as const) {
    if (text === undefined || !text.includes(',')) continue;
    throw new DataError(
      'QAD_FILTER_VALUE_INVALID',
      `QAD browse filter on ${filter.field.includes(',') ? 'a field' : filter.field}: the ${part} contains a comma, which the filter text (field,op,value,literal) cannot carry; the lookup is refused`,
      { details: { field: filter.field.includes(',') ? null : filter.field, op: filter.op } },
    );
  }
  return to === undefined
    ? `${filter.field},${filter.op},${from},literal`
    : `${filter.field},rg,${from},literal,${to},literal`;
}

function filterParams(query: URLSearchParams, filters: readonly QadFilter[]): void {
  for (const filter of filters) query.append('filter', encodeFilter(filter));
}

/** Parsed browse page body. */
export interface QadBrowsePage {
  rows: QadRow[];
  hasMore: boolean;
}

/** Parses `{"data":[…],"auxillaryData":{"HasMoreParams":"true"|"false"}}`. */
export function parseBrowsePage(body: unknown, browseId: string): QadBrowsePage {
  const obj = isRecord(body) ? body : {};
  const data = obj['data'];
  if (!Array.isArray(data)) {
    throw new NetworkError('QAD_BAD_RESPONSE', `QAD browse ${browseId} answered without a data[] array`, {
      details: { browseId },
    });
  }
  const aux = obj['auxillaryData'] ?? obj['auxiliaryData'];
  const flag = isRecord(aux) ? aux['HasMoreParams'] : undefined;
  const hasMore = flag === true || (typeof flag === 'string' && flag.toLowerCase() === 'true');
  const rows: QadRow[] = data.filter(isRecord);
  return { rows, hasMore };
}

/**
 * Iterates the pages of a browse (each page a non-empty array of rows). Stops on
 * HasMoreParams "false" or an empty page; a page identical to the previous one throws
 * SystemError QAD_BROWSE_LOOP instead of looping.
 */
export async function* browsePages(
  rest: QadRest,
  browseId: string,
  options: QadBrowseOptions = {},
  events?: EventBus,
): AsyncGenerator<QadRow[], void, undefined> {
  const pageSize = options.pageSize ?? 500;
  const callId = randomUUID();
  let previous: string | undefined;
  for (let page = 1; ; page += 1) {
    const query = new URLSearchParams({
      browseId,
      page: String(page),
      pageSize: String(pageSize),
      pageAction: page === 1 ? 'first' : 'next',
      callId,
    });
    filterParams(query, options.filters ?? []);
    const res = await rest.call({
      method: 'GET',
      path: '/api/qracore/browses',
      query,
      retry: 'safe',
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
    const { rows, hasMore } = parseBrowsePage(res.json(), browseId);
    events?.emit('qad.browse.page', { browseId, page, rows: rows.length, hasMore });
    if (rows.length === 0) return;
    const signature = JSON.stringify(rows);
    if (signature === previous) {
      throw new SystemError(
        'QAD_BROWSE_LOOP',
        `QAD browse ${browseId} returned page ${page} identical to page ${page - 1}`,
        {
          details: { browseId, page },
        },
      );
    }
    previous = signature;
    yield rows;
    if (!hasMore) return;
  }
}

/** `GET /api/qracore/browses/totalCount/?browseId=…` → the row count (`{"data":n}` or a bare number). */
export async function browseTotalCount(
  rest: QadRest,
  browseId: string,
  filters: readonly QadFilter[] = [],
): Promise<number> {
  const query = new URLSearchParams({ browseId });
  filterParams(query, filters);
  const res = await rest.call({
    method: 'GET',
    path: '/api/qracore/browses/totalCount/',
    query,
    retry: 'safe',
  });
  const body = res.json<unknown>();
  const value = isRecord(body) ? body['data'] : body;
  const count = typeof value === 'string' ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isFinite(count)) {
    throw new NetworkError('QAD_BAD_RESPONSE', `QAD totalCount for ${browseId} is not a number`, {
      details: { browseId },
    });
  }
  return count;
}
