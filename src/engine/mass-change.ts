/**
 * The mass-change guard: before a master-data run writes anything, count what it would do to the
 * records the ledger already links (archive, inactivate, update) and hold the run when that is
 * more than the flow's allowed share. A run goes ahead on a confirmation: the operator's
 * (`sync --confirm-mass-change`), or one recorded on the dashboard that covers these counts. Every
 * hold and every confirmed run is recorded in the store (who confirmed, what counts).
 *
 * The count is a planning pass over the same read the run then writes: pages are prepared (map,
 * hash against links) exactly as the pipeline does, nothing is sent or committed. The pages read
 * are kept for the write pass when they are few (an incremental run), so QAD is read once; a
 * larger read is read again. Creates are not counted: a first sync on an empty ledger, and new
 * records beside linked ones, change nothing that exists.
 *
 * A dry run runs the same planning pass and reports the verdict (would the real run be held?) in
 * its plan instead of recording a hold: docs/security.md ("Mass-change guard").
 */
import { randomUUID } from 'node:crypto';
import { ConnectorError } from '../core/errors.js';
import type { MassChangeHold, MassChangeTally } from '../core/store-port.js';
import { DryRunPlan, type FlowContext } from './flow.js';
import { preparePage } from './pipeline.js';
import type { RecordSink, SourcePage, WriteItem } from './sink.js';

/** When a run counts as a mass change (config `massChange`). */
export interface MassChangePolicy {
  /** Share of the flow's linked records (0–1) a run may change without confirmation. */
  maxShare: number;
  /** Changes below this many records never count as a mass change. */
  minRecords: number;
}

export type ChangeKind = 'archive' | 'inactivate' | 'update';

/** Source records kept from the planning pass for the write pass; past it, the source is read again. */
export const PLAN_BUFFER_RECORDS = 20_000;
/** Source keys shown as a sample of a held run's changes. */
export const SAMPLE_SIZE = 10;

/** Changes above which a run is held: more than `maxShare` of `linked`, and at least `minRecords`. */
export function massChangeThreshold(linked: number, policy: MassChangePolicy): number {
  return Math.max(policy.minRecords - 1, Math.floor(linked * policy.maxShare));
}

/** Records the run would change among those linked. */
export function changedRecords(tally: MassChangeTally): number {
  return tally.archive + tally.inactivate + tally.update;
}

/** True when `tally` changes more than the policy allows without confirmation. */
export function isMassChange(tally: MassChangeTally, policy: MassChangePolicy): boolean {
  return changedRecords(tally) > massChangeThreshold(tally.linked, policy);
}

/** True when a confirmation given for `confirmed` also covers `planned` (no kind grew). */
export function covers(confirmed: MassChangeTally, planned: MassChangeTally): boolean {
  return (
    planned.archive <= confirmed.archive &&
    planned.inactivate <= confirmed.inactivate &&
    planned.update <= confirmed.update
  );
}

/**
 * What a planned write does to a linked record; null for a record the target does not hold yet
 * (a create). `inactivates` says whether an update switches the record to inactive (the sink's
 * knowledge: e.g. `qad_status` becoming `inactive`).
 */
export function changeKindOf(item: WriteItem, inactivates?: (item: WriteItem) => boolean): ChangeKind | null {
  if (typeof item.link?.targetId !== 'string') return null;
  if (item.op === 'archive') return 'archive';
  return inactivates?.(item) === true ? 'inactivate' : 'update';
}

/** How a flow applies the guard. */
export interface MassChangeGuard {
  policy: MassChangePolicy;
  /** Whether an update inactivates the record (counted as `inactivate`). */
  inactivates?: (item: WriteItem) => boolean;
}

/**
 * Runs the guard for one flow run and returns the pages the pipeline should write: the planning
 * pass's own pages when it kept them, otherwise a fresh read. Throws MASS_CHANGE_HELD (after
 * recording the hold) when the run must wait for a confirmation. Flows with fewer linked records
 * than `minRecords` skip the planning pass: they cannot exceed it. A dry run plans too and puts the
 * verdict in its plan (`plan.massChange`): it records no hold, uses no confirmation and never throws.
 */
