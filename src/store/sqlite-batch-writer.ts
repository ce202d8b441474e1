/**
 * commitBatch on SQLite: links, audit events and the cursor in one transaction, through
 * statements prepared once per store and run row by row. better-sqlite3 runs in-process and
 * synchronously, so a cached single-row statement costs a few microseconds a row; building and
 * compiling a multi-row INSERT in Kysely per batch (and SQLite re-preparing it) cost more than
 * the writes themselves.
 *
 * The caller must hold Kysely's connection (`db.connection().execute`): SqliteDriver serialises
 * every query and transaction on its single connection through that lock, so no Kysely
 * transaction is open on the connection while this one runs.
 */
import type SQLite from 'better-sqlite3';
import type { BatchCommit } from '../core/store-port.js';
import { insertAuditSql, UPSERT_CURSOR_SQLITE, upsertLinksSql } from './bulk-sql.js';
import { JsonTexts } from './rows.js';
import { auditRow, linkGroups } from './writes.js';

export class SqliteBatchWriter {
  readonly #database: SQLite.Database;
  readonly #statements = new Map<string, SQLite.Statement<unknown[]>>();

  constructor(database: SQLite.Database) {
    this.#database = database;
  }

  /** Writes the batch atomically (rolled back and rethrown on any error). Synchronous. */
  commit(batch: BatchCommit, nowMs: number): void {
    const json = new JsonTexts();
    const groups = linkGroups(batch.links, json);
    this.#database.transaction(() => {
      for (const { columns, rows } of groups) {
        const upsert = this.#statement(upsertLinksSql('sqlite', columns));
        for (const r of rows) upsert.run(r.c, r.f, r.k, r.t, r.h, r.s, r.o, r.e, r.p, r.u, nowMs);
      }
      const insert = this.#statement(insertAuditSql('sqlite'));
      for (const event of batch.events) {
        const r = auditRow(event, json);
        insert.run(r.c, r.f, r.k, r.n, r.a, r.x, r.t, r.h, r.p, r.e, r.d);
      }
      const cursor = batch.cursor;
      if (cursor)
        this.#statement(UPSERT_CURSOR_SQLITE).run(cursor.connection, cursor.flow, cursor.value, nowMs);
    })();
  }

  #statement(text: string): SQLite.Statement<unknown[]> {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#database.prepare<unknown[]>(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }
}
