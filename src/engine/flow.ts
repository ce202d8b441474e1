/**
 * The flow contract: a flow reads pages from a source, maps each record, writes the changed ones
 * to the target and records one outcome per record. The engine (runner.ts) owns the run (lease,
 * run record, target preparation, counts); a flow owns reading, mapping and writing and reports
 * what happened through `commitOutcomes`, which is the ONLY way a flow touches the ledger.
 *
 * A flow's context is the run's (`RunContext`) plus the parts of its connection (`P`, e.g. the
 * config and clients `app/runtime.ts` composed): the engine passes them through without knowing
 * their types, so it compiles before and independently of the connectors.
 */
import type { Clock } from '../core/clock.js';
import type { CountryCodes } from '../core/country-codes.js';
import type { EventBus } from '../core/events.js';
import type {
  AuditAction,
  AuditEventInput,
  FlowId,
  LinkState,
  MassChangeHold,
  MassChangeTally,
  OrderStage,
  RecordLinkUpsert,
  RunCounts,
  Store,
} from '../core/store-port.js';
import type { CallCounts, ConnectionParts, EngineLogger } from './ports.js';
import { tallyOutcomes } from './outcome-tally.js';

/** One entry of a dry-run plan: what WOULD happen to one record. */
export interface PlannedChange {
  flow: FlowId;
  sourceKey: string;
  action: 'create' | 'adopt' | 'update' | 'archive' | 'skip' | 'quarantine' | 'unchanged';
  /** adopt/ambiguous: the matching rule. */
  rule?: string;
  /** Ambiguous matches: the candidate target ids. */
  candidates?: string[];
  /** Ambiguous matches: other source records that match the same target record. */
  contenders?: string[];
  /** Existing target id when known (update/archive). */
  targetId: string | null;
  /** Mapped properties that would be sent (redacted), when any. */
  properties: Record<string, unknown> | null;
  /** Why a record is skipped/quarantined. */
  reason: string | null;
}

/** A record a dry run would leave ambiguous: its candidates and who else matches them. */
export interface AmbiguousPlan {
  sourceKey: string;
  rule: string;
  candidates: string[];
  contenders?: string[];
}

/**
 * What the mass-change guard would decide for one flow of a dry run (engine/mass-change.ts): the
 * counts it would compare, its limit, and whether the real run would be held. Nothing is recorded.
 */
export interface MassChangePreview {
  /** True when the real run would stop before writing (exit 5, MASS_CHANGE_HELD). */
  wouldHold: boolean;
  /** True when the changes exceed the limit (held unless a confirmation covers them). */
  exceedsLimit: boolean;
  tally: MassChangeTally;
  /** Changes allowed without confirmation. */
  threshold: number;
  sample: MassChangeHold['sample'];
  /** Who would let an over-the-limit run go ahead (`cli:<user>`, or a dashboard confirmation); else null. */
  confirmedBy: string | null;
}

/** Collects planned changes during `--dry-run`; nothing is written anywhere. */
export class DryRunPlan {
  readonly changes: PlannedChange[] = [];
  /** The mass-change guard's verdict per flow it checked (flows under `minRecords` linked are not). */
  readonly massChange = new Map<FlowId, MassChangePreview>();

  add(change: PlannedChange): void {
    this.changes.push(change);
  }

  /** Planned adoptions of one flow by rule, and its ambiguous records with their candidates. */
  adoption(flow: FlowId): {
    byRule: Record<string, number>;
    ambiguous: AmbiguousPlan[];
  } {
    const byRule: Record<string, number> = {};
    const ambiguous: AmbiguousPlan[] = [];
    for (const c of this.changes) {
      if (c.flow !== flow || c.rule === undefined) continue;
      if (c.action === 'adopt') byRule[c.rule] = (byRule[c.rule] ?? 0) + 1;
      else if (c.candidates !== undefined)
        ambiguous.push({
          sourceKey: c.sourceKey,
          rule: c.rule,
          candidates: c.candidates,
          ...(c.contenders ? { contenders: c.contenders } : {}),
        });
    }
    return { byRule, ambiguous };
  }

