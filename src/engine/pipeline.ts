/**
 * The master-data pipeline (DESIGN.md §2–§3): for each source page — quarantine invalid rows,
 * map, drop records whose content hash matches their link, write the rest, and commit outcomes
 * plus the page checkpoint in one transaction after HubSpot acknowledged. The final cursor is
 * committed only when the whole read completed (not when stopped).
 */
import { ERROR_CODES, type ErrorCode } from '../core/error-codes.js';
import type { RecordLink } from '../core/store-port.js';
import { formatQadCursor, type QadCursor, type QadReadPlan } from './cursor.js';
import { commitOutcomes, type FlowContext, type RecordOutcome } from './flow.js';
import { contentHash } from './hash.js';
import { applyMapping } from './mapping.js';
import type { HubSpotSink, SourcePage, WriteItem } from './sink.js';
import { writeItems } from './write-step.js';

/** How a pipeline run ended. */
export type PipelineEnd = 'completed' | 'stopped';

/** Hash of what would be written: properties plus context (e.g. the associated company). */
export function itemHash(
  op: WriteItem['op'],
  properties: Record<string, string>,
  context: Record<string, string | null>,
): string {
  return contentHash(op === 'archive' ? { archived: true } : { properties, context });
}

/**
 * Pages whose HubSpot writes may be in flight at once. Pages are prepared (ledger lookup, map,
 * hash, screen) one after another on the event loop; their writes overlap so the limiter, not
 * the round trips, sets the pace; outcomes are committed strictly in page order, so a checkpoint
 * never passes a page that HubSpot has not acknowledged.
 */
export const PAGES_IN_FLIGHT = 4;

/** A page whose writes were started and whose outcomes are not committed yet. */
interface PageInFlight {
  keys: ReadonlySet<string>;
  outcomes: Promise<RecordOutcome[]>;
}

/**
 * Runs pages through a sink. `readPlan` (QAD sources) supplies the checkpoint committed with each
 * page and the final cursor; without it no cursor is written. The next source page is read while
 * the current one is processed. A page that shares a key with a page still in flight waits for
 * that page's commit, so writes of one record keep their order and see its latest link.
 * An infrastructure error stops the run: pages before the failing one are committed, the
 * failing page and those after it are not (their writes are idempotent upserts and are re-sent).
 */
export async function runHubSpotPipeline<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
  pages: AsyncIterable<SourcePage<T>>,
  readPlan?: QadReadPlan,
): Promise<PipelineEnd> {
  const inFlight: PageInFlight[] = [];
  const commitOldest = async (): Promise<void> => {
    const page = inFlight.shift() as PageInFlight;
    const outcomes = await page.outcomes;
    const lastKey = outcomes.at(-1)?.sourceKey ?? null;
    const checkpoint: QadCursor | undefined = readPlan ? { ...readPlan.checkpoint, key: lastKey } : undefined;
    await commitOutcomes(ctx, outcomes, checkpoint ? formatQadCursor(checkpoint) : undefined);
  };
  try {
    for await (const page of readAhead(pages)) {
      const keys = new Set(page.records.map((r) => sink.key(r)));
      while (
        inFlight.length > 0 &&
        (inFlight.length >= PAGES_IN_FLIGHT || inFlight.some((f) => sharesKey(f.keys, keys)))
      )
        await commitOldest();
      if (ctx.signal.aborted) break;
      const prepared = await preparePage(ctx, sink, page);
      const outcomes = writeItems(ctx, sink, prepared.items).then((written) => [
        ...prepared.outcomes,
        ...written,
      ]);
      outcomes.catch(() => undefined); // awaited in order by commitOldest; no unhandled rejection meanwhile
      inFlight.push({ keys, outcomes });
    }
    while (inFlight.length > 0) await commitOldest();
  } catch (error) {
    await Promise.allSettled(inFlight.map((f) => f.outcomes));
    throw error;
  }
  if (ctx.signal.aborted) return 'stopped';
  if (readPlan) await commitOutcomes(ctx, [], formatQadCursor(readPlan.final));
  return 'completed';
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

/** Maps, screens and writes one page; returns one outcome per record read. */
export async function processPage<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
  page: SourcePage<T>,
): Promise<RecordOutcome[]> {
  const prepared = await preparePage(ctx, sink, page);
  return [...prepared.outcomes, ...(await writeItems(ctx, sink, prepared.items))];
}

/**
 * Quarantines invalid rows, maps and hashes the rest against their links and screens the batch:
 * every record read gets an outcome here or an item to write.
 */
export async function preparePage<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
  page: SourcePage<T>,
): Promise<PreparedPage> {
  ctx.counts.read += page.records.length + page.invalid.length;
  const outcomes: RecordOutcome[] = [];
  for (const bad of page.invalid) {
    outcomes.push(quarantine(ctx, bad.key, bad.field ? `${bad.field}: ${bad.reason}` : bad.reason));
  }
  // duplicate keys inside one page: the last row wins (DESIGN.md §3)
  const byKey = new Map<string, T>();
  for (const record of page.records) byKey.set(sink.key(record), record);
  const records = [...byKey.values()];
  if (records.length === 0) return { outcomes, items: [] };
  await sink.preparePage?.(ctx, records);
  const links = await ctx.store.getLinks(ctx.connection.name, ctx.flowId, [...byKey.keys()]);

  let items: WriteItem[] = [];
  for (const record of records) {
    const key = sink.key(record);
    const link = links.get(key);
    const decision = sink.decide ? sink.decide(record, link) : 'upsert';
    if (typeof decision === 'object') {
      outcomes.push(skip(ctx, key, decision.skip));
      continue;
    }
    const mapped = applyMapping(sink.view(record), sink.mapping, sink.shapes);
    if (mapped.status === 'invalid') {
      outcomes.push(quarantine(ctx, key, mapped.reason, mapped.field));
      continue;
    }
    const context = sink.context ? sink.context(record) : {};
    const properties = decision === 'archive' ? {} : mapped.properties;
    const hash = itemHash(decision, properties, context);
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
    items.push({ key, op: decision, properties, context, hash, link, notes: mapped.notes });
  }
  if (sink.screen) {
    const screened = sink.screen(ctx, items);
    items = screened.keep;
    outcomes.push(...screened.outcomes);
  }
  return { outcomes, items };
}

/**
 * Unchanged = the target acknowledged exactly this payload last time and the link is healthy, or
 * the target rejected exactly this payload as bad data last time (a `data`-kind error such as a
 * duplicate email): sending it again would fail the same way and spend a call, so the record keeps
 * its failed state and error until its QAD data changes or an operator replays it.
 */
export function isUnchanged(link: RecordLink | undefined, hash: string): boolean {
  if (link === undefined) return false;
  if (link.state === 'ok') return link.targetId !== null && link.contentHash === hash;
  return link.state === 'failed' && rejectedAsData(link) && snapshotHash(link.snapshot) === hash;
}

function rejectedAsData(link: RecordLink): boolean {
  const code = link.lastError?.code;
  return code !== undefined && code in ERROR_CODES && ERROR_CODES[code as ErrorCode].kind === 'data';
}

/** Hash of the payload a snapshot (written by the write step) describes; null when it has none. */
export function snapshotHash(snapshot: Record<string, unknown> | null): string | null {
  const properties = snapshot?.['properties'];
  if (typeof properties !== 'object' || properties === null) return null;
  const op = snapshot?.['op'] === 'archive' ? 'archive' : 'upsert';
  const context = (snapshot?.['context'] ?? {}) as Record<string, string | null>;
  return itemHash(op, properties as Record<string, string>, context);
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
