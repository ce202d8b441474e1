/**
 * The Store (src/core/store-port.ts) over Kysely: one implementation for SQLite and PostgreSQL.
 * Migrations run on open. Leases are atomic across processes (conditional upsert + row count).
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, Migrator, type Kysely, type Selectable } from 'kysely';
import { systemClock, type Clock } from '../core/clock.js';
import { messageOf, SystemError } from '../core/errors.js';
import type {
  ChangeEventInput,
  LeaseOwner,
  LeaseRecord,
  LeaseTakeover,
  AuditEvent,
  AuditEventInput,
  BatchCommit,
  FlowHealth,
  FlowId,
  HoldCount,
  LeaseRow,
  LinkState,
  MassChangeHold,
  RecordHold,
  RecordLink,
  RunRecord,
  SealedSecret,
  Store,
} from '../core/store-port.js';
import { FLOW_IDS } from '../core/store-port.js';
import type { OpenedDatabase, StoreDialect } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import * as massChangeHolds from './mass-change-holds.js';
import { batchJson, linkLookupSql } from './bulk-sql.js';
import { auditFromRow, JsonTexts, linkFromRow, runFromRow, secretFromRow, toJson, toMs } from './rows.js';
import type { Database, LinksTable } from './tables.js';
import { SqliteBatchWriter } from './sqlite-batch-writer.js';
import * as holds from './holds.js';
import {
  auditRow,
  insertAuditEventsPostgres,
  linkGroups,
  putSecret,
  setCursor,
  upsertLinksPostgres,
} from './writes.js';

/** Runs pending migrations; leaves the store at the last good one on failure. */
export async function migrateToLatest(opened: OpenedDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: opened.db,
    provider: migrationProvider(opened.dialect),
    ...(opened.schema ? { migrationTableSchema: opened.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const what =
      failed === undefined ? 'store migrations could not start' : `store migration ${failed} failed`;
    throw new SystemError('STORE_MIGRATION_FAILED', `${what}: ${messageOf(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  /** SQLite only: commitBatch's prepared statements (null on PostgreSQL). */
  readonly #sqliteWriter: SqliteBatchWriter | null;

  constructor(opened: OpenedDatabase, clock: Clock = systemClock) {
    this.dialect = opened.dialect;
    this.#db = opened.db;
    this.#clock = clock;
    this.#sqliteWriter = opened.sqlite ? new SqliteBatchWriter(opened.sqlite) : null;
  }

  /** The underlying Kysely instance, for areas that need a query the port does not offer. */
  get db(): Kysely<Database> {
    return this.#db;
  }

  async ensureConnection(name: string, nowMs: number): Promise<void> {
    await this.#db
      .insertInto('connections')
      .values({ name, created_at_ms: nowMs })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  async listConnections(): Promise<string[]> {
    const rows = await this.#db.selectFrom('connections').select('name').orderBy('name').execute();
    return rows.map((r) => r.name);
  }

  async putSecret(secret: SealedSecret): Promise<void> {
    await putSecret(this.#db, secret);
  }

  async getSecret(connection: string, name: string): Promise<SealedSecret | null> {
    const row = await this.#db
      .selectFrom('secrets')
      .selectAll()
      .where('connection', '=', connection)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? secretFromRow(row) : null;
  }

  async listSecrets(): Promise<SealedSecret[]> {
    const rows = await this.#db
      .selectFrom('secrets')
      .selectAll()
      .orderBy('connection')
      .orderBy('name')
      .execute();
    return rows.map(secretFromRow);
  }

  async replaceSecrets(secrets: SealedSecret[]): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const secret of secrets) await putSecret(trx, secret);
    });
  }

  async getCursor(connection: string, flow: FlowId): Promise<string | null> {
    const row = await this.#db
      .selectFrom('cursors')
      .select('value')
      .where('connection', '=', connection)
      .where('flow', '=', flow)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async setCursor(connection: string, flow: FlowId, value: string | null): Promise<void> {
    await setCursor(this.#db, connection, flow, value, this.#clock.nowMs());
  }

  async acquireLease(
    connection: string,
    flow: FlowId,
    holder: string,
    ttlMs: number,
    nowMs: number,
    owner?: LeaseOwner,
  ): Promise<boolean> {
    const result = await this.#db
      .insertInto('leases')
      .values({ connection, flow, holder, expires_at_ms: nowMs + ttlMs, ...ownerColumns(owner) })
      .onConflict((oc) =>
        oc
          .columns(['connection', 'flow'])
          .doUpdateSet((eb) => ({
            holder: eb.ref('excluded.holder'),
            expires_at_ms: eb.ref('excluded.expires_at_ms'),
            owner_host: eb.ref('excluded.owner_host'),
            owner_pid: eb.ref('excluded.owner_pid'),
            owner_started_at_ms: eb.ref('excluded.owner_started_at_ms'),
          }))
          .where((eb) => eb.or([eb('leases.expires_at_ms', '<=', nowMs), eb('leases.holder', '=', holder)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async getLease(connection: string, flow: FlowId): Promise<LeaseRecord | null> {
    const row = await this.#db
      .selectFrom('leases')
      .selectAll()
      .where('connection', '=', connection)
      .where('flow', '=', flow)
      .executeTakeFirst();
    return row ? leaseFromRow(row) : null;
  }

  async takeOverLease(takeover: LeaseTakeover, ttlMs: number, owner: LeaseOwner): Promise<boolean> {
    const { previous } = takeover;
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('leases')
        .set({ holder: takeover.holder, expires_at_ms: takeover.atMs + ttlMs, ...ownerColumns(owner) })
        .where('connection', '=', previous.connection)
        .where('flow', '=', previous.flow)
        .where('holder', '=', previous.holder)
        .where('expires_at_ms', '=', previous.expiresAtMs)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('lease_takeovers')
        .values({
          id: randomUUID(),
          connection: takeover.connection,
          flow: takeover.flow,
          at_ms: takeover.atMs,
          holder: takeover.holder,
          previous_holder: previous.holder,
          previous_host: previous.owner?.host ?? null,
          previous_pid: previous.owner?.pid ?? null,
          previous_started_at_ms: previous.owner?.startedAtMs ?? null,
          previous_expires_at_ms: previous.expiresAtMs,
          reason: takeover.reason,
        })
        .execute();
      return true;
    });
  }

  async listLeaseTakeovers(filter: { connection?: string; limit: number }): Promise<LeaseTakeover[]> {
    let query = this.#db.selectFrom('lease_takeovers').selectAll();
    if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
    const rows = await query.orderBy('at_ms', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({
      connection: row.connection,
      flow: row.flow as FlowId,
      atMs: toMs(row.at_ms),
      holder: row.holder,
      reason: row.reason,
      previous: {
        connection: row.connection,
        flow: row.flow as FlowId,
        holder: row.previous_holder,
        expiresAtMs: toMs(row.previous_expires_at_ms),
        owner:
          row.previous_host === null || row.previous_pid === null || row.previous_started_at_ms === null
            ? null
            : {
                host: row.previous_host,
                pid: Number(row.previous_pid),
                startedAtMs: toMs(row.previous_started_at_ms),
              },
      },
    }));
  }

  async renewLease(
    connection: string,
    flow: FlowId,
    holder: string,
    ttlMs: number,
    nowMs: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('leases')
      .set({ expires_at_ms: nowMs + ttlMs })
      .where('connection', '=', connection)
      .where('flow', '=', flow)
      .where('holder', '=', holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async releaseLease(connection: string, flow: FlowId, holder: string): Promise<void> {
    await this.#db
      .deleteFrom('leases')
      .where('connection', '=', connection)
      .where('flow', '=', flow)
      .where('holder', '=', holder)
      .execute();
  }

  async startRun(run: Omit<RunRecord, 'endedAtMs' | 'outcome' | 'error'>): Promise<void> {
    await this.#db
      .insertInto('runs')
      .values({
        id: run.id,
        connection: run.connection,
        flow: run.flow,
        started_at_ms: run.startedAtMs,
        ended_at_ms: null,
        outcome: 'running',
        counts: JSON.stringify(run.counts),
        calls: JSON.stringify(run.calls),
        error: null,
        dry_run: run.dryRun ? 1 : 0,
      })
      .execute();
  }

  async finishRun(
    id: string,
    patch: Pick<RunRecord, 'endedAtMs' | 'outcome' | 'counts' | 'calls' | 'error'>,
  ): Promise<void> {
    await this.#db
      .updateTable('runs')
      .set({
        ended_at_ms: patch.endedAtMs,
        outcome: patch.outcome,
        counts: JSON.stringify(patch.counts),
        calls: JSON.stringify(patch.calls),
        error: toJson(patch.error),
      })
      .where('id', '=', id)
      .execute();
  }

  async listRuns(filter: { connection?: string; flow?: FlowId; limit: number }): Promise<RunRecord[]> {
    let query = this.#db.selectFrom('runs').selectAll();
    if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
    if (filter.flow !== undefined) query = query.where('flow', '=', filter.flow);
    const rows = await query
      .orderBy('started_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(runFromRow);
  }

  async getLinks(
    connection: string,
    flow: FlowId,
    sourceKeys: readonly string[],
  ): Promise<Map<string, RecordLink>> {
    const out = new Map<string, RecordLink>();
    for (const row of await this.#linkRows(connection, flow, 'source_key', sourceKeys)) {
      out.set(row.source_key, linkFromRow(row));
    }
    return out;
  }

  async getLinksByTarget(
    connection: string,
    flow: FlowId,
    targetIds: readonly string[],
  ): Promise<Map<string, RecordLink>> {
    const out = new Map<string, RecordLink>();
    // Rows come ordered by source key, so a target id linked twice resolves to the first key.
    for (const row of await this.#linkRows(connection, flow, 'target_id', targetIds)) {
      if (row.target_id !== null && !out.has(row.target_id)) out.set(row.target_id, linkFromRow(row));
    }
    return out;
  }

  /**
   * Links of one flow whose `column` is one of `values`, in one statement (bulk-sql.ts: one index
   * probe per value on both dialects). By target id, rows of one target come lowest source key first.
   */
  async #linkRows(
    connection: string,
    flow: FlowId,
    column: 'source_key' | 'target_id',
    values: readonly string[],
  ): Promise<Selectable<LinksTable>[]> {
    if (values.length === 0) return [];
    const result = await this.#db.executeQuery<Selectable<LinksTable>>(
      CompiledQuery.raw(linkLookupSql(this.dialect, column), [
        connection,
        flow,
        batchJson(this.dialect, [...new Set(values)]),
      ]),
    );
    return result.rows;
  }

  async listLinks(filter: {
    connection?: string;
    flow?: FlowId;
    states?: LinkState[];
    limit: number;
    offset?: number;
  }): Promise<RecordLink[]> {
    let query = this.#db.selectFrom('links').selectAll();
    if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
    if (filter.flow !== undefined) query = query.where('flow', '=', filter.flow);
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      query = query.where('state', 'in', filter.states);
    }
    const rows = await query
      .orderBy('connection')
      .orderBy('flow')
      .orderBy('source_key')
      .limit(filter.limit)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map(linkFromRow);
  }

  async commitBatch(batch: BatchCommit): Promise<void> {
    const nowMs = this.#clock.nowMs();
    const sqlite = this.#sqliteWriter;
    if (sqlite) {
      await this.#db.connection().execute(() => Promise.resolve(sqlite.commit(batch, nowMs)));
      return;
    }
    // Everything is encoded before the first await: the rows are what the batch held at the call.
    const json = new JsonTexts();
    const groups = linkGroups(batch.links, json);
    const events = batch.events.map((e) => auditRow(e, json));
    await this.#db.transaction().execute(async (trx) => {
      await upsertLinksPostgres(trx, groups, nowMs);
      await insertAuditEventsPostgres(trx, events);
      if (batch.cursor)
        await setCursor(trx, batch.cursor.connection, batch.cursor.flow, batch.cursor.value, nowMs);
    });
  }

  async deleteLink(
    connection: string,
    flow: FlowId,
    sourceKey: string,
    event: AuditEventInput,
  ): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('links')
        .where('connection', '=', connection)
        .where('flow', '=', flow)
        .where('source_key', '=', sourceKey)
        .execute();
      await trx
        .insertInto('audit_events')
        .values({
          connection: event.connection,
          flow: event.flow,
          source_key: event.sourceKey,
          run_id: event.runId,
          at_ms: event.atMs,
          action: event.action,
          target_id: event.targetId,
          payload_hash: event.payloadHash,
          payload: event.payload === null ? null : JSON.stringify(event.payload),
          error: event.error === null ? null : JSON.stringify(event.error),
          detail: event.detail === null ? null : JSON.stringify(event.detail),
        })
        .execute();
    });
  }

  async auditHistory(
    sourceKey: string,
    filter: { connection?: string; flow?: FlowId } = {},
  ): Promise<AuditEvent[]> {
    let query = this.#db.selectFrom('audit_events').selectAll().where('source_key', '=', sourceKey);
    if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
    if (filter.flow !== undefined) query = query.where('flow', '=', filter.flow);
    const rows = await query.orderBy('at_ms').orderBy('id').execute();
    return rows.map(auditFromRow);
  }

  async addChangeEvents(events: readonly ChangeEventInput[]): Promise<number> {
    if (events.length === 0) return 0;
    let added = 0;
    await this.#db.transaction().execute(async (trx) => {
      for (const e of events) {
        const result = await trx
          .insertInto('change_events')
          .values({
            connection: e.connection,
            event_id: e.eventId,
            source: e.source,
            object_type: e.objectType,
            object_id: e.objectId,
            occurred_at_ms: e.occurredAtMs,
            received_at_ms: e.receivedAtMs,
            processed_at_ms: null,
          })
          .onConflict((oc) => oc.columns(['connection', 'event_id']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
    });
    return added;
  }

  async pendingChangeEvents(
    connection: string,
    objectType: string,
    limit: number,
  ): Promise<ChangeEventInput[]> {
    const rows = await this.#db
      .selectFrom('change_events')
      .selectAll()
      .where('connection', '=', connection)
      .where('processed_at_ms', 'is', null)
      .where('object_type', '=', objectType)
      .orderBy('received_at_ms')
      .orderBy('event_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      connection: r.connection,
      eventId: r.event_id,
      source: r.source === 'journal' ? 'journal' : 'webhook',
      objectType: r.object_type,
      objectId: r.object_id,
      occurredAtMs: toMs(r.occurred_at_ms),
      receivedAtMs: toMs(r.received_at_ms),
    }));
  }

  async markChangeEventsHandled(
    connection: string,
    eventIds: readonly string[],
    nowMs: number,
  ): Promise<void> {
    for (let i = 0; i < eventIds.length; i += 500)
      await this.#db
        .updateTable('change_events')
        .set({ processed_at_ms: nowMs })
        .where('connection', '=', connection)
        .where('event_id', 'in', eventIds.slice(i, i + 500))
        .execute();
  }

  async getChangeCursor(connection: string, source: 'journal'): Promise<string | null> {
    const row = await this.#db
      .selectFrom('cursors')
      .select('value')
      .where('connection', '=', connection)
      .where('flow', '=', `changes:${source}`)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async setChangeCursor(connection: string, source: 'journal', value: string): Promise<void> {
    await setCursor(this.#db, connection, `changes:${source}`, value, this.#clock.nowMs());
  }

  async flowHealth(connection?: string): Promise<FlowHealth[]> {
    const names = new Set(await this.listConnections());
    const fromRuns = await this.#db.selectFrom('runs').select('connection').distinct().execute();
    const fromLinks = await this.#db.selectFrom('links').select('connection').distinct().execute();
    for (const row of [...fromRuns, ...fromLinks]) names.add(row.connection);
    const connections = [...names].filter((n) => connection === undefined || n === connection).sort();

    let counts = this.#db
      .selectFrom('links')
      .select(['connection', 'flow', 'state', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['connection', 'flow', 'state']);
    if (connection !== undefined) counts = counts.where('connection', '=', connection);
    let successes = this.#db
      .selectFrom('runs')
      .select(['connection', 'flow', (eb) => eb.fn.max('ended_at_ms').as('at')])
      .where('outcome', '=', 'ok')
      .groupBy(['connection', 'flow']);
    if (connection !== undefined) successes = successes.where('connection', '=', connection);
    const countRows = await counts.execute();
    const successRows = await successes.execute();

    const out: FlowHealth[] = [];
    for (const name of connections) {
      for (const flow of FLOW_IDS) {
        const count = (state: LinkState): number =>
          Number(
            countRows.find((r) => r.connection === name && r.flow === flow && r.state === state)?.n ?? 0,
          );
        const success = successRows.find((r) => r.connection === name && r.flow === flow)?.at;
        const [lastRun] = await this.listRuns({ connection: name, flow, limit: 1 });
        out.push({
          connection: name,
          flow,
          lastRun: lastRun ?? null,
          lastSuccessAtMs: success === null || success === undefined ? null : toMs(success),
          inSync: count('ok'),
          failing: count('failed'),
          quarantined: count('quarantined'),
          waiting: count('waiting'),
        });
      }
    }
    return out;
  }

  countLinkedRecords(connection: string, flow: FlowId): Promise<number> {
    return massChangeHolds.countLinkedRecords(this.#db, connection, flow);
  }

  recordMassChangeHold(hold: MassChangeHold): Promise<string> {
    return massChangeHolds.recordMassChangeHold(this.#db, hold);
  }

  listMassChangeHolds(filter: {
    connection?: string;
    flow?: FlowId;
    statuses?: MassChangeHold['status'][];
    limit: number;
  }): Promise<MassChangeHold[]> {
    return massChangeHolds.listMassChangeHolds(this.#db, filter);
  }

  confirmMassChangeHold(id: string, by: string, atMs: number): Promise<MassChangeHold | null> {
    return massChangeHolds.confirmMassChangeHold(this.#db, id, by, atMs);
  }

  useMassChangeConfirmation(id: string, runId: string): Promise<boolean> {
    return massChangeHolds.useMassChangeConfirmation(this.#db, id, runId);
  }

  setHold(hold: RecordHold, event: AuditEventInput): Promise<void> {
    return holds.setHold(this.#db, hold, event);
  }

  releaseHolds(
    list: readonly Pick<RecordHold, 'connection' | 'flow' | 'sourceKey'>[],
    events: readonly AuditEventInput[],
  ): Promise<void> {
    return holds.releaseHolds(this.#db, list, events);
  }

  getHolds(
    connection: string,
    flow: FlowId,
    sourceKeys: readonly string[],
  ): Promise<Map<string, RecordHold>> {
    return holds.getHolds(this.#db, connection, flow, sourceKeys);
  }

  listHolds(filter: { connection?: string; flow?: FlowId; limit: number }): Promise<RecordHold[]> {
    return holds.listHolds(this.#db, filter);
  }

  holdCounts(): Promise<HoldCount[]> {
    return holds.holdCounts(this.#db);
  }

  listLeases(): Promise<LeaseRow[]> {
    return holds.listLeases(this.#db);
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

/** The owner columns of a lease row (all null when the owner is unknown). */
function ownerColumns(owner: LeaseOwner | undefined): {
  owner_host: string | null;
  owner_pid: number | null;
  owner_started_at_ms: number | null;
} {
  return {
    owner_host: owner?.host ?? null,
    owner_pid: owner?.pid ?? null,
    owner_started_at_ms: owner?.startedAtMs ?? null,
  };
}

function leaseFromRow(row: Selectable<Database['leases']>): LeaseRecord {
  const { owner_host: host, owner_pid: pid, owner_started_at_ms: started } = row;
  return {
    connection: row.connection,
    flow: row.flow as FlowId,
    holder: row.holder,
    expiresAtMs: toMs(row.expires_at_ms),
    owner:
      host === null || pid === null || started === null
        ? null
        : { host, pid: Number(pid), startedAtMs: toMs(started) },
  };
}
