/** The ordered migration list. Add `0002_<what>.ts` files; never edit a released one. */
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../dialect.js';
import { migration0001 } from './0001_initial.js';
import { migration0002 } from './0002_links_by_target_id.js';
import { migration0004 } from './0004_record_holds.js';
import { migration0006 } from './0006_change_events.js';
import { migration0007 } from './0007_lease_owners.js';
import { migration0008 } from './0008_mass_change_holds.js';

/** Kysely Migrator provider; names sort in execution order. */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    getMigrations: (): Promise<Record<string, Migration>> =>
      Promise.resolve({
        '0001_initial': migration0001(dialect),
        '0002_links_by_target_id': migration0002(),
        '0004_record_holds': migration0004(),
        '0006_change_events': migration0006(),
        '0007_lease_owners': migration0007(),
        '0008_mass_change_holds': migration0008(),
      }),
  };
}
