/**
 * Runs a suite on every store dialect: SQLite (a temp file, always) and PostgreSQL (a fresh,
 * uniquely named schema in DATABASE_URL, dropped afterwards; the suite is skipped when
 * DATABASE_URL is unset). Any test file can use it:
 *
 *   forEachDialect('ledger', (h) => {
 *     it('…', async () => { const store = h.store; … });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createStore, type CreateStoreOptions, type KyselyStore } from '../../src/store/index.js';

/** PostgreSQL URL of the test server, or undefined (PostgreSQL suites are then skipped). */
export const DATABASE_URL = process.env['DATABASE_URL'] || undefined;

export interface DialectHarness {
  readonly dialect: 'sqlite' | 'postgres';
  /** Store location for this suite: a SQLite file path, or a postgres URL with `?schema=`. */
  readonly location: string;
  /** The SQLite file (sqlite only): tests may read its raw bytes. */
  readonly sqliteFile: string | null;
  /** A store opened on `location` before the suite; closed after it. */
  readonly store: KyselyStore;
  /** Opens another store on the same location (e.g. a second "process"); closed after the suite. */
  open(options?: CreateStoreOptions): Promise<KyselyStore>;
  /** Opens an empty store at a new location of this dialect (own file / schema); cleaned up after the suite. */
  fresh(options?: CreateStoreOptions): Promise<{ store: KyselyStore; location: string }>;
}

/** A unique PostgreSQL schema name. */
export function uniqueSchemaName(prefix = 'mlc_t'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Appends `schema=` to a postgres URL. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

async function dropSchema(schema: string): Promise<void> {
  if (!DATABASE_URL) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

function dialectSuite(
  dialect: 'sqlite' | 'postgres',
  name: string,
  fn: (h: DialectHarness) => void,
  storeOptions: CreateStoreOptions,
): void {
  const opened: KyselyStore[] = [];
  let location = '';
  let sqliteFile: string | null = null;
  let dir: string | null = null;
  let schema: string | null = null;
  const extraSchemas: string[] = [];
  let extraFiles = 0;
  const harness: DialectHarness = {
    dialect,
    get location() {
      return location;
    },
    get sqliteFile() {
      return sqliteFile;
    },
    get store() {
      const store = opened[0];
      if (!store) throw new Error('store not open yet (use it inside a test or hook)');
      return store;
    },
    async open(options = storeOptions) {
      const store = await createStore(location, options);
      opened.push(store);
      return store;
    },
    async fresh(options = storeOptions) {
      let freshLocation: string;
      if (dialect === 'sqlite') {
        freshLocation = path.join(dir as string, `fresh-${++extraFiles}.db`);
      } else {
        const extra = uniqueSchemaName();
        extraSchemas.push(extra);
        freshLocation = withSchema(DATABASE_URL as string, extra);
      }
      const store = await createStore(freshLocation, options);
      opened.push(store);
      return { store, location: freshLocation };
    },
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlc-store-'));
    if (dialect === 'sqlite') {
      sqliteFile = path.join(dir, 'state.db');
      location = sqliteFile;
    } else {
      schema = uniqueSchemaName();
      location = withSchema(DATABASE_URL as string, schema);
    }
    await harness.open();
  });
  afterAll(async () => {
    for (const store of opened.splice(0)) await store.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    for (const name of [schema, ...extraSchemas.splice(0)]) if (name) await dropSchema(name);
  });
  fn(harness);
  void name;
}

/** Declares `describe(name [sqlite])` and `describe.skipIf(!DATABASE_URL)(name [postgres])`. */
export function forEachDialect(
  name: string,
  fn: (h: DialectHarness) => void,
  storeOptions: CreateStoreOptions = {},
): void {
  describe(`${name} [sqlite]`, () => dialectSuite('sqlite', name, fn, storeOptions));
  describe.skipIf(!DATABASE_URL)(`${name} [postgres]`, () =>
    dialectSuite('postgres', name, fn, storeOptions),
  );
}
