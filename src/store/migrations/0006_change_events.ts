/**
 * The change-event inbox: every HubSpot change event the connector accepted (pushed webhook or
 * journal entry), kept until an orders run has handled its deal. An event is stored BEFORE the
 * receiver answers 2xx, so a crash between receipt and order creation loses nothing; the primary
 * key on (connection, event id) de-duplicates HubSpot's retries.
 */
import type { Kysely, Migration } from 'kysely';

export function migration0006(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('change_events')
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('received_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('processed_at_ms', 'bigint')
        .addPrimaryKeyConstraint('change_events_pk', ['connection', 'event_id'])
        .execute();
      await db.schema
        .createIndex('change_events_pending')
        .on('change_events')
        .columns(['connection', 'processed_at_ms', 'received_at_ms'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('change_events').execute();
    },
  };
}
