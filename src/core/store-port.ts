/**
 * What the engine, CLI, vault and dashboard need from the state store (docs/architecture.md: "The ledger"). One
 * implementation over SQLite and PostgreSQL lives in src/store/; everything else depends on this
 * interface only. All times are epoch milliseconds; all JSON columns are plain objects.
 */

/** Flow ids, in dependency order within a pass (accounts before contacts, catalog before orders). */
export const FLOW_IDS = ['accounts', 'contacts', 'catalog', 'orders', 'qad-orders'] as const;
export type FlowId = (typeof FLOW_IDS)[number];

/**
 * `waiting`: not written yet because a record it needs is not synced yet (a QAD order whose customer
 * has no HubSpot company); not a failure, not in the error queue, read again on every run.
 */
export type LinkState = 'ok' | 'failed' | 'quarantined' | 'waiting';
/** Order lifecycle per deal (docs/orders.md): pending → submitted → confirmed | rejected. */
export type OrderStage = 'pending' | 'submitted' | 'confirmed' | 'rejected';
export type AuditAction =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'skipped'
  | 'failed'
  | 'quarantined'
  | 'archived'
  | 'replayed'
  /** An existing target record was matched and taken over (detail.rule says by which rule). */
  | 'adopted'
  /** `ml-connector link` / `unlink` by hand. */
  | 'linked'
  | 'unlinked'
  // an operator's hold on a record was set, or lifted (by hand or because its source changed)
  | 'excluded'
  | 'resolved'
  | 'released';
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

/** One source record ↔ target record (docs/architecture.md: "The ledger"). Keyed by (connection, flow, sourceKey). */
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
  /** Existing target records matched and taken over instead of created (absent in older runs). */
  adopted?: number;
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
  /** Records waiting for another record to be synced first (state `waiting`). */
  waiting: number;
}

/** What a flow run would do to records the ledger already links (the mass-change guard counts them). */
export interface MassChangeTally {
  /** Links of the flow that carry a target id when the run started. */
  linked: number;
  archive: number;
  inactivate: number;
  update: number;
}

/**
 * A run the mass-change guard held, or one that went ahead on a confirmation: the audit of who
 * confirmed what. `held` awaits a confirmation; `confirmed` (dashboard) is used by the next run of
 * the flow whose changes it covers; `used` went ahead; `superseded` was replaced by a newer hold.
 */
export interface MassChangeHold {
  id: string;
  connection: string;
  flow: FlowId;
  /** The run that was held (or that went ahead, for a CLI confirmation). */
  runId: string;
  heldAtMs: number;
  tally: MassChangeTally;
  /** Records changed above which the run is held (max of minRecords and maxShare × linked). */
  threshold: number;
  /** A few source keys of the planned changes, with their kind. */
  sample: { key: string; kind: 'archive' | 'inactivate' | 'update' }[];
  status: 'held' | 'confirmed' | 'used' | 'superseded';
  /** Who confirmed: `cli:<os user>` or `dashboard:<client address>`. */
  confirmedBy: string | null;
  confirmedAtMs: number | null;
  /** The run that went ahead on this confirmation. */
  usedByRunId: string | null;
}

/**
 * An operator's hold on one record: `resolved` (handled outside the connector; hide it) or
 * `excluded` (never sync it until its source changes). A held record is counted as skipped, not
 * re-attempted; reading it with another content hash than `contentHash` lifts the hold.
 */
