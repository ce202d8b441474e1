/** The ledger schema (docs/architecture.md: "The ledger"): connections, secrets, cursors, leases, runs, links, audit. */
import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../dialect.js';

export function migration0001(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('connections')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('secrets')
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('blob', 'text', (c) => c.notNull())
        .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('secrets_pk', ['connection', 'name'])
        .execute();

      await db.schema
        .createTable('cursors')
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('cursors_pk', ['connection', 'flow'])
        .execute();

      await db.schema
        .createTable('leases')
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('leases_pk', ['connection', 'flow'])
        .execute();

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('ended_at_ms', 'bigint')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('calls', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('runs_by_flow_started')
        .on('runs')
        .columns(['connection', 'flow', 'started_at_ms'])
        .execute();

      await db.schema
        .createTable('links')
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('source_key', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('content_hash', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('order_stage', 'text')
        .addColumn('last_error', 'text')
        .addColumn('snapshot', 'text')
        .addColumn('last_run_id', 'text')
        .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('links_pk', ['connection', 'flow', 'source_key'])
        .execute();
      await db.schema
        .createIndex('links_by_target')
        .on('links')
        .columns(['connection', 'flow', 'target_id'])
        .execute();
      await db.schema.createIndex('links_by_state').on('links').columns(['state']).execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('connection', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('source_key', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text')
        .addColumn('payload_hash', 'text')
        .addColumn('payload', 'text')
        .addColumn('error', 'text')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('audit_by_source_key').on('audit_events').columns(['source_key']).execute();
      await db.schema
        .createIndex('audit_by_flow_at')
        .on('audit_events')
        .columns(['connection', 'flow', 'at_ms'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['audit_events', 'links', 'runs', 'leases', 'cursors', 'secrets', 'connections']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
