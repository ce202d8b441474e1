/** Write helpers shared by the store's methods and transactions (both dialects). */
import type { Kysely, Transaction } from 'kysely';
import type { FlowId, RecordLinkUpsert, SealedSecret } from '../core/store-port.js';
import { chunk, toJson } from './rows.js';
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
  flow: FlowId,
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
  'targetId',
  'contentHash',
  'orderStage',
  'lastError',
  'snapshot',
  'lastRunId',
] as const;
const COLUMN_OF = {
  targetId: 'target_id',
  contentHash: 'content_hash',
  orderStage: 'order_stage',
  lastError: 'last_error',
  snapshot: 'snapshot',
  lastRunId: 'last_run_id',
} as const;

/**
 * Inserts or updates links; fields an upsert omits keep their stored value. Repeated keys in one
 * call are merged (later fields win). Rows with the same set of provided fields are written with
 * one multi-row INSERT … ON CONFLICT DO UPDATE per 200 rows.
 */
export async function upsertLinks(db: Db, links: readonly RecordLinkUpsert[], nowMs: number): Promise<void> {
  const merged = new Map<string, RecordLinkUpsert>();
  for (const link of links) {
    const key = JSON.stringify([link.connection, link.flow, link.sourceKey]);
    const previous = merged.get(key);
    const defined = Object.fromEntries(Object.entries(link).filter(([, v]) => v !== undefined));
    merged.set(key, previous ? { ...previous, ...defined } : link);
  }
  const groups = new Map<string, RecordLinkUpsert[]>();
  for (const link of merged.values()) {
    const shape = OPTIONAL_LINK_FIELDS.filter((f) => link[f] !== undefined).join(',');
    groups.set(shape, [...(groups.get(shape) ?? []), link]);
  }
  for (const [shape, group] of groups) {
    const columns = new Set<string>(
      shape === '' ? [] : shape.split(',').map((f) => COLUMN_OF[f as keyof typeof COLUMN_OF]),
    );
    const has = (column: string): boolean => columns.has(column);
    for (const rows of chunk(group, 200)) {
      await db
        .insertInto('links')
        .values(
          rows.map((link) => ({
            connection: link.connection,
            flow: link.flow,
            source_key: link.sourceKey,
            target_id: link.targetId ?? null,
            content_hash: link.contentHash ?? null,
            state: link.state,
            order_stage: link.orderStage ?? null,
            last_error: toJson(link.lastError),
            snapshot: toJson(link.snapshot),
            last_run_id: link.lastRunId ?? null,
            updated_at_ms: nowMs,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['connection', 'flow', 'source_key']).doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            updated_at_ms: eb.ref('excluded.updated_at_ms'),
            ...(has('target_id') ? { target_id: eb.ref('excluded.target_id') } : {}),
            ...(has('content_hash') ? { content_hash: eb.ref('excluded.content_hash') } : {}),
            ...(has('order_stage') ? { order_stage: eb.ref('excluded.order_stage') } : {}),
            ...(has('last_error') ? { last_error: eb.ref('excluded.last_error') } : {}),
            ...(has('snapshot') ? { snapshot: eb.ref('excluded.snapshot') } : {}),
            ...(has('last_run_id') ? { last_run_id: eb.ref('excluded.last_run_id') } : {}),
          })),
        )
        .execute();
    }
  }
}
