/**
 * SQL for the ledger's hot path (commitBatch and the link lookups), built once per shape.
 *
 * PostgreSQL: a batch travels as ONE JSON text parameter that the server expands into rows
 * (`json_to_recordset`, `json_array_elements_text`): the statement text does not depend on the
 * row count, so there is no per-value query building in Kysely and no thousands of bind
 * parameters to parse (measured faster than unnest(arrays) and multi-row VALUES, client and
 * server). SQLite: in-process, so single-row statements prepared once and run per row are the
 * cheapest (measured ~2x faster than json_each, which re-renders each element's JSON text);
 * lookups pass their keys as one JSON array to `json_each`.
 *
 * PostgreSQL lookups go key by key (`LATERAL (… = k.v LIMIT 1)`), one index probe per key, and
 * each probe's conditions fit exactly one index (migration 0002). The former
 * `source_key IN (…) ORDER BY source_key` let the planner scan every link of the flow when the
 * table has no statistics yet (never analysed, autovacuum off or behind during a first big load):
 * it filtered ~all rows per page, so a run slowed with the ledger's size (measured: 99,500 rows
 * filtered away to find 500 at 100k links; 1M links made every page read 1M rows).
 */
import type { StoreDialect } from './dialect.js';

/** Optional link columns an upsert may omit (omitted = keep the stored value). */
export type OptionalLinkColumn =
  'target_id' | 'content_hash' | 'order_stage' | 'last_error' | 'snapshot' | 'last_run_id';

/** One link row as encoded in the JSON batch (short keys keep the text small). */
export interface LinkJsonRow {
  c: string;
  f: string;
  k: string;
  t: string | null;
  h: string | null;
  s: string;
  o: string | null;
  e: string | null;
  p: string | null;
  u: string | null;
}

/** One audit row as encoded in the JSON batch. */
export interface AuditJsonRow {
  c: string;
  f: string;
  k: string;
  n: string | null;
  a: number;
  x: string;
  t: string | null;
  h: string | null;
  p: string | null;
  e: string | null;
  d: string | null;
}

const LINK_COLUMNS: readonly [keyof LinkJsonRow, string][] = [
  ['c', 'connection'],
  ['f', 'flow'],
  ['k', 'source_key'],
  ['t', 'target_id'],
  ['h', 'content_hash'],
  ['s', 'state'],
  ['o', 'order_stage'],
  ['e', 'last_error'],
  ['p', 'snapshot'],
  ['u', 'last_run_id'],
];

const AUDIT_COLUMNS: readonly [keyof AuditJsonRow, string, 'text' | 'bigint'][] = [
  ['c', 'connection', 'text'],
  ['f', 'flow', 'text'],
  ['k', 'source_key', 'text'],
  ['n', 'run_id', 'text'],
  ['a', 'at_ms', 'bigint'],
  ['x', 'action', 'text'],
  ['t', 'target_id', 'text'],
  ['h', 'payload_hash', 'text'],
  ['p', 'payload', 'text'],
  ['e', 'error', 'text'],
  ['d', 'detail', 'text'],
];

const LINK_INTO = `insert into links (${[...LINK_COLUMNS.map(([, column]) => column), 'updated_at_ms'].join(', ')})`;

/**
 * INSERT … ON CONFLICT DO UPDATE of links. `updated` lists the optional columns the rows provide;
 * only those (plus state and updated_at_ms) overwrite an existing row. PostgreSQL: a JSON batch
 * of LinkJsonRow ($1) stamped with $2 = updated_at_ms. SQLite: one row, bound in LinkJsonRow key
 * order then updated_at_ms (run as a prepared statement per row; the SQLite writer keeps its
 * statements per store). Built per batch: a few string joins, no process-wide cache.
 */
