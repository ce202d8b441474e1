/** Write helpers shared by the store's methods and transactions (both dialects). */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { chunk } from '../core/chunk.js';
import type { AuditEventInput, FlowId, RecordLinkUpsert, SealedSecret } from '../core/store-port.js';
import {
  batchJson,
  insertAuditSql,
  upsertLinksSql,
  type AuditJsonRow,
  type LinkJsonRow,
  type OptionalLinkColumn,
} from './bulk-sql.js';
import type { JsonTexts } from './rows.js';
import type { Database } from './tables.js';

/** A Kysely instance or an open transaction. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Inserts or replaces one sealed secret. */
export async function putSecret(db: Db, secret: SealedSecret): Promise<void> {
  await db
    .insertInto('secrets')
    .values({
      connection: secret.connection,
      name: secret.name,
      key_id: secret.keyId,
      blob: secret.blob,
      updated_at_ms: secret.updatedAtMs,
    })
    .onConflict((oc) =>
      oc.columns(['connection', 'name']).doUpdateSet((eb) => ({
        key_id: eb.ref('excluded.key_id'),
        blob: eb.ref('excluded.blob'),
        updated_at_ms: eb.ref('excluded.updated_at_ms'),
      })),
    )
    .execute();
}

/** Sets (or, with null, deletes) a cursor. */
export async function setCursor(
  db: Db,
  connection: string,
  flow: FlowId | `changes:${string}`,
  value: string | null,
  nowMs: number,
): Promise<void> {
  if (value === null) {
    await db.deleteFrom('cursors').where('connection', '=', connection).where('flow', '=', flow).execute();
    return;
  }
  await db
    .insertInto('cursors')
    .values({ connection, flow, value, updated_at_ms: nowMs })
    .onConflict((oc) =>
      oc.columns(['connection', 'flow']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        updated_at_ms: eb.ref('excluded.updated_at_ms'),
      })),
    )
    .execute();
}

const OPTIONAL_LINK_FIELDS = [
  ['targetId', 'target_id'],
  ['contentHash', 'content_hash'],
  ['orderStage', 'order_stage'],
  ['lastError', 'last_error'],
  ['snapshot', 'snapshot'],
  ['lastRunId', 'last_run_id'],
] as const satisfies readonly (readonly [keyof RecordLinkUpsert, OptionalLinkColumn])[];

/** Links with the same set of provided optional columns, encoded for the statements. */
export interface LinkGroup {
  columns: OptionalLinkColumn[];
  rows: LinkJsonRow[];
}

/**
 * Prepares a batch of link upserts: repeated keys are merged (later fields win, omitted fields
 * do not overwrite), then rows are grouped by the optional columns they provide (an upsert
 * overwrites exactly those), in first-seen order.
 */
export function linkGroups(links: readonly RecordLinkUpsert[], json: JsonTexts): LinkGroup[] {
  const merged = new Map<string, RecordLinkUpsert>();
  for (const link of links) {
    const key = JSON.stringify([link.connection, link.flow, link.sourceKey]);
    const previous = merged.get(key);
    merged.set(key, previous ? { ...previous, ...definedFields(link) } : link);
  }
  const groups = new Map<string, LinkGroup>();
  for (const link of merged.values()) {
    const columns: OptionalLinkColumn[] = [];
    for (const [field, column] of OPTIONAL_LINK_FIELDS) if (link[field] !== undefined) columns.push(column);
    const shape = columns.join(',');
    let group = groups.get(shape);
    if (!group) groups.set(shape, (group = { columns, rows: [] }));
    group.rows.push({
      c: link.connection,
      f: link.flow,
      k: link.sourceKey,
      t: link.targetId ?? null,
      h: link.contentHash ?? null,
      s: link.state,
      o: link.orderStage ?? null,
      e: json.text(link.lastError),
      p: json.text(link.snapshot),
      u: link.lastRunId ?? null,
    });
  }
  return [...groups.values()];
}

/** The fields of an upsert that are set (undefined = omitted, so it must not overwrite). */
function definedFields(link: RecordLinkUpsert): Partial<RecordLinkUpsert> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(link)) if (value !== undefined) out[field] = value;
  return out;
}

/** One audit event encoded for the statements (a stray undefined is stored as NULL, as before). */
export function auditRow(e: AuditEventInput, json: JsonTexts): AuditJsonRow {
  return {
    c: e.connection,
    f: e.flow,
    k: e.sourceKey,
    n: e.runId ?? null,
    a: e.atMs,
    x: e.action,
    t: e.targetId ?? null,
    h: e.payloadHash ?? null,
    p: json.text(e.payload),
    e: json.text(e.error),
    d: json.text(e.detail),
  };
}

/** Rows per PostgreSQL statement: bounds one statement's JSON text (~1 KB a row) on huge batches. */
const ROWS_PER_STATEMENT = 1000;

/**
 * PostgreSQL: inserts or updates prepared link groups (linkGroups), one INSERT … ON CONFLICT DO
 * UPDATE per group and 1000 rows, the rows as one JSON parameter (bulk-sql.ts).
 */
export async function upsertLinksPostgres(
  db: Db,
  groups: readonly LinkGroup[],
  nowMs: number,
): Promise<void> {
  for (const { columns, rows } of groups) {
    const text = upsertLinksSql('postgres', columns);
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
      await db.executeQuery(CompiledQuery.raw(text, [batchJson('postgres', part), nowMs]));
    }
  }
}

/** PostgreSQL: appends encoded audit events (auditRow) in order, 1000 rows per statement. */
export async function insertAuditEventsPostgres(db: Db, rows: readonly AuditJsonRow[]): Promise<void> {
  const text = insertAuditSql('postgres');
  for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
    await db.executeQuery(CompiledQuery.raw(text, [batchJson('postgres', part)]));
  }
}
