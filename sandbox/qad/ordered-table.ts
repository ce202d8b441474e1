/**
 * An in-memory table kept sorted by key, with an index by modified day, so browse pages are
 * served without sorting per request. `version` changes on every write (browse caches key on it).
 */

/** UTC day (`YYYY-MM-DD`) of an epoch-ms instant. */
export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Binary search: index of the first element >= `key` in a sorted string array. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A keyed, key-sorted table of records carrying `lastModifiedMs`. */
export class OrderedTable<T extends { lastModifiedMs: number }> {
  readonly #rows = new Map<string, T>();
  #keys: string[] = [];
  readonly #byDay = new Map<string, Set<string>>();
  #days: string[] = [];
  #version = 0;

  constructor(readonly keyOf: (record: T) => string) {}

  /** Bumped on every write. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#rows.size;
  }

  get(key: string): T | undefined {
    return this.#rows.get(key);
  }

  has(key: string): boolean {
    return this.#rows.has(key);
  }

  /** Keys in sort order (do not mutate). */
  sortedKeys(): readonly string[] {
    return this.#keys;
  }

  /** Records in key order. */
  *values(): IterableIterator<T> {
    for (const key of this.#keys) {
      const row = this.#rows.get(key);
      if (row !== undefined) yield row;
    }
  }

  /** Inserts or replaces a record (keeps sort order and the day index). */
  put(record: T): void {
    const key = this.keyOf(record);
    const previous = this.#rows.get(key);
    if (previous !== undefined) this.#unindexDay(key, previous.lastModifiedMs);
    else {
      const last = this.#keys[this.#keys.length - 1];
      if (last === undefined || last < key) this.#keys.push(key);
      else this.#keys.splice(lowerBound(this.#keys, key), 0, key);
    }
    this.#rows.set(key, record);
    this.#indexDay(key, record.lastModifiedMs);
    this.#version += 1;
  }

  /** Removes a record; false when absent. */
  delete(key: string): boolean {
    const previous = this.#rows.get(key);
    if (previous === undefined) return false;
    this.#unindexDay(key, previous.lastModifiedMs);
    this.#rows.delete(key);
    this.#keys.splice(lowerBound(this.#keys, key), 1);
    this.#version += 1;
    return true;
  }

  clear(): void {
    this.#rows.clear();
    this.#keys = [];
    this.#byDay.clear();
    this.#days = [];
    this.#version += 1;
  }

  /** Keys (sorted) of records whose modified day lies in [fromDay, toDay] (inclusive, `YYYY-MM-DD`). */
  keysModifiedBetween(fromDay: string, toDay: string): string[] {
    const keys: string[] = [];
    for (let i = lowerBound(this.#days, fromDay); i < this.#days.length; i += 1) {
      const day = this.#days[i] as string;
      if (day > toDay) break;
      for (const key of this.#byDay.get(day) ?? []) keys.push(key);
    }
    return keys.sort();
  }

  #indexDay(key: string, epochMs: number): void {
    const day = dayOf(epochMs);
    let bucket = this.#byDay.get(day);
    if (bucket === undefined) {
      bucket = new Set();
      this.#byDay.set(day, bucket);
      this.#days.splice(lowerBound(this.#days, day), 0, day);
    }
    bucket.add(key);
  }

  #unindexDay(key: string, epochMs: number): void {
    const day = dayOf(epochMs);
    const bucket = this.#byDay.get(day);
    if (bucket === undefined) return;
    bucket.delete(key);
    if (bucket.size === 0) {
      this.#byDay.delete(day);
      this.#days.splice(lowerBound(this.#days, day), 1);
    }
  }
}
