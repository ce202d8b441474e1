/**
 * Zod building blocks for browse cells. QAD browses return strings, numbers, booleans or nulls
 * depending on the column, so every cell is coerced once here, at the edge, and a failing cell
 * names its field instead of throwing.
 */
import { z } from 'zod';
import type { NormaliseResult } from '../types.js';

function trimmed(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return value;
}

function blankToUndefined(value: unknown): unknown {
  const v = trimmed(value);
  return v === '' || v === null ? undefined : v;
}

/** A non-empty string (numbers are accepted and stringified). */
export const requiredText = z.preprocess(trimmed, z.string().min(1, 'is empty'));
/** An optional string; '' and null become absent. */
export const optionalText = z.preprocess(blankToUndefined, z.string().optional());

const TRUE = new Set(['true', 'yes', 'y', '1', 'active']);
const FALSE = new Set(['false', 'no', 'n', '0', 'inactive']);

/** A boolean from true/false, yes/no, 1/0 (any case). */
export const flag = z.preprocess((value) => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 0 ? false : value === 1 ? true : value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
  }
  return value;
}, z.boolean());

/** A finite number; numeric strings (with `.` decimals) are accepted. */
export const amount = z.preprocess((value) => {
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return value;
}, z.number().finite());

/** Currency codes from a comma list (`"USD,EUR"`) or an array; absent → []. */
export const currencyList = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === '') return [];
    if (typeof value === 'string')
      return value
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== '');
    if (Array.isArray(value))
      return (value as unknown[]).map((c) => (typeof c === 'string' ? c.trim().toUpperCase() : c));
    return value;
  },
  z.array(z.string().regex(/^[A-Z]{3}$/, 'is not a list of 3-letter currency codes')),
);

/** A day as `YYYY-MM-DD`, from an ISO date or timestamp string. */
export const isoDay = z.preprocess(
  (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string') {
      const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
      return match ? match[1] : value;
    }
    return value;
  },
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)'),
);

/** Picks the cells named by `columns` out of a browse row, keyed by canonical field name. */
export function pick(row: Record<string, unknown>, columns: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) out[field] = row[column];
  return out;
}

/**
 * Validates picked cells against `schema`; on failure returns an invalid result naming the
 * canonical field, its browse column and the reason (never throws).
 */
export function validateRow<T>(
  schema: z.ZodType<T>,
  picked: Record<string, unknown>,
  columns: Record<string, string>,
  rowKey?: string,
): { ok: true; value: T } | { ok: false; result: NormaliseResult<never> } {
  const parsed = schema.safeParse(picked);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '(row)');
  const column = columns[field];
  const cell = picked[field];
  const reason =
    cell === undefined || cell === null
      ? `${field} is missing (column ${column ?? '?'})`
      : `${field} ${issue?.message ?? 'is invalid'} (column ${column ?? '?'})`;
  const result: NormaliseResult<never> = { status: 'invalid', field, reason };
  if (column !== undefined) result.column = column;
  if (rowKey !== undefined) result.rowKey = rowKey;
  return { ok: false, result };
}
