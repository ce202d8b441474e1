/** `createStore(location)`: the ledger over SQLite (a file path) or PostgreSQL (a postgres:// URL). */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../core/clock.js';
import type { Store } from '../core/store-port.js';
import { describeLocation, openDatabase } from './dialect.js';
import { KyselyStore, migrateToLatest } from './kysely-store.js';

export interface CreateStoreOptions {
  logger?: Logger;
  /** Stamps `updatedAtMs` of links and cursors; defaults to the system clock. */
  clock?: Clock;
}

/**
 * Opens the store and runs pending migrations. `location` is a SQLite file path or a
 * `postgres://` URL (optionally `?schema=NAME` to live in that schema, created if missing).
 */
export async function createStore(location: string, options: CreateStoreOptions = {}): Promise<KyselyStore> {
  const opened = await openDatabase(location);
  try {
    const applied = await migrateToLatest(opened);
    options.logger?.info(
      {
        event: 'store.opened',
        dialect: opened.dialect,
        location: describeLocation(location),
        migrations: applied,
      },
      'store opened',
    );
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  return new KyselyStore(opened, options.clock ?? systemClock);
}

export type { Store };
export { KyselyStore } from './kysely-store.js';
export { describeLocation, isPostgresUrl, parsePostgresLocation } from './dialect.js';
export type { Database } from './tables.js';
