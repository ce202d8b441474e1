/**
 * The mass-change guard's audit: one row per run the guard held, and per run that went ahead on a
 * confirmation (who confirmed, what counts). Queried per (connection, flow), newest first.
 */
import type { Kysely, Migration } from 'kysely';

export function migration0008(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('mass_change_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('held_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('tally', 'text', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('sample', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('confirmed_by', 'text')
        .addColumn('confirmed_at_ms', 'bigint')
        .addColumn('used_by_run_id', 'text')
        .execute();
      await db.schema
        .createIndex('mass_change_holds_by_flow')
        .on('mass_change_holds')
        .columns(['connection', 'flow', 'held_at_ms'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('mass_change_holds').execute();
    },
  };
}
