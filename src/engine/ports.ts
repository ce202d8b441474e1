/**
 * What the engine needs from the rest of the product, declared here so the engine depends on
 * `core/` alone. The engine calls nothing else: the connectors satisfy these interfaces as they
 * are (the HubSpot client is a `RecordWriter` without an adapter), and `app/runtime.ts` composes
 * a runtime per connection. A runtime also carries the parts its flows use (`P`: the
 * connection's config and clients); the engine hands them to every flow untouched and never
 * reads them itself.
 */
import type { LeaseOwnership } from './lease.js';
import type { Clock } from '../core/clock.js';
import type { CountryCodes } from '../core/country-codes.js';
import type { EventBus } from '../core/events.js';
import type { FlowId, Store } from '../core/store-port.js';

/** Minimal structured logger (pino-compatible): `logger.info({ key }, 'message')`. */
export interface EngineLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** What the engine reads of a connection's configuration: its name and which flows are on. */
export interface EngineConnection {
  readonly name: string;
  readonly flows: Readonly<Record<FlowId, { readonly enabled: boolean }>>;
}

/** The parts of a connection its flows get: at least its configuration. */
export interface ConnectionParts {
  readonly connection: EngineConnection;
}

/** Outbound call counts per system (the run record stores them). */
export interface CallCounts {
  hubspot: number;
  qad: number;
}

/**
 * A connection at run time: the engine's side effects (store, clock, events, logger) plus the
 * parts `P` its flows use. Built by `app/runtime.ts`; tests build theirs the same way.
 */
export type EngineRuntime<P extends ConnectionParts = ConnectionParts> = P & {
  store: Store;
  clock: Clock;
  events: EventBus;
  logger: EngineLogger;
  /** Calls made so far per system (monotonic); the runner reports per-run differences. */
  callCounts(): CallCounts;
  /**
   * Readies the target for one flow's writes before its run (e.g. creates the properties it
   * writes). Called before every run that is not a dry run; the runtime remembers what it did,
   * so a long-lived process asks the target once.
   */
  prepareFlow?(flow: FlowId): Promise<void>;
  /** This process as lease owner, and how to prove another owner dead (leases are taken over at once then). */
  leaseOwnership?: LeaseOwnership;
  /** Country names and codes for mappings and matching; one per runtime (absent: one per run). */
  countries?: CountryCodes;
};

/** Why the target refused one record: one of our error codes and a message for people. */
export interface WriteFailure {
  code: string;
  message: string;
  /** The id of the target record that already holds this record's unique value (a conflict). */
  existingId?: string;
  /**
   * The target's own rules refuse this data (e.g. a portal validation rule): the record is
   * quarantined — held with the rule's message until its data or the rule changes — not failed.
   */
  quarantine?: boolean;
}

/** The target's answer for one input, matched to it by `key`. */
export type WriteResult =
  { key: string; ok: true; id: string; created: boolean } | { key: string; ok: false; error: WriteFailure };

/**
 * Where a sink writes records. An implementation owns everything about its target's batches:
 * how many inputs one call takes (it splits longer lists itself), isolating a refused record so
 * the rest of its call is written, and turning the target's errors into our codes. It answers
 * one result per distinct input key and throws only when the target cannot be used at all
 * (authentication, network after retries, daily limit): per-record problems are results.
 */
export interface RecordWriter {
  /**
   * Inputs one write call takes at most. The pipeline fills its write groups to multiples of it,
   * so changes spread thinly over many pages still travel in full calls.
   */
  readonly writeBatchSize: number;
  /** Creates or updates records by the unique property `idProperty` (`key` is its value). */
  batchUpsert(
    objectType: string,
    idProperty: string,
    inputs: { key: string; properties: Record<string, string> }[],
  ): Promise<WriteResult[]>;
  /** Archives records by target id (results keyed by id). */
  batchArchive(objectType: string, ids: string[]): Promise<WriteResult[]>;
}

/** A property of the target as the mapping check reads it. */
export interface TargetProperty {
  name: string;
  type: string;
  hasUniqueValue?: boolean | undefined;
  options?: readonly { value: string }[] | undefined;
}

/** A connection's override of one mapped property (the config's `mapping:` values). */
export type MappingOverride =
  | string
  | null
  | { const: string }
  | { from: string; transform?: string | undefined; default?: string | undefined };