  /** Planned changes of one flow grouped by action, for output. */
  summary(flow: FlowId): Record<PlannedChange['action'], number> {
    const out = { create: 0, adopt: 0, update: 0, archive: 0, skip: 0, quarantine: 0, unchanged: 0 };
    for (const c of this.changes) if (c.flow === flow) out[c.action] += 1;
    return out;
  }
}

/** Everything the engine gives a flow for one run. */
export interface RunContext {
  flowId: FlowId;
  store: Store;
  clock: Clock;
  events: EventBus;
  logger: EngineLogger;
  runId: string;
  /** Compute and record the plan; write nothing (no HubSpot/QAD writes, no links, audit or cursor). */
  dryRun: boolean;
  /** Ignore the cursor: a full reconciliation. */
  full: boolean;
  /** Aborted when a stop was requested: finish the current batch, commit it, and return. */
  signal: AbortSignal;
  /** Mutable counts of this run; `commitOutcomes` maintains them, flows add `read`. */
  counts: RunCounts;
  plan: DryRunPlan;
  /** Outbound calls of this run, kept current by the engine. */
  calls: CallCounts;
  /** Who confirmed a mass change for this run (`cli:<user>`); absent: the guard holds one. */
  massChangeConfirmedBy?: string;
  /** Country names and codes, the runtime's (its index is built once per process). */
  countries: CountryCodes;
}

/** A flow's context: the run's, plus the parts of its connection (config, clients). */
export type FlowContext<P extends ConnectionParts = ConnectionParts> = RunContext & P;

/** A flow: the engine runs flows of one pass in `dependsOn` order. */
export interface FlowDefinition<P extends ConnectionParts = ConnectionParts> {
  id: FlowId;
  dependsOn: FlowId[];
  run(ctx: FlowContext<P>): Promise<void>;
}

/**
 * What happened to one record in this run. The engine turns it into a link upsert and an audit
 * event. `unchanged` outcomes only count (no audit row, no link write): an unchanged record was
 * not an attempt, and QAD's day-granular stamps re-read the same rows on every run.
 */
export interface RecordOutcome {
  sourceKey: string;
  action: AuditAction;
  /** Target id (HubSpot object id, QAD order number) when known. */
  targetId?: string | null;
  /** Hash of the payload the target acknowledged (created/updated/archived/replayed). */
  contentHash?: string | null;
  /** Redacted mapped payload: stored on the link for replay and in the audit row. */
  snapshot?: Record<string, unknown> | null;
  error?: { code: string; message: string } | null;
  /** Retries/faults seen, trace ids, order numbers… */
  detail?: Record<string, unknown> | null;
  /** Orders only. */
  orderStage?: OrderStage | null;
  /** Overrides the link state derived from the action. */
  state?: LinkState;
}

/** Link state implied by an audit action; null = leave the link alone. */
export function linkStateFor(action: AuditAction): LinkState | null {
  switch (action) {
    case 'created':
    case 'updated':
    case 'archived':
    case 'replayed':
    case 'adopted':
    case 'linked':
      return 'ok';
    case 'failed':
      return 'failed';
    case 'quarantined':
      return 'quarantined';
    case 'unchanged':
    case 'skipped':
    case 'unlinked':
    case 'excluded':
    case 'resolved':
    case 'released':
      return null;
  }
}

const COUNT_FOR: Record<AuditAction, keyof RunCounts | null> = {
  created: 'created',
  updated: 'updated',
  archived: 'updated',
  replayed: 'updated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  failed: 'failed',
  quarantined: 'failed',
  adopted: 'adopted',
  linked: null,
  unlinked: null,
  excluded: null,
  resolved: null,
  released: null,
};

