/**
 * Leases know their owner: the host, process id and process start time of the process holding
 * it, so a lease whose owner is provably dead on this host is taken over at once instead of
 * blocking its flow until it expires. Every takeover is recorded in `lease_takeovers`.
 */
import type { Kysely, Migration } from 'kysely';

export function migration0007(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('leases').addColumn('owner_host', 'text').execute();
      await db.schema.alterTable('leases').addColumn('owner_pid', 'integer').execute();
      await db.schema.alterTable('leases').addColumn('owner_started_at_ms', 'bigint').execute();
      await db.schema
        .createTable('lease_takeovers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('previous_holder', 'text', (c) => c.notNull())
        .addColumn('previous_host', 'text')
        .addColumn('previous_pid', 'integer')
        .addColumn('previous_started_at_ms', 'bigint')
        .addColumn('previous_expires_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('lease_takeovers_by_flow')
        .on('lease_takeovers')
        .columns(['connection', 'flow', 'at_ms'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('lease_takeovers').execute();
      await db.schema.alterTable('leases').dropColumn('owner_started_at_ms').execute();
      await db.schema.alterTable('leases').dropColumn('owner_pid').execute();
      await db.schema.alterTable('leases').dropColumn('owner_host').execute();
    },
  };
}
