/**
 * The browse filter grammar: `<col>,<op>,<value>,literal` and `<col>,rg,<from>,literal,<to>,literal`
 * with ops eq sw ew cn gt ge lt le rg. Character comparisons are case-insensitive (as in
 * Progress); date columns compare the day only; numeric columns compare numerically.
 */
import { ORDER_DATE_COLUMNS } from './assumed-order-shapes.js';
import { DATE_COLUMNS } from './assumed-shapes.js';
import { toDay } from './sales-order-model.js';

/** Supported operators. */
export const FILTER_OPS = ['eq', 'sw', 'ew', 'cn', 'gt', 'ge', 'lt', 'le', 'rg'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** One parsed filter condition. `to` is set for `rg` only. */
export interface BrowseFilter {
  column: string;
  op: FilterOp;
  value: string;
  to?: string;
}

/** Parses one `filter` parameter; undefined when it is not a valid condition (it then matches nothing). */
export function parseFilter(raw: string): BrowseFilter | undefined {
  const parts = raw.split(',');
  const [column, op] = parts;
  if (column === undefined || op === undefined || !(FILTER_OPS as readonly string[]).includes(op))
    return undefined;
  const rest = parts.slice(2);
  if (op === 'rg') {
    const literalForm = rest.length >= 4 && rest[1] === 'literal';
    const from = rest[0];
    const to = literalForm ? rest[2] : rest[1];
    if (from === undefined || to === undefined) return undefined;
    return { column, op, value: from, to };
  }
  while (rest.length > 1 && (rest[rest.length - 1] === 'literal' || rest[rest.length - 1] === '')) rest.pop();
  return { column, op: op as FilterOp, value: rest.join(',') };
}

type Comparable = string | number;

function normalise(column: string, cell: unknown, raw: string): [Comparable, Comparable] | undefined {
  if (DATE_COLUMNS.has(column) || ORDER_DATE_COLUMNS.has(column)) {
    const a = toDay(cell);
    const b = toDay(raw);
    return a === null || b === null ? undefined : [a, b];
  }
  if (typeof cell === 'number') {
    const b = Number(raw);
    return Number.isNaN(b) ? undefined : [cell, b];
  }
  const text = typeof cell === 'string' ? cell : typeof cell === 'boolean' ? String(cell) : '';
  return [text.toLowerCase(), raw.toLowerCase()];
}

/** True when a row satisfies the condition; a missing column never matches. */
export function matchesFilter(row: Record<string, unknown>, filter: BrowseFilter): boolean {
  if (!(filter.column in row)) return false;
  const cell = row[filter.column];
  const pair = normalise(filter.column, cell, filter.value);
  if (pair === undefined) return false;
  const [a, b] = pair;
  switch (filter.op) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'sw':
      return String(a).startsWith(String(b));
    case 'ew':
      return String(a).endsWith(String(b));
    case 'cn':
      return String(a).includes(String(b));
    case 'rg': {
      const upper = normalise(filter.column, cell, filter.to ?? '');
      return upper !== undefined && a >= b && a <= upper[1];
    }
  }
}

/**
 * The day range [from, to] a condition on a date column implies, for the modified-day index;
 * undefined when the condition does not narrow by day. A superset is fine: rows are filtered again.
 */
export function dayRange(filter: BrowseFilter): { from: string; to: string } | undefined {
  const day = toDay(filter.value);
  if (day === null) return undefined;
  switch (filter.op) {
    case 'eq':
      return { from: day, to: day };
    case 'ge':
    case 'gt':
      return { from: day, to: '9999-12-31' };
    case 'le':
    case 'lt':
      return { from: '0000-01-01', to: day };
    case 'rg': {
      const to = toDay(filter.to);
      return to === null ? undefined : { from: day, to };
    }
    default:
      return undefined;
  }
}
