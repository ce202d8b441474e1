/** Store migrations applied to a ledger that already holds data (both dialects). */
import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { createStore, parsePostgresLocation, type KyselyStore } from '../../src/store/index.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { forEachDialect } from '../helpers/store.js';

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
