/**
 * The store's part of the mass-change guard: counting a flow's linked records and keeping the
 * holds and confirmations (table `mass_change_holds`). Status changes are conditional updates, so
 * two processes never both confirm, or both use, one confirmation. Holding the same counts again
 * refreshes the waiting row (its run and time), so a service held on every tick keeps one row.
 */
import type { Kysely, Selectable } from 'kysely';
import type { FlowId, MassChangeHold } from '../core/store-port.js';
import { toMs } from './rows.js';
import type { Database, MassChangeHoldsTable } from './tables.js';

export async function countLinkedRecords(
  db: Kysely<Database>,
  connection: string,
  flow: FlowId,
): Promise<number> {
  const row = await db
    .selectFrom('links')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('connection', '=', connection)
    .where('flow', '=', flow)
    .where('target_id', 'is not', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function recordMassChangeHold(db: Kysely<Database>, hold: MassChangeHold): Promise<string> {
  return db.transaction().execute(async (trx) => {
    if (hold.status === 'held') {
      // a service holding the same change on every tick refreshes one row instead of adding one per tick
      const same = await trx
        .updateTable('mass_change_holds')
        .set({ run_id: hold.runId, held_at_ms: hold.heldAtMs, sample: JSON.stringify(hold.sample) })
        .where('connection', '=', hold.connection)
        .where('flow', '=', hold.flow)
        .where('status', '=', 'held')
        .where('tally', '=', JSON.stringify(hold.tally))
        .where('threshold', '=', hold.threshold)
        .returning('id')
        .executeTakeFirst();
      if (same !== undefined) return same.id;
      await trx
        .updateTable('mass_change_holds')
        .set({ status: 'superseded' })
        .where('connection', '=', hold.connection)
        .where('flow', '=', hold.flow)
        .where('status', '=', 'held')
        .execute();
    }
    await trx
      .insertInto('mass_change_holds')
      .values({
        id: hold.id,
        connection: hold.connection,
        flow: hold.flow,
        run_id: hold.runId,
        held_at_ms: hold.heldAtMs,
        tally: JSON.stringify(hold.tally),
        threshold: hold.threshold,
        sample: JSON.stringify(hold.sample),
        status: hold.status,
        confirmed_by: hold.confirmedBy,
        confirmed_at_ms: hold.confirmedAtMs,
        used_by_run_id: hold.usedByRunId,
      })
      .execute();
    return hold.id;
  });
}

export async function listMassChangeHolds(
  db: Kysely<Database>,
  filter: { connection?: string; flow?: FlowId; statuses?: MassChangeHold['status'][]; limit: number },
): Promise<MassChangeHold[]> {
  let query = db.selectFrom('mass_change_holds').selectAll();
  if (filter.connection !== undefined) query = query.where('connection', '=', filter.connection);
  if (filter.flow !== undefined) query = query.where('flow', '=', filter.flow);
  if (filter.statuses !== undefined && filter.statuses.length > 0)
    query = query.where('status', 'in', filter.statuses);
  const rows = await query.orderBy('held_at_ms', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(holdFromRow);
}

export async function confirmMassChangeHold(
  db: Kysely<Database>,
  id: string,
  by: string,
  atMs: number,
): Promise<MassChangeHold | null> {
  const result = await db
    .updateTable('mass_change_holds')
    .set({ status: 'confirmed', confirmed_by: by, confirmed_at_ms: atMs })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  const row = await db.selectFrom('mass_change_holds').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : holdFromRow(row);
}

export async function useMassChangeConfirmation(
  db: Kysely<Database>,
  id: string,
  runId: string,
): Promise<boolean> {
  const result = await db
    .updateTable('mass_change_holds')
    .set({ status: 'used', used_by_run_id: runId })
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function holdFromRow(row: Selectable<MassChangeHoldsTable>): MassChangeHold {
  return {
    id: row.id,
    connection: row.connection,
    flow: row.flow as FlowId,
    runId: row.run_id,
    heldAtMs: toMs(row.held_at_ms),
    tally: JSON.parse(row.tally) as MassChangeHold['tally'],
    threshold: Number(row.threshold),
    sample: JSON.parse(row.sample) as MassChangeHold['sample'],
    status: row.status as MassChangeHold['status'],
    confirmedBy: row.confirmed_by,
    confirmedAtMs: row.confirmed_at_ms === null ? null : toMs(row.confirmed_at_ms),
    usedByRunId: row.used_by_run_id,
  };
}