export function upsertLinksSql(dialect: StoreDialect, updated: readonly OptionalLinkColumn[]): string {
  const set = ['state', 'updated_at_ms', ...updated].map((c) => `${c} = excluded.${c}`).join(', ');
  const conflict = `on conflict (connection, flow, source_key) do update set ${set}`;
  return dialect === 'postgres'
    ? `${LINK_INTO} select ${LINK_COLUMNS.map(([key]) => `r.${key}`).join(', ')}, $2::bigint ` +
        `from json_to_recordset($1::json) as r(${LINK_COLUMNS.map(([key]) => `${key} text`).join(', ')}) ${conflict}`
    : `${LINK_INTO} values (${placeholders(LINK_COLUMNS.length + 1)}) ${conflict}`;
}

/** Appends audit events: PostgreSQL a JSON batch of AuditJsonRow ($1); SQLite one row in key order. */
export function insertAuditSql(dialect: StoreDialect): string {
  return dialect === 'postgres' ? AUDIT_PG : AUDIT_SQLITE;
}

const AUDIT_INTO = `insert into audit_events (${AUDIT_COLUMNS.map(([, column]) => column).join(', ')})`;
const AUDIT_PG =
  `${AUDIT_INTO} select ${AUDIT_COLUMNS.map(([key]) => `r.${key}`).join(', ')} ` +
  `from json_to_recordset($1::json) as r(${AUDIT_COLUMNS.map(([key, , type]) => `${key} ${type}`).join(', ')})`;
const AUDIT_SQLITE = `${AUDIT_INTO} values (${placeholders(AUDIT_COLUMNS.length)})`;

/** SQLite: sets one cursor (connection, flow, value, updated_at_ms), as writes.ts setCursor does. */
export const UPSERT_CURSOR_SQLITE =
  'insert into cursors (connection, flow, value, updated_at_ms) values (?, ?, ?, ?) ' +
  'on conflict (connection, flow) do update set value = excluded.value, updated_at_ms = excluded.updated_at_ms';

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * Links of one (connection, flow) whose `column` is one of the JSON array of values (3rd
 * parameter, after connection and flow). By source key: at most one row per key. By target id:
 * the link with the lowest source key per target id (the store's collation decides "lowest"),
 * so a target linked twice resolves the same way on both dialects.
 */
export function linkLookupSql(dialect: StoreDialect, column: 'source_key' | 'target_id'): string {
  if (dialect === 'postgres') {
    // By target: the OFFSET 0 fence keeps connection/flow out of the probe (quals are not pushed
    // into a subquery with OFFSET), so only links_by_target_id (target_id first) can serve it.
    const probe =
      column === 'source_key'
        ? `select * from links where connection = $1 and flow = $2 and source_key = k.v limit 1`
        : `select * from (select * from links where target_id = k.v offset 0) as t ` +
          `where t.connection = $1 and t.flow = $2 order by t.source_key limit 1`;
    return `select l.* from json_array_elements_text($3::json) as k(v) cross join lateral (${probe}) as l`;
  }
  // `+source_key` keeps SQLite from walking the primary key in order instead of probing the
  // index on `column`; the ORDER BY then sorts only the rows found.
  return (
    `select * from links where connection = ? and flow = ? and ${column} in ` +
    `(select value from json_each(?))${column === 'target_id' ? ' order by +source_key' : ''}`
  );
}

/** Lone UTF-16 surrogates: JSON.stringify escapes them as `\udXXX`, which PostgreSQL's json rejects. */
const ESCAPED_SURROGATE = /\\ud[89a-f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The JSON text of a batch. On PostgreSQL a string with a lone surrogate is stored the way a bind
 * parameter stores it (pg encodes it to UTF-8 as U+FFFD) instead of failing the whole batch as
 * invalid json; SQLite takes the escape as it took the parameter. The check is one scan of the
 * text; the slow path runs only when a surrogate escape is present.
 */
export function batchJson(dialect: StoreDialect, rows: unknown): string {
  const text = JSON.stringify(rows);
  if (dialect === 'sqlite' || !ESCAPED_SURROGATE.test(text)) return text;
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value,
  );
}