/** Builds the store rows for a batch of outcomes (pure; exported for tests). */
export function outcomesToCommit(
  ctx: Pick<FlowContext, 'connection' | 'flowId' | 'runId'>,
  outcomes: readonly RecordOutcome[],
  nowMs: number,
): { links: RecordLinkUpsert[]; events: AuditEventInput[] } {
  const links: RecordLinkUpsert[] = [];
  const events: AuditEventInput[] = [];
  const connection = ctx.connection.name;
  for (const o of outcomes) {
    if (o.action === 'unchanged') continue;
    const state = o.state ?? linkStateFor(o.action);
    if (state !== null) {
      const link: RecordLinkUpsert = {
        connection,
        flow: ctx.flowId,
        sourceKey: o.sourceKey,
        state,
        lastRunId: ctx.runId,
      };
      if (o.targetId !== undefined && o.targetId !== null) link.targetId = o.targetId;
      if (state === 'ok') {
        link.lastError = null;
        if (o.contentHash !== undefined) link.contentHash = o.contentHash;
      } else {
        link.lastError = o.error ?? { code: 'INTERNAL', message: 'unknown failure' };
      }
      if (o.snapshot !== undefined) link.snapshot = o.snapshot;
      if (o.orderStage !== undefined) link.orderStage = o.orderStage;
      links.push(link);
    }
    events.push({
      connection,
      flow: ctx.flowId,
      sourceKey: o.sourceKey,
      runId: ctx.runId,
      atMs: nowMs,
      action: o.action,
      targetId: o.targetId ?? null,
      payloadHash: o.contentHash ?? null,
      payload: o.snapshot ?? null,
      error: o.error ?? null,
      detail: o.detail ?? null,
    });
  }
  return { links, events };
}

/** Adds outcomes to the run counts (read is counted by the flow when it reads). */
export function countOutcomes(counts: RunCounts, outcomes: readonly RecordOutcome[]): void {
  for (const o of outcomes) {
    const key = COUNT_FOR[o.action];
    if (key) counts[key] = (counts[key] ?? 0) + 1;
  }
}

/**
 * Records a batch of outcomes: links + audit events + (optionally) the new cursor, in ONE store
 * transaction. Call it only after the target acknowledged the batch, so the cursor never passes
 * an unacknowledged record. In dry-run it only counts (the plan is filled by the flow).
 */
export async function commitOutcomes(
  ctx: FlowContext,
  outcomes: readonly RecordOutcome[],
  cursor?: string,
): Promise<void> {
  countOutcomes(ctx.counts, outcomes);
  ctx.events.emit('run.progress', {
    connection: ctx.connection.name,
    flow: ctx.flowId,
    runId: ctx.runId,
    counts: { ...ctx.counts },
    calls: { ...ctx.calls },
  });
  if (ctx.dryRun) return;
  const { links, events } = outcomesToCommit(ctx, outcomes, ctx.clock.nowMs());
  if (links.length === 0 && events.length === 0 && cursor === undefined) return;
  // read before the commit: a record failing again the same way is an attempt, not a new failed record
  const tally = await tallyOutcomes(
    ctx.store,
    ctx.connection.name,
    ctx.flowId,
    outcomes.map((o) => ({ ...o, state: o.state ?? linkStateFor(o.action) })),
  );
  await ctx.store.commitBatch({
    links,
    events,
    ...(cursor === undefined
      ? {}
      : { cursor: { connection: ctx.connection.name, flow: ctx.flowId, value: cursor } }),
  });
  ctx.events.emit('flow.batch.committed', {
    connection: ctx.connection.name,
    flow: ctx.flowId,
    runId: ctx.runId,
    records: outcomes.length,
    cursor: cursor ?? null,
  });
  if (events.length > 0) {
    ctx.events.emit('records.committed', {
      connection: ctx.connection.name,
      flow: ctx.flowId,
      runId: ctx.runId,
      ...tally,
    });
  }
}

declare module '../core/events.js' {
  interface EventMap {
    /** A flow run's counts and calls after a batch of outcomes (also in dry-run): for progress lines. */
    'run.progress': { connection: string; flow: FlowId; runId: string; counts: RunCounts; calls: CallCounts };
    /** A batch of outcomes (and maybe a cursor) was committed to the store. */
    'flow.batch.committed': {
      connection: string;
      flow: FlowId;
      runId: string;
      records: number;
      cursor: string | null;
    };
  }
}
