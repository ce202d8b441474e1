/**
 * Opens Kysely over the configured store: a SQLite file (mode 0600, WAL, busy timeout, foreign
 * keys) or a PostgreSQL pool. A postgres URL may carry `?schema=NAME`: the store then lives in that schema
 * (created if missing) — tests use it to isolate each file in a fresh schema.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { SystemError } from '../core/errors.js';
import { assertPrivateLedger, createPrivateLedger, privatizeCompanions } from './ledger-file.js';
import { StorePostgresDialect } from './search-path-introspector.js';
import type { Database } from './tables.js';

export type StoreDialect = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** PostgreSQL schema holding the tables (null = the server's default search_path). */
  schema: string | null;
  /**
   * The SQLite connection under Kysely (sqlite only): the commit path runs cached prepared
   * statements on it while holding Kysely's connection (sqlite-batch-writer.ts).
   */
  sqlite: SQLite.Database | null;
}

/** SQLite waits this long for a competing writer before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** True for `postgres://` and `postgresql://` locations. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Splits `?schema=` off a postgres URL; the rest goes to pg unchanged. */
export function parsePostgresLocation(location: string): { connectionString: string; schema: string | null } {
  const url = new URL(location);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new SystemError('STORE_UNAVAILABLE', `invalid schema name in store URL: ${schema}`);
  }
  return { connectionString: url.toString(), schema };
}

/** Describes a location for messages without its password. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return url.toString();
}

const INT8_OID = 20;

/**
 * CREATE SCHEMA IF NOT EXISTS is not safe against itself: when several processes (a scheduler and
 * its workers starting together) create the same schema at once, PostgreSQL lets the losers fail
 * on the catalog's unique index (23505) or with duplicate_schema (42P06). Either means it exists.
 */
async function createSchemaIfMissing(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  }
}

export async function openDatabase(location: string): Promise<OpenedDatabase> {
  if (isPostgresUrl(location)) {
    const { connectionString, schema } = parsePostgresLocation(location);
    const pool = new pg.Pool({
      connectionString,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
      types: {
        getTypeParser: ((oid: number, format?: string): unknown =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : (pg.types.getTypeParser(oid, format as 'text') as unknown)) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new StorePostgresDialect({ pool }) });
    try {
      if (schema) await createSchemaIfMissing(db, schema);
      else await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      throw new SystemError('STORE_UNAVAILABLE', `cannot reach PostgreSQL at ${describeLocation(location)}`, {
        cause: error,
      });
    }
    return { db, dialect: 'postgres', schema, sqlite: null };
  }
  let database: SQLite.Database;
  try {
    mkdirSync(path.dirname(path.resolve(location)), { recursive: true, mode: 0o700 });
    createPrivateLedger(location);
  } catch (error) {
    throw new SystemError('STORE_UNAVAILABLE', `cannot open SQLite store ${location}`, { cause: error });
  }
  assertPrivateLedger(location);
  try {
    database = new SQLite(location);
    database.pragma('journal_mode = WAL');
    privatizeCompanions(location);
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new SystemError('STORE_UNAVAILABLE', `cannot open SQLite store ${location}`, { cause: error });
  }
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }),
    dialect: 'sqlite',
    schema: null,
    sqlite: database,
  };
}
