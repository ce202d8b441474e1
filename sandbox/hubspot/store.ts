/**
 * In-memory records per object type. Ids are numeric, monotonically increasing across the
 * portal, so each type's `ordered` array stays sorted by id without re-sorting; lookups use a Map.
 * Per record we keep one properties object (copy-on-write on update) and, only while an indexing
 * lag is configured, the previously indexed view for search.
 */
import { OBJECT_TYPE_NAMES, type ObjectType } from './object-types.js';

/** What search sees of a record while its latest write is not yet indexed. */
export interface IndexedView {
  props: Readonly<Record<string, string>>;
  updatedMs: number;
  archived: boolean;
}

/** One stored record. `props` is replaced, never mutated, so views and snapshots stay stable. */
export interface StoredRecord {
  id: string;
  num: number;
  props: Readonly<Record<string, string>>;
  createdMs: number;
  updatedMs: number;
  archived: boolean;
  archivedMs?: number;
  /** Search sees the current state from this time on (write time + indexing lag). */
  visibleAtMs: number;
  /** The state search sees before `visibleAtMs`; undefined = invisible (not yet indexed). */
  indexed?: IndexedView | undefined;
}

/** Records of one object type plus unique-value indexes. */
export class TypeStore {
  readonly byId = new Map<string, StoredRecord>();
  /** All records (live and archived) in ascending id order. */
  readonly ordered: StoredRecord[] = [];
  private readonly unique = new Map<string, Map<string, string>>();

  /** Adds a freshly created record (its id is larger than every existing one). */
  insert(rec: StoredRecord): void {
    this.byId.set(rec.id, rec);
    this.ordered.push(rec);
    this.indexUnique(rec, undefined);
  }

  /** Declares an indexed unique property and indexes existing live records. */
  ensureUniqueIndex(name: string): void {
    if (this.unique.has(name)) return;
    const idx = new Map<string, string>();
    for (const r of this.ordered) {
      const v = r.props[name];
      if (!r.archived && v) idx.set(v.toLowerCase(), r.id);
    }
    this.unique.set(name, idx);
  }

  /** The id of the live record holding `value` in unique property `name`. */
  findUnique(name: string, value: string): string | undefined {
    return this.unique.get(name)?.get(value.toLowerCase());
  }

  /** Whether `name` is indexed as unique. */
  isUnique(name: string): boolean {
    return this.unique.has(name);
  }

  /** Updates unique indexes after `rec.props` changed from `before` (undefined = new record). */
  indexUnique(rec: StoredRecord, before: Readonly<Record<string, string>> | undefined): void {
    for (const [name, idx] of this.unique) {
      const old = before?.[name];
      const now = rec.archived ? undefined : rec.props[name];
      if (old && old !== now && idx.get(old.toLowerCase()) === rec.id) idx.delete(old.toLowerCase());
      if (now) idx.set(now.toLowerCase(), rec.id);
    }
  }

  /** Removes an archived record from the unique indexes. */
  unindex(rec: StoredRecord): void {
    for (const idx of this.unique.values()) {
      for (const v of Object.values(rec.props)) {
        if (idx.get(v.toLowerCase()) === rec.id) idx.delete(v.toLowerCase());
      }
    }
  }

  /** Index of the first record with id number ≥ `num` (binary search). */
  lowerBound(num: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid] as StoredRecord).num < num) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Counts of live and archived records. */
  counts(): { live: number; archived: number } {
    let archived = 0;
    for (const r of this.ordered) if (r.archived) archived++;
    return { live: this.ordered.length - archived, archived };
  }
}

/** All records of a portal. */
export class RecordStore {
  private types = new Map<ObjectType, TypeStore>();
  private next = 0;

  constructor(private readonly firstId = 10_001) {
    this.reset();
  }

  /** Forgets every record; ids restart. */
  reset(): void {
    this.types = new Map(OBJECT_TYPE_NAMES.map((t) => [t, new TypeStore()]));
    this.next = this.firstId;
    this.types.get('contacts')?.ensureUniqueIndex('email');
  }

  /** The store of one type. */
  of(type: ObjectType): TypeStore {
    return this.types.get(type) as TypeStore;
  }

  /** A new portal-wide record id. */
  nextId(): number {
    return this.next++;
  }
}
