/**
 * The master-data pipeline: for each source page — quarantine invalid rows, map, drop records
 * whose content hash matches their link, write the rest through the sink, and commit outcomes
 * plus the page checkpoint in one transaction after the target acknowledged. The final cursor is
 * committed only when the whole read completed (not when stopped). Why each of these rules
 * exists: docs/architecture.md ("Decisions").
 *
 * This file owns "one record per source key": a key read twice in one page is written once, as
 * its last row (see `preparePage`), because the ledger keeps one link, one hash and one outcome
 * per key. The target therefore never sees a key twice in one call.
 */
import { ERROR_CODES, type ErrorCode } from '../core/error-codes.js';
import type { RecordLink } from '../core/store-port.js';
import { commitOutcomes, type FlowContext, type RecordOutcome } from './flow.js';
import { HoldCheck, holdsAmong, quarantinedHash } from './holds.js';
import { applyMapping } from './mapping.js';
import type { RecordSink, SourcePage, WriteItem } from './sink.js';
import { adoptedByOfSnapshot, itemHash, snapshotHash } from './snapshot.js';
import { decideMatches, hasTarget, writeItems, writeRoute, type WriteRoute } from './write-step.js';

/** How a pipeline run ended. */
export type PipelineEnd = 'completed' | 'stopped';

/**
 * Write groups whose writes may be in flight at once. Pages are prepared (ledger lookup,
 * map, hash) one after another on the event loop; the writes of several groups overlap so the
 * limiter, not the round trips, sets the pace; outcomes are committed strictly in read order, so a
 * checkpoint never passes a record the target has not acknowledged.
 */
export const GROUPS_IN_FLIGHT = 4;

/**
 * A write group closes once it holds a full write call of changes (the target's
 * `writeBatchSize`), or this many records read: consecutive pages with few changes share calls
 * (a 1 % change costs calls for the 1 %, not one per page), while unchanged stretches still
 * commit their progress regularly and memory stays bounded.
 */
export const MAX_GROUP_RECORDS = 5_000;

/** Consecutive prepared pages whose items are written together and committed together. */
interface WriteGroup {
  keys: Set<string>;
  outcomes: RecordOutcome[];
  items: WriteItem[];
  records: number;
  /** Last source key read (read order): the checkpoint's progress marker. */
  lastKey: string | null;
  /**
   * Writes already started for the group's full batches; the group stays open with the remainder
   * (< one batch) so the next pages fill it, and everything commits together when it closes.
   */
  started: Promise<RecordOutcome[]>[];
}

/** A group whose writes were started and whose outcomes are not committed yet. */
interface GroupInFlight {
  keys: ReadonlySet<string>;
  lastKey: string | null;
  outcomes: Promise<RecordOutcome[]>;
}

const emptyGroup = (): WriteGroup => ({
  keys: new Set(),
  outcomes: [],
  items: [],
  records: 0,
  lastKey: null,
  started: [],
});

/**
 * The cursors a source commits as the pipeline progresses (opaque strings to the pipeline).
 * A QAD source's day cursor is one (flows/qad-cursor.ts).
 */
export interface PipelineCheckpoints {
  /** The cursor committed with a write group whose last record read has key `lastKey`. */
  after(lastKey: string | null): string;
  /** The cursor committed once the whole read completed. */
  final: string;
}

/**
 * Runs pages through a sink. `checkpoints` supplies the cursor committed with each group and the
 * final one; without it no cursor is written. The next source page is read while
 * the current one is prepared. A page that shares a key with a group not yet committed waits for
 * that commit, so writes of one record keep their order and see its latest link.
 * An infrastructure error stops the run: groups before the failing one are committed, the failing
 * group and those after it are not (their writes are idempotent upserts and are re-sent).
 * A stop request lets the writes in flight finish and commits them; nothing new is sent.
 */