export type HoldKind = 'resolved' | 'excluded';
export interface RecordHold {
  connection: string;
  flow: FlowId;
  sourceKey: string;
  kind: HoldKind;
  /** Why, as the operator wrote it. */
  reason: string;
  /** Who set it (dashboard session, CLI user). */
  actor: string;
  atMs: number;
  /** Content hash of the record when it was held; null = lifted on its next valid read. */
  contentHash: string | null;
}
/** Held records per (connection, flow, kind, link state), for health. */
export interface HoldCount {
  connection: string;
  flow: FlowId;
  kind: HoldKind;
  linkState: LinkState | null;
  count: number;
}
/** A lease row as stored: who holds (connection, flow) until when. */
export interface LeaseRow {
  connection: string;
  flow: FlowId;
  holder: string;
  expiresAtMs: number;
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

/** One HubSpot change event accepted into the inbox (webhook or journal). */
export interface ChangeEventInput {
  connection: string;
  /** HubSpot's event id (webhook `eventId`) or `journal:<offset>`. */
  eventId: string;
  source: 'webhook' | 'journal';
  /** `deals`, `companies`, … */
  objectType: string;
  objectId: string;
  occurredAtMs: number;
  receivedAtMs: number;
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
  /** Removes one link (`unlink`) and records its audit event, in one transaction. */
  deleteLink(connection: string, flow: FlowId, sourceKey: string, event: AuditEventInput): Promise<void>;
  /** Links, audit events and the cursor in one transaction. */
  commitBatch(batch: BatchCommit): Promise<void>;
  /** Whole history of one record, oldest first; connection optional when the key is unique. */
  auditHistory(sourceKey: string, filter?: { connection?: string; flow?: FlowId }): Promise<AuditEvent[]>;
  flowHealth(connection?: string): Promise<FlowHealth[]>;

  // mass-change guard (engine/mass-change.ts)
  /** Links of a flow that carry a target id (records the target holds for us). */
  countLinkedRecords(connection: string, flow: FlowId): Promise<number>;
  /**
   * Records a hold (or a CLI-confirmed run). A `held` row with other counts supersedes the flow's
   * waiting one; with the same counts it refreshes that row (run id, time, sample) instead.
   * Answers the id of the row that records it.
   */
  recordMassChangeHold(hold: MassChangeHold): Promise<string>;
  /** Holds, newest first. */
  listMassChangeHolds(filter: {
    connection?: string;
    flow?: FlowId;
    statuses?: MassChangeHold['status'][];
    limit: number;
  }): Promise<MassChangeHold[]>;
  /** `held` → `confirmed` by `by`; null when the hold is not (or no longer) `held`. */
  confirmMassChangeHold(id: string, by: string, atMs: number): Promise<MassChangeHold | null>;
  /** `confirmed` → `used` by `runId`; false when another run used it first. */
  useMassChangeConfirmation(id: string, runId: string): Promise<boolean>;

  // operator holds (resolve / exclude), each change audited in the same transaction
  setHold(hold: RecordHold, event: AuditEventInput): Promise<void>;
  releaseHolds(
    holds: readonly Pick<RecordHold, 'connection' | 'flow' | 'sourceKey'>[],
    events: readonly AuditEventInput[],
  ): Promise<void>;
  getHolds(connection: string, flow: FlowId, sourceKeys: readonly string[]): Promise<Map<string, RecordHold>>;
  listHolds(filter: { connection?: string; flow?: FlowId; limit: number }): Promise<RecordHold[]>;
  holdCounts(): Promise<HoldCount[]>;
  /** Every lease row (expired ones included): tells a killed run from a running one. */
  listLeases(): Promise<LeaseRow[]>;

  // change-event inbox (events stored before they are acknowledged; handled by orders runs)
  /** Stores events not seen before; answers how many were new (the rest are HubSpot retries). */
  addChangeEvents(events: readonly ChangeEventInput[]): Promise<number>;
  /** Unhandled events of a connection, oldest first. */
  pendingChangeEvents(connection: string, objectType: string, limit: number): Promise<ChangeEventInput[]>;
  markChangeEventsHandled(connection: string, eventIds: readonly string[], nowMs: number): Promise<void>;
  /** Cursor of a change-event source (the journal's offset), beside the flows' cursors. */
  getChangeCursor(connection: string, source: 'journal'): Promise<string | null>;
  setChangeCursor(connection: string, source: 'journal', value: string): Promise<void>;

  close(): Promise<void>;
}
