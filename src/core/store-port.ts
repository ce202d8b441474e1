/**
 * What the engine, CLI, vault and dashboard need from the state store (DESIGN.md §5). One
 * implementation over SQLite and PostgreSQL lives in src/store/; everything else depends on this
 * interface only. All times are epoch milliseconds; all JSON columns are plain objects.
 */

/** Flow ids, in dependency order within a pass (accounts before contacts, catalog before orders). */
export const FLOW_IDS = ['accounts', 'contacts', 'catalog', 'orders'] as const;
export type FlowId = (typeof FLOW_IDS)[number];

export type LinkState = 'ok' | 'failed' | 'quarantined';
/** Order lifecycle per deal (DESIGN.md §1): pending → submitted → confirmed | rejected. */
export type OrderStage = 'pending' | 'submitted' | 'confirmed' | 'rejected';
export type AuditAction =
  'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' | 'quarantined' | 'archived' | 'replayed';
export type RunOutcome = 'running' | 'ok' | 'partial' | 'failed' | 'aborted';

/** A stored secret sealed by the vault. Only the vault reads `blob`. */
export interface SealedSecret {
  connection: string;
  /** e.g. `hubspot.token`, `qad.password`. */
  name: string;
  /** Id of the master key that wrapped this blob's data key. */
  keyId: string;
  /** Opaque base64 envelope (wrapped data key, iv, tag, ciphertext). */
  blob: string;
  updatedAtMs: number;
}

/** One source record ↔ target record (DESIGN.md §5). Keyed by (connection, flow, sourceKey). */
export interface RecordLink {
  connection: string;
  flow: FlowId;
  /** Namespaced source key, e.g. `10USA/C1000` for accounts, the deal id for orders. */
  sourceKey: string;
  /** HubSpot object id, or the QAD order number for orders; null until the target acknowledged. */
  targetId: string | null;
  /** Content hash of the last payload the target acknowledged; null if never written. */
  contentHash: string | null;
  state: LinkState;
  /** Orders only. */
  orderStage: OrderStage | null;
  lastError: { code: string; message: string } | null;
  /** Last mapped payload (redacted): what `replay` re-sends. */
  snapshot: Record<string, unknown> | null;
  lastRunId: string | null;
  updatedAtMs: number;
}

/** A link change as written by the engine; omitted fields keep their stored value. */
export type RecordLinkUpsert = Pick<RecordLink, 'connection' | 'flow' | 'sourceKey' | 'state'> &
  Partial<
    Pick<RecordLink, 'targetId' | 'contentHash' | 'orderStage' | 'lastError' | 'snapshot' | 'lastRunId'>
  >;

/** Append-only audit row: one per record per attempt. */
export interface AuditEvent {
  id: number;
  connection: string;
  flow: FlowId;
  sourceKey: string;
  runId: string | null;
  atMs: number;
  action: AuditAction;
  targetId: string | null;
  payloadHash: string | null;
  /** Redacted payload snapshot. */
  payload: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  /** Extra facts worth keeping: retries and faults seen, HubSpot trace id, QAD order number… */
  detail: Record<string, unknown> | null;
}
export type AuditEventInput = Omit<AuditEvent, 'id'>;

export interface RunCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export interface RunRecord {
  id: string;
  connection: string;
  flow: FlowId;
  startedAtMs: number;
  endedAtMs: number | null;
  outcome: RunOutcome;
  counts: RunCounts;
  calls: { hubspot: number; qad: number };
  error: { code: string; message: string } | null;
  dryRun: boolean;
}

/** Everything the engine commits after a batch was acknowledged: one transaction. */
export interface BatchCommit {
  links: RecordLinkUpsert[];
  events: AuditEventInput[];
  /** New cursor for (connection, flow); omitted = unchanged. */
  cursor?: { connection: string; flow: FlowId; value: string };
}

export interface FlowHealth {
  connection: string;
  flow: FlowId;
  lastRun: RunRecord | null;
  lastSuccessAtMs: number | null;
  inSync: number;
  failing: number;
  quarantined: number;
}

/** The process holding a lease: enough to tell, on its own host, whether it still lives. */
export interface LeaseOwner {
  host: string;
  pid: number;
  /** When the process started (epoch ms): a reused pid has another start. */
  startedAtMs: number;
}