export async function runPipeline<T, C extends FlowContext>(
  ctx: C,
  sink: RecordSink<T, C>,
  pages: AsyncIterable<SourcePage<T>>,
  checkpoints?: PipelineCheckpoints,
): Promise<PipelineEnd> {
  const batchSize = sink.target.writeBatchSize;
  const inFlight: GroupInFlight[] = [];
  let group = emptyGroup();
  const commitOldest = async (): Promise<void> => {
    const done = inFlight.shift() as GroupInFlight;
    const outcomes = await done.outcomes;
    await commitOutcomes(ctx, outcomes, checkpoints?.after(done.lastKey));
  };
  /**
   * Closes the open group: screens its items and starts their writes. Unless `final`, a remainder
   * smaller than one write call stays in the group (its full batches already on their way), so
   * changes spread thinly over many pages still fill whole batches.
   */
  const launch = async (final: boolean): Promise<void> => {
    if (group.records === 0) return;
    while (inFlight.length >= GROUPS_IN_FLIGHT) await commitOldest();
    const closing = group;
    group = emptyGroup();
    if (ctx.signal.aborted) {
      // a stop sends nothing new: the group is not committed, the next run reads it again
      await Promise.allSettled(closing.started);
      return;
    }
    const screened = sink.screen ? sink.screen(ctx, closing.items) : { keep: closing.items, outcomes: [] };
    const prepared = [...closing.outcomes, ...screened.outcomes];
    // matching decides, in read order, which call each item goes out in
    await decideMatches(sink, screened.keep);
    const { send, carry } = final ? { send: screened.keep, carry: [] } : fullCalls(screened.keep, batchSize);
    const writes = send.length > 0 ? [...closing.started, writeItems(ctx, sink, send)] : closing.started;
    for (const w of writes) w.catch(() => undefined); // settled below or by commitOldest
    if (carry.length > 0) {
      group = { ...closing, outcomes: prepared, items: carry, started: writes };
      return;
    }
    const outcomes = Promise.allSettled(writes).then((settled) => {
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return [...prepared, ...settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []))];
    });
    outcomes.catch(() => undefined); // awaited in order by commitOldest; no unhandled rejection meanwhile
    inFlight.push({ keys: closing.keys, lastKey: closing.lastKey, outcomes });
  };
  try {
    for await (const page of readAhead(pages)) {
      if (ctx.signal.aborted) break;
      const keys = new Set(page.records.map((r) => sink.key(r)));
      if (sharesKey(group.keys, keys)) await launch(true);
      while (inFlight.some((f) => sharesKey(f.keys, keys))) await commitOldest();
      const prepared = await preparePage(ctx, sink, page);
      for (const key of keys) group.keys.add(key);
      group.outcomes.push(...prepared.outcomes);
      group.items.push(...prepared.items);
      group.records += page.records.length + page.invalid.length;
      group.lastKey = page.records.length > 0 ? sink.key(page.records.at(-1) as T) : group.lastKey;
      if (group.records >= MAX_GROUP_RECORDS) await launch(true);
      else if (group.items.length >= batchSize) await launch(false);
    }
    await launch(true);
    while (inFlight.length > 0) await commitOldest();
  } catch (error) {
    await Promise.allSettled([...inFlight.map((f) => f.outcomes), ...group.started]);
    throw error;
  }
  if (ctx.signal.aborted) return 'stopped';
  if (checkpoints) await commitOutcomes(ctx, [], checkpoints.final);
  return 'completed';
}

/**
 * Splits items into those that fill whole write calls of their kind (update by id, upsert/create by
 * key, archive; plus those that need no call) and the remainder of each kind, kept for the next
 * pages: a page half adopted and half new costs one call of each kind per hundred records, not two
 * half-empty calls per page.
 */
function fullCalls(
  items: readonly WriteItem[],
  batchSize: number,
): { send: WriteItem[]; carry: WriteItem[] } {
  const byRoute = new Map<WriteRoute, WriteItem[]>();
  for (const item of items) {
    const route = writeRoute(item);
    const list = byRoute.get(route);
    if (list) list.push(item);
    else byRoute.set(route, [item]);
  }
  const carried = new Set<WriteItem>();
  for (const [route, list] of byRoute) {
    if (route === 'none') continue;
    for (const item of list.slice(list.length - (list.length % batchSize))) carried.add(item);
  }
  return { send: items.filter((i) => !carried.has(i)), carry: items.filter((i) => carried.has(i)) };
}

function sharesKey(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
}

/**
 * Iterates `source` one page ahead: the next page is being read (QAD round trip, normalisation)
 * while the consumer works on the current one. A read error surfaces where that page is consumed.
 */
export async function* readAhead<P>(source: AsyncIterable<P>): AsyncGenerator<P> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done === true) return;
      next = it.next();
      next.catch(() => undefined); // surfaced by the await above on the next turn
      yield current.value;
    }
  } finally {
    // the consumer stopped early (abort, error): let the source release what it holds
    await it.return?.();
  }
}

/** What preparing a page yields: outcomes already decided, and the items to send. */
export interface PreparedPage {
  outcomes: RecordOutcome[];
  items: WriteItem[];
}

/**
 * Quarantines invalid rows, maps and hashes the rest against their links: every record read gets
 * an outcome here or an item to write (screened by the sink just before writing).
 */