export async function guardMassChange<T, C extends FlowContext>(
  ctx: C,
  sink: RecordSink<T, C>,
  read: () => AsyncIterable<SourcePage<T>>,
  guard: MassChangeGuard,
): Promise<AsyncIterable<SourcePage<T>>> {
  const connection = ctx.connection.name;
  const linked = await ctx.store.countLinkedRecords(connection, ctx.flowId);
  if (linked < guard.policy.minRecords) return read();
  const plan = await planChanges(ctx, sink, read(), linked, guard);
  const source = (): AsyncIterable<SourcePage<T>> => (plan.pages === null ? read() : fromArray(plan.pages));
  const { tally, sample } = plan;
  if (ctx.signal.aborted) return source();
  const threshold = massChangeThreshold(linked, guard.policy);
  const exceedsLimit = isMassChange(tally, guard.policy);
  if (ctx.dryRun) {
    const confirmedBy = exceedsLimit ? await confirmationFor(ctx, tally) : null;
    ctx.plan.massChange.set(ctx.flowId, {
      wouldHold: exceedsLimit && confirmedBy === null,
      exceedsLimit,
      tally,
      threshold,
      sample,
      confirmedBy,
    });
    return source();
  }
  if (!exceedsLimit) return source();
  const nowMs = ctx.clock.nowMs();
  const hold: MassChangeHold = {
    id: randomUUID(),
    connection,
    flow: ctx.flowId,
    runId: ctx.runId,
    heldAtMs: nowMs,
    tally,
    threshold,
    sample,
    status: 'held',
    confirmedBy: null,
    confirmedAtMs: null,
    usedByRunId: null,
  };
  if (ctx.massChangeConfirmedBy !== undefined) {
    await ctx.store.recordMassChangeHold({
      ...hold,
      status: 'used',
      confirmedBy: ctx.massChangeConfirmedBy,
      confirmedAtMs: nowMs,
      usedByRunId: ctx.runId,
    });
    confirmed(ctx, hold.id, ctx.massChangeConfirmedBy, tally);
    return source();
  }
  const pending = await pendingConfirmation(ctx, tally);
  if (pending !== undefined && (await ctx.store.useMassChangeConfirmation(pending.id, ctx.runId))) {
    confirmed(ctx, pending.id, pending.confirmedBy ?? 'unknown', tally);
    return source();
  }
  const holdId = await ctx.store.recordMassChangeHold(hold);
  ctx.events.emit('mass_change.held', {
    connection,
    flow: ctx.flowId,
    runId: ctx.runId,
    holdId,
    tally,
  });
  const counts = describeTally(tally);
  ctx.logger.warn(
    {
      event: 'mass_change.held',
      connection,
      flow: ctx.flowId,
      runId: ctx.runId,
      holdId,
      ...tally,
      threshold,
    },
    `${ctx.flowId}: held — ${counts}`,
  );
  const keys = sample.map((s) => `${s.key} (${s.kind})`).join(', ');
  throw new ConnectorError(
    'MASS_CHANGE_HELD',
    `${ctx.flowId} would ${counts} of ${linked} linked records (more than ${threshold} allowed); nothing was written. Sample: ${keys}. Confirm with \`ml-connector sync ${ctx.flowId} --connection ${connection} --confirm-mass-change\` or on the dashboard's Mass changes page.`,
  );
}

/** The dashboard confirmation waiting for this flow that covers `tally`, if any (read only). */
async function pendingConfirmation(
  ctx: FlowContext,
  tally: MassChangeTally,
): Promise<MassChangeHold | undefined> {
  const [pending] = await ctx.store.listMassChangeHolds({
    connection: ctx.connection.name,
    flow: ctx.flowId,
    statuses: ['confirmed'],
    limit: 1,
  });
  return pending !== undefined && covers(pending.tally, tally) ? pending : undefined;
}

/** Who would let a dry run's over-the-limit changes go ahead: the CLI flag, or a waiting confirmation. */
async function confirmationFor(ctx: FlowContext, tally: MassChangeTally): Promise<string | null> {
  if (ctx.massChangeConfirmedBy !== undefined) return ctx.massChangeConfirmedBy;
  const pending = await pendingConfirmation(ctx, tally);
  return pending === undefined ? null : (pending.confirmedBy ?? 'unknown');
}

/** `archive 80, inactivate 0, update 3` — the counts as people read them. */
export function describeTally(tally: MassChangeTally): string {
  return `archive ${tally.archive}, inactivate ${tally.inactivate}, update ${tally.update}`;
}

function confirmed(ctx: FlowContext, holdId: string, by: string, tally: MassChangeTally): void {
  const connection = ctx.connection.name;
  ctx.events.emit('mass_change.confirmed', {
    connection,
    flow: ctx.flowId,
    runId: ctx.runId,
    holdId,
    by,
    tally,
  });
  ctx.logger.warn(
    { event: 'mass_change.confirmed', connection, flow: ctx.flowId, runId: ctx.runId, holdId, by, ...tally },
    `${ctx.flowId}: mass change confirmed by ${by} — ${describeTally(tally)}`,
  );
}

interface ChangePlan<T> {
  tally: MassChangeTally;
  sample: MassChangeHold['sample'];
  /** The pages read, when they fit the buffer; null = read again. */
  pages: SourcePage<T>[] | null;
}

/** The planning pass: prepares every page as the pipeline would, counts, sends nothing. */
async function planChanges<T, C extends FlowContext>(
  ctx: C,
  sink: RecordSink<T, C>,
  pages: AsyncIterable<SourcePage<T>>,
  linked: number,
  guard: MassChangeGuard,
): Promise<ChangePlan<T>> {
  // the run's counts and plan stay untouched: the write pass prepares the pages again
  // (a dry run's plan too: the planning pass must not list its records a second time)
  const planning: C = {
    ...ctx,
    counts: { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 },
    plan: new DryRunPlan(),
  };
  const tally: MassChangeTally = { linked, archive: 0, inactivate: 0, update: 0 };
  const sample: MassChangeHold['sample'] = [];
  let kept: SourcePage<T>[] | null = [];
  let keptRecords = 0;
  for await (const page of pages) {
    if (ctx.signal.aborted) break;
    if (kept !== null) {
      keptRecords += page.records.length + page.invalid.length;
      if (keptRecords <= PLAN_BUFFER_RECORDS) kept.push(page);
      else kept = null;
    }
    const { items } = await preparePage(planning, sink, page);
    for (const item of items) {
      const kind = changeKindOf(item, guard.inactivates);
      if (kind === null) continue;
      tally[kind] += 1;
      if (sample.length < SAMPLE_SIZE) sample.push({ key: item.key, kind });
    }
  }
  return { tally, sample, pages: kept };
}

async function* fromArray<P>(pages: readonly P[]): AsyncGenerator<P> {
  for (const page of pages) yield page;
  await Promise.resolve();
}

declare module '../core/events.js' {
  interface EventMap {
    /** A run was held by the mass-change guard before writing. */
    'mass_change.held': {
      connection: string;
      flow: string;
      runId: string;
      holdId: string;
      tally: MassChangeTally;
    };
    /** A run the guard would have held went ahead on a confirmation. */
    'mass_change.confirmed': {
      connection: string;
      flow: string;
      runId: string;
      holdId: string;
      by: string;
      tally: MassChangeTally;
    };
  }
}
