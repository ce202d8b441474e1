/** Store migrations applied to a ledger that already holds data (both dialects). */
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createStore, parsePostgresLocation, type KyselyStore } from '../../src/store/index.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { DATABASE_URL, forEachDialect, uniqueSchemaName, withSchema } from '../helpers/store.js';

async function linkIndexes(store: KyselyStore): Promise<string[]> {
  const { rows } =
    store.dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name = 'links' and sql is not null`.execute(
          store.db,
        )
      : await sql<{
          name: string;
        }>`select indexname as name from pg_indexes where tablename = 'links' and schemaname = current_schema()`.execute(
          store.db,
        );
  return rows
    .map((r) => r.name)
    .filter((name) => name.startsWith('links_by'))
    .sort();
}

forEachDialect('store migrations', (h) => {
  it('0002 replaces links_by_target with links_by_target_id on a ledger with links, and back', async () => {
    const { store, location } = await h.fresh();
    const schema = h.dialect === 'postgres' ? parsePostgresLocation(location).schema : null;
    const migrator = new Migrator({
      db: store.db,
      provider: migrationProvider(h.dialect),
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const down = await migrator.migrateTo('0001_initial');
    expect(down.error).toBeUndefined();
    expect(await linkIndexes(store)).toEqual(['links_by_state', 'links_by_target']);
    await store.commitBatch({
      links: ['d1', 'd2'].map((sourceKey, i) => ({
        connection: 'c-mig',
        flow: 'orders' as const,
        sourceKey,
        state: 'ok' as const,
        targetId: `SO${i}`,
      })),
      events: [],
    });

    const upgraded = await createStore(location);
    try {
      expect(await linkIndexes(upgraded)).toEqual(['links_by_state', 'links_by_target_id']);
      const byTarget = await upgraded.getLinksByTarget('c-mig', 'orders', ['SO1', 'SO0']);
      expect([...byTarget.entries()].map(([t, l]) => [t, l.sourceKey]).sort()).toEqual([
        ['SO0', 'd1'],
        ['SO1', 'd2'],
      ]);
    } finally {
      await upgraded.close();
    }
  });
});

describe.skipIf(DATABASE_URL === undefined)(
  'a new PostgreSQL schema opened by several processes at once',
  () => {
    it('every opener succeeds, round after round', async () => {
      // a scheduler and its workers starting together: CREATE SCHEMA IF NOT EXISTS races itself,
      // so each round opens one new schema 8 times at once (the race is likely, not certain, per round)
      const failures: string[] = [];
      for (let round = 0; round < 6; round += 1) {
        const schema = uniqueSchemaName('mlc_race');
        const opened = await Promise.allSettled(
          Array.from({ length: 8 }, () => createStore(withSchema(DATABASE_URL as string, schema))),
        );
        for (const r of opened) {
          if (r.status === 'rejected') failures.push(String(r.reason));
          else await r.value.close();
        }
        const client = new pg.Client({ connectionString: DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
      expect(failures).toEqual([]);
    });

    it('a store opens while other schemas of the database are being dropped', async () => {
      // Kysely's own introspector reads every schema of the database when the migrator checks for its
      // tables, and fails with "schema … does not exist" when another schema is dropped meanwhile
      // (CI: a worker exited with STORE_MIGRATION_FAILED while other test files dropped theirs)
      const churner = new pg.Client({ connectionString: DATABASE_URL });
      await churner.connect();
      let churning = true;
      const churn = (async () => {
        for (let i = 0; churning; i += 1) {
          const other = uniqueSchemaName('mlc_churn');
          await churner.query(
            `create schema ${other}; create table ${other}.t (id serial primary key, v text)`,
          );
          await churner.query(`drop schema ${other} cascade`);
        }
      })();
      const failures: string[] = [];
      const schemas: string[] = [];
      try {
        for (let round = 0; round < 6; round += 1) {
          const schema = uniqueSchemaName('mlc_open');
          schemas.push(schema);
          const opened = await Promise.allSettled(
            Array.from({ length: 4 }, () => createStore(withSchema(DATABASE_URL as string, schema))),
          );
          for (const r of opened) {
            if (r.status === 'rejected') failures.push(String(r.reason));
            else await r.value.close();
          }
        }
      } finally {
        churning = false;
        await churn;
        for (const schema of schemas) await churner.query(`drop schema if exists "${schema}" cascade`);
        await churner.end();
      }
      expect(failures).toEqual([]);
    });
  },
);
