/**
 * Operator holds on records (resolve / exclude): one row per (connection, flow, source key) with
 * who set it, why, and the record's content hash at that moment. A separate table, so the links
 * and their bulk statements stay as they are and a hold survives the engine rewriting its link.
 */
import type { Kysely, Migration } from 'kysely';

export function migration0004(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('record_holds')
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('source_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('content_hash', 'text')
        .addPrimaryKeyConstraint('record_holds_pk', ['connection', 'flow', 'source_key'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('record_holds').execute();
    },
  };
}