export async function preparePage<T, C extends FlowContext>(
  ctx: C,
  sink: RecordSink<T, C>,
  page: SourcePage<T>,
): Promise<PreparedPage> {
  ctx.counts.read += page.records.length + page.invalid.length;
  const outcomes: RecordOutcome[] = [];
  if (page.invalid.length > 0) {
    const invalidLinks = await ctx.store.getLinks(
      ctx.connection.name,
      ctx.flowId,
      page.invalid.map((b) => b.key),
    );
    const check = new HoldCheck(await holdsAmong(ctx, invalidLinks));
    for (const bad of page.invalid) {
      const reason = bad.field ? `${bad.field}: ${bad.reason}` : bad.reason;
      if (check.held(bad.key, quarantinedHash(reason))) ctx.counts.skipped += 1;
      else outcomes.push(repeatOrQuarantine(ctx, invalidLinks.get(bad.key), bad.key, reason));
    }
    await check.commit(ctx);
  }
  // duplicate keys inside one page: the last row wins (this file's comment says why)
  const byKey = new Map<string, T>();
  for (const record of page.records) byKey.set(sink.key(record), record);
  const records = [...byKey.values()];
  if (records.length === 0) return { outcomes, items: [] };
  await sink.preparePage?.(ctx, records);
  const links = await ctx.store.getLinks(ctx.connection.name, ctx.flowId, [...byKey.keys()]);
  const check = new HoldCheck(await holdsAmong(ctx, links));

  const items: WriteItem[] = [];
  for (const record of records) {
    const key = sink.key(record);
    const link = links.get(key);
    const decision = sink.decide ? sink.decide(record, link) : 'upsert';
    if (typeof decision === 'object') {
      outcomes.push(skip(ctx, key, decision.skip));
      continue;
    }
    const mapped = applyMapping(sink.view(record), sink.mapping, ctx.countries, sink.shapes);
    if (mapped.status === 'invalid') {
      if (check.held(key, quarantinedHash(mapped.reason))) ctx.counts.skipped += 1;
      else outcomes.push(repeatOrQuarantine(ctx, link, key, mapped.reason, mapped.field));
      continue;
    }
    const context = sink.context ? sink.context(record) : {};
    const properties = decision === 'archive' ? {} : mapped.properties;
    const hash = itemHash(decision, properties, context);
    if (check.held(key, hash)) {
      // an operator resolved or excluded this record and it has not changed since
      ctx.counts.skipped += 1;
      continue;
    }
    if (isUnchanged(link, hash)) {
      outcomes.push({ sourceKey: key, action: 'unchanged', targetId: link?.targetId ?? null });
      if (ctx.dryRun)
        ctx.plan.add({
          flow: ctx.flowId,
          sourceKey: key,
          action: 'unchanged',
          targetId: link?.targetId ?? null,
          properties: null,
          reason: null,
        });
      continue;
    }
    const item: WriteItem = { key, op: decision, properties, context, hash, link, notes: mapped.notes };
    const adoptedBy = adoptedByOfSnapshot(link?.snapshot ?? null);
    if (adoptedBy !== undefined) item.adoptedBy = adoptedBy;
    if (!hasTarget(link) && decision === 'upsert' && sink.matchValues) item.match = sink.matchValues(record);
    items.push(item);
  }
  await check.commit(ctx);
  return { outcomes, items };
}

/**
 * A record quarantined again for the same reason as last time is a repeat, not an attempt: it is
 * counted unchanged (no audit row, no failed count), so one bad QAD row does not make every run
 * partial. A new or different reason is quarantined and audited.
 */
function repeatOrQuarantine(
  ctx: FlowContext,
  link: RecordLink | undefined,
  key: string,
  reason: string,
  field?: string,
): RecordOutcome {
  if (
    link?.state === 'quarantined' &&
    link.lastError?.code === 'RECORD_INVALID' &&
    link.lastError.message === reason
  ) {
    return { sourceKey: key, action: 'unchanged', targetId: link.targetId };
  }
  return quarantine(ctx, key, reason, field);
}

/**
 * Unchanged = the target acknowledged exactly this payload last time and the link is healthy, or
 * the target rejected exactly this payload as bad data last time (a `data`-kind error such as a
 * duplicate email, or a value a portal validation rule quarantined): sending it again would fail
 * the same way and spend a call, so the record keeps its state and error until its QAD data
 * changes or an operator replays it.
 */
export function isUnchanged(link: RecordLink | undefined, hash: string): boolean {
  if (link === undefined) return false;
  if (link.state === 'ok') return link.targetId !== null && link.contentHash === hash;
  const refused = link.state === 'failed' || link.state === 'quarantined';
  return refused && rejectedAsData(link) && snapshotHash(link.snapshot) === hash;
}

function rejectedAsData(link: RecordLink): boolean {
  const code = link.lastError?.code;
  return code !== undefined && code in ERROR_CODES && ERROR_CODES[code as ErrorCode].kind === 'data';
}

function quarantine(ctx: FlowContext, key: string, reason: string, field?: string): RecordOutcome {
  if (ctx.dryRun)
    ctx.plan.add({
      flow: ctx.flowId,
      sourceKey: key,
      action: 'quarantine',
      targetId: null,
      properties: null,
      reason,
    });
  return {
    sourceKey: key,
    action: 'quarantined',
    error: { code: 'RECORD_INVALID', message: reason },
    snapshot: null,
    detail: field ? { field } : null,
  };
}

function skip(ctx: FlowContext, key: string, reason: string): RecordOutcome {
  if (ctx.dryRun)
    ctx.plan.add({
      flow: ctx.flowId,
      sourceKey: key,
      action: 'skip',
      targetId: null,
      properties: null,
      reason,
    });
  return { sourceKey: key, action: 'skipped', detail: { reason } };
}
