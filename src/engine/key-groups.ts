/**
 * Groups records by key with bounded memory. Up to `inMemoryLimit` records are held in a map;
 * past that, every record goes to a temporary SQLite file (one row each, JSON), and the groups are
 * read back ordered by key, one group at a time. A source whose halves of one record arrive from
 * two unordered reads (QAD customers and suppliers of one business relation) can so be merged
 * without holding the whole source in memory.
 *
 * Groups come out in first-appearance order while in memory, in key order once spilled; within a
 * group, records keep their arrival order. `close()` deletes the file; call it in a `finally`.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/** Records held in memory before a grouping spills to disk. */
export const DEFAULT_IN_MEMORY_LIMIT = 50_000;

export interface KeyGroupsOptions<T> {
  key: (record: T) => string;
  /** Records held in memory before spilling (default DEFAULT_IN_MEMORY_LIMIT). */
  inMemoryLimit?: number;
  /** Directory of the spill file (default the OS temp directory). */
  spillDir?: string;
}

export interface KeyGroups<T> {
  add(records: readonly T[]): void;
  /** Records added so far. */
  readonly size: number;
  /** True once records went to disk. */
  readonly spilled: boolean;
  /** Every group, each once; call after the last `add`. */
  groups(): Iterable<T[]>;
  /** Releases memory and deletes the spill file. */
  close(): void;
}

interface Spill {
  file: string;
  db: SQLite.Database;
  insert: SQLite.Statement<[string, number, string]>;
}

function openSpill(dir: string): Spill {
  const file = path.join(dir, `ml-connector-groups-${randomUUID()}.sqlite`);
  // account data in a shared temp folder: private to the owner (0600) before SQLite opens it
  closeSync(openSync(file, 'wx', 0o600));
  const db = new SQLite(file);
  // scratch data: no journal, no fsync; the file is deleted on close
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec('create table records (key text not null, seq integer not null, json text not null)');
  return { file, db, insert: db.prepare('insert into records (key, seq, json) values (?, ?, ?)') };
}

export function openKeyGroups<T>(options: KeyGroupsOptions<T>): KeyGroups<T> {
  const limit = options.inMemoryLimit ?? DEFAULT_IN_MEMORY_LIMIT;
  let memory: Map<string, T[]> | null = new Map();
  let spill: Spill | null = null;
  let size = 0;

  const write = (records: readonly T[]): void => {
    const target = spill as Spill;
    target.db.transaction(() => {
      for (const record of records) target.insert.run(options.key(record), size++, JSON.stringify(record));
    })();
  };
  const spillMemory = (): void => {
    spill = openSpill(options.spillDir ?? os.tmpdir());
    const held = [...(memory as Map<string, T[]>).values()].flat();
    memory = null;
    size = 0;
    write(held);
  };

  return {
    add(records) {
      if (memory !== null && size + records.length > limit) spillMemory();
      if (memory === null) {
        write(records);
        return;
      }
      for (const record of records) {
        const key = options.key(record);
        const group = memory.get(key);
        if (group) group.push(record);
        else memory.set(key, [record]);
      }
      size += records.length;
    },
    get size() {
      return size;
    },
    get spilled() {
      return spill !== null;
    },
    *groups() {
      if (memory !== null) {
        yield* memory.values();
        return;
      }
      const { db } = spill as Spill;
      db.exec('create index if not exists records_by_key on records (key, seq)');
      let key: string | null = null;
      let group: T[] = [];
      for (const row of db.prepare('select key, json from records order by key, seq').iterate() as Iterable<{
        key: string;
        json: string;
      }>) {
        if (row.key !== key && group.length > 0) {
          yield group;
          group = [];
        }
        key = row.key;
        group.push(JSON.parse(row.json) as T);
      }
      if (group.length > 0) yield group;
    },
    close() {
      memory = null;
      if (spill === null) return;
      const { db, file } = spill;
      spill = null;
      db.close();
      rmSync(file, { force: true });
    },
  };
}
