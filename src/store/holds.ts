/**
 * The store's operator holds (resolve / exclude) and the lease listing the dashboard reads to tell
 * a killed run from a running one. A hold and the audit event saying who set or lifted it are
 * written in one transaction.
 */
import type { Kysely } from 'kysely';
import type {
  AuditEventInput,
  FlowId,
  HoldCount,
  HoldKind,
  LeaseRow,
  LinkState,
  RecordHold,
} from '../core/store-port.js';
import { toJson, toMs } from './rows.js';
import type { Database } from './tables.js';
import type { Db } from './writes.js';

function auditValues(e: AuditEventInput): Record<string, unknown> {
  return {
    connection: e.connection,
    flow: e.flow,
    source_key: e.sourceKey,
    run_id: e.runId,
    at_ms: e.atMs,
    action: e.action,
    target_id: e.targetId,
    payload_hash: e.payloadHash,
    payload: toJson(e.payload),
    error: toJson(e.error),
    detail: toJson(e.detail),
  };
}

async function insertEvents(db: Db, events: readonly AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(events.map((e) => auditValues(e) as never))
    .execute();
}

/** Sets (or replaces) one hold and appends its audit event. */
export async function setHold(db: Kysely<Database>, hold: RecordHold, event: AuditEventInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('record_holds')
      .values({
        connection: hold.connection,
        flow: hold.flow,
        source_key: hold.sourceKey,
        kind: hold.kind,
        reason: hold.reason,
        actor: hold.actor,
        at_ms: hold.atMs,
        content_hash: hold.contentHash,
      })
      .onConflict((oc) =>
        oc.columns(['connection', 'flow', 'source_key']).doUpdateSet({
          kind: hold.kind,
          reason: hold.reason,
          actor: hold.actor,
          at_ms: hold.atMs,
          content_hash: hold.contentHash,
        }),
      )
      .execute();
    await insertEvents(trx, [event]);
  });
}

/** Lifts holds and appends their audit events. */
export async function releaseHolds(
  db: Kysely<Database>,
  holds: readonly Pick<RecordHold, 'connection' | 'flow' | 'sourceKey'>[],
  events: readonly AuditEventInput[],
): Promise<void> {
  if (holds.length === 0 && events.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const h of holds) {
      await trx
        .deleteFrom('record_holds')
        .where('connection', '=', h.connection)
        .where('flow', '=', h.flow)
        .where('source_key', '=', h.sourceKey)
        .execute();
    }
    await insertEvents(trx, events);
  });
}

function holdFromRow(row: Database['record_holds']): RecordHold {
  return {
    connection: row.connection,
    flow: row.flow as FlowId,
    sourceKey: row.source_key,
    kind: row.kind as HoldKind,
    reason: row.reason,
    actor: row.actor,
    atMs: toMs(row.at_ms),
    contentHash: row.content_hash,
  };
}

/** Holds of some keys of one flow, by key. */
export async function getHolds(
  db: Kysely<Database>,
  connection: string,
  flow: FlowId,
  sourceKeys: readonly string[],
): Promise<Map<string, RecordHold>> {
  const out = new Map<string, RecordHold>();
  for (let i = 0; i < sourceKeys.length; i += 500) {
    const part = sourceKeys.slice(i, i + 500);
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('record_holds')
      .selectAll()
      .where('connection', '=', connection)
      .where('flow', '=', flow)
      .where('source_key', 'in', part)
      .execute();
    for (const row of rows) out.set(row.source_key, holdFromRow(row));
  }
  return out;
}

/** Holds, most recent first. */
export async function listHolds(
  db: Kysely<Database>,
  filter: { connection?: string; flow?: FlowId; limit: number },
): Promise<RecordHold[]> {
  let query = db.selectFrom('record_holds').selectAll();
  if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
  if (filter.flow !== undefined) query = query.where('flow', '=', filter.flow);
  const rows = await query.orderBy('at_ms', 'desc').limit(filter.limit).execute();
  return rows.map(holdFromRow);
}

/** Held records per (connection, flow, kind) and the state of their link. */
export async function holdCounts(db: Kysely<Database>): Promise<HoldCount[]> {
  const rows = await db
    .selectFrom('record_holds as h')
    .leftJoin('links as l', (join) =>
      join
        .onRef('l.connection', '=', 'h.connection')
        .onRef('l.flow', '=', 'h.flow')
        .onRef('l.source_key', '=', 'h.source_key'),
    )
    .select(['h.connection', 'h.flow', 'h.kind', 'l.state', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['h.connection', 'h.flow', 'h.kind', 'l.state'])
    .execute();
  return rows.map((r) => ({
    connection: r.connection,
    flow: r.flow as FlowId,
    kind: r.kind as HoldKind,
    linkState: (r.state ?? null) as LinkState | null,
    count: Number(r.n),
  }));
}

/** Every lease row. */
export async function listLeases(db: Kysely<Database>): Promise<LeaseRow[]> {
  const rows = await db.selectFrom('leases').selectAll().execute();
  return rows.map((r) => ({
    connection: r.connection,
    flow: r.flow as FlowId,
    holder: r.holder,
    expiresAtMs: toMs(r.expires_at_ms),
  }));
}