/** A lease as stored; `owner` is null for leases taken before owners were recorded. */
export interface LeaseRecord {
  connection: string;
  flow: FlowId;
  holder: string;
  expiresAtMs: number;
  owner: LeaseOwner | null;
}

/** One takeover of a dead owner's lease (the audit of leases). */
export interface LeaseTakeover {
  connection: string;
  flow: FlowId;
  atMs: number;
  holder: string;
  previous: LeaseRecord;
  /** Why the previous owner counts as dead, e.g. "pid 4242 on host-a is not running". */
  reason: string;
}

export interface Store {
  /** The dialect in use, for diagnostics. */
  readonly dialect: 'sqlite' | 'postgres';

  // connections
  ensureConnection(name: string, nowMs: number): Promise<void>;
  listConnections(): Promise<string[]>;

  // secrets (sealed by the vault; the store never sees plaintext)
  putSecret(secret: SealedSecret): Promise<void>;
  getSecret(connection: string, name: string): Promise<SealedSecret | null>;
  listSecrets(): Promise<SealedSecret[]>;
  /** Replaces many secrets in one transaction (key rotation). */
  replaceSecrets(secrets: SealedSecret[]): Promise<void>;

  // cursors
  getCursor(connection: string, flow: FlowId): Promise<string | null>;
  setCursor(connection: string, flow: FlowId, value: string | null): Promise<void>;

  // leases: one run per (connection, flow) at a time
  /** True when acquired (free, expired, or already held by `holder`). */
  acquireLease(
    connection: string,
    flow: FlowId,
    holder: string,
    ttlMs: number,
    nowMs: number,
    owner?: LeaseOwner,
  ): Promise<boolean>;
  /** The current lease of (connection, flow), expired or not; null when none. */
  getLease(connection: string, flow: FlowId): Promise<LeaseRecord | null>;
  /**
   * Takes over `takeover.previous` (its owner is dead) for `takeover.holder`, only if the lease is
   * still exactly that one (one winner among racing takers); records the takeover in the same
   * transaction. False when the lease changed meanwhile.
   */
  takeOverLease(takeover: LeaseTakeover, ttlMs: number, owner: LeaseOwner): Promise<boolean>;
  /** Recorded takeovers, newest first. */
  listLeaseTakeovers(filter: { connection?: string; limit: number }): Promise<LeaseTakeover[]>;
  /** False when the lease was lost (expired and taken by another holder). */
  renewLease(
    connection: string,
    flow: FlowId,
    holder: string,
    ttlMs: number,
    nowMs: number,
  ): Promise<boolean>;
  releaseLease(connection: string, flow: FlowId, holder: string): Promise<void>;

  // runs
  startRun(run: Omit<RunRecord, 'endedAtMs' | 'outcome' | 'error'>): Promise<void>;
  finishRun(
    id: string,
    patch: Pick<RunRecord, 'endedAtMs' | 'outcome' | 'counts' | 'calls' | 'error'>,
  ): Promise<void>;
  listRuns(filter: { connection?: string; flow?: FlowId; limit: number }): Promise<RunRecord[]>;

  // links and audit
  getLinks(connection: string, flow: FlowId, sourceKeys: readonly string[]): Promise<Map<string, RecordLink>>;
  /** Finds links by target id (e.g. HubSpot company id → account key). */
  getLinksByTarget(
    connection: string,
    flow: FlowId,
    targetIds: readonly string[],
  ): Promise<Map<string, RecordLink>>;
  listLinks(filter: {
    connection?: string;
    flow?: FlowId;
    states?: LinkState[];
    limit: number;
    offset?: number;
  }): Promise<RecordLink[]>;
  /** Links, audit events and the cursor in one transaction. */
  commitBatch(batch: BatchCommit): Promise<void>;
  /** Whole history of one record, oldest first; connection optional when the key is unique. */
  auditHistory(sourceKey: string, filter?: { connection?: string; flow?: FlowId }): Promise<AuditEvent[]>;
  flowHealth(connection?: string): Promise<FlowHealth[]>;

  close(): Promise<void>;
}
