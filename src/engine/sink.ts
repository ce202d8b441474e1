/**
 * A sink: how one master-data flow turns source records into writes to a target. The pipeline
 * (pipeline.ts) and the write step (write-step.ts) are generic; each flow supplies a sink with
 * where it writes (`target`), the object type and unique key property, the mapping, and hooks
 * for what is specific to it (creating new records with inline associations, association steps,
 * email conflicts, archiving). `C` is the flow's context type, so hooks reach its clients.
 */
import type { RecordLink } from '../core/store-port.js';
import type { FlowContext, RecordOutcome } from './flow.js';
import type { MatchDecision, RecordMatcher, WritePolicy } from './match.js';
import type { ResolvedMapping } from './mapping.js';
import type { RecordWriter, WriteResult } from './ports.js';
import type { PropertyShape } from './sanitize.js';

/** One page from a source: valid records and rows that failed normalisation. */
export interface SourcePage<T> {
  records: T[];
  invalid: { key: string; field?: string; reason: string }[];
}

/** What the pipeline decided to send for one record. Snapshots are what `replay` re-sends. */
export interface WriteItem {
  key: string;
  /** upsert on the unique property, or archive the linked object. */
  op: 'upsert' | 'archive';
  properties: Record<string, string>;
  /** Facts outside the properties that belong to the hash and the snapshot (e.g. companyId). */
  context: Record<string, string | null>;
  hash: string;
  link: RecordLink | undefined;
  notes: string[];
  /** Action recorded on success: created/updated are derived, replay forces `replayed`. */
  replay?: boolean;
  /** First attempts only: the record's match values by rule (normalised; see engine/match.ts). */
  match?: Readonly<Record<string, string | undefined>>;
  /**
   * What matching decided for it, once, in read order, when its write group was formed (so the
   * group can fill whole calls per kind of write); absent until then.
   */
  matched?: MatchDecision;
  /**
   * The connector did not create the target record: it adopted it by this rule (or `link` by
   * hand). Kept in the snapshot; the sink's write policies apply to its writes.
   */
  adoptedBy?: string;
}

/** A write the target acknowledged. */
export interface WrittenItem {
  item: WriteItem;
  id: string;
  created: boolean;
  /** Adopted in this write by this rule (outcome `adopted`). */
  adopted?: string;
  /**
   * Written by the sink's `createNew`: whatever that create carried besides the properties (e.g.
   * inline associations) is done, so `afterWrite` must not send it again.
   */
  viaCreateNew?: boolean;
}

/** A write the target rejected for this record. */
export interface RejectedItem {
  item: WriteItem;
  error: { code: string; message: string };
  existingId?: string;
  /** Quarantine rather than fail (see `WriteFailure.quarantine`). */
  quarantine?: boolean;
}

/** What `createNew` did with the items it was given; every item lands in exactly one list. */
export interface CreateNewResult {
  /** Created (`created: true`, `viaCreateNew: true`). */
  written: WrittenItem[];
  /** Final rejections: they get `resolveRejected`'s second chance like upsert rejections. */
  rejected: RejectedItem[];
  /** Not settled (e.g. the object already exists): the write step sends them through the upsert. */
  upsert: WriteItem[];
}

/** How one flow's records are mapped and written. */
export interface RecordSink<T, C extends FlowContext = FlowContext> {
  /** Where the records are written (batching, partial failures and error codes are its job). */
  target: RecordWriter;
  objectType: string;
  idProperty: string;
  mapping: ResolvedMapping;
  shapes?: ReadonlyMap<string, PropertyShape>;
  /** The flat field view a mapping reads (`fields` of the default table). */
  view(record: T): Record<string, unknown>;
  key(record: T): string;
  /** Per-page preparation (e.g. load company ids for contacts). */
  preparePage?(ctx: C, records: readonly T[]): Promise<void>;
  /** Hash/snapshot context of a record (e.g. `{ companyId }`). */
  context?(record: T): Record<string, string | null>;
  /** Skip or archive instead of upsert (default upsert). */
  decide?(record: T, link: RecordLink | undefined): 'upsert' | 'archive' | { skip: string };
  /** Screens a batch before sending (e.g. duplicate emails); returns outcomes for removed items. */
  screen?(ctx: C, items: WriteItem[]): { keep: WriteItem[]; outcomes: RecordOutcome[] };
  /**
   * Writes first attempts (records without a link) by creating them — e.g. to associate inline
   * in the same call — instead of the generic upsert.
   * Items it hands back in `upsert` go through the normal upsert path with the other items, so
   * every edge case (lost create answers, objects that exist after all) still ends correctly.
   * Absent: every item is upserted.
   */
  createNew?(ctx: C, items: WriteItem[]): Promise<CreateNewResult>;
  /**
   * Matching before creating (engine/match.ts): the run's matcher, the record's match values by
   * rule, and how to write the adopted records by id. All three or none.
   */
  matcher?: RecordMatcher;
  matchValues?(record: T): Record<string, string | undefined>;
  byId?: TargetById;
  /** Who owns each property on adopted records (default `always`). */
  writePolicy?(property: string): WritePolicy;
  /** Second chance for rejected items (e.g. email conflict → link-existing). */
  resolveRejected?(
    ctx: C,
    rejected: RejectedItem[],
  ): Promise<{ written: WrittenItem[]; rejected: RejectedItem[] }>;
  /** After writes (e.g. associations); returns per-key errors that turn an outcome into `failed`. */
  afterWrite?(ctx: C, written: WrittenItem[]): Promise<Map<string, { code: string; message: string }>>;
}

/** Writes and reads target records by id (adopted records are written by id, not by key). */
export interface TargetById {
  /** Updates records by id; results keyed by id. */
  update(inputs: { id: string; properties: Record<string, string> }[]): Promise<WriteResult[]>;
  /** Current values of `properties` per id (absent ids are left out). */
  read(ids: string[], properties: string[]): Promise<Map<string, Record<string, string | null>>>;
}
