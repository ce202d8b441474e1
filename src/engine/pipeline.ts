/**
 * The master-data pipeline (DESIGN.md §2–§3): for each source page — quarantine invalid rows,
 * map, drop records whose content hash matches their link, write the rest, and commit outcomes
 * plus the page checkpoint in one transaction after HubSpot acknowledged. The final cursor is
 * committed only when the whole read completed (not when stopped).
 */
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
 * Runs pages through a sink. `readPlan` (QAD sources) supplies the checkpoint committed with each
 * page and the final cursor; without it no cursor is written.
 */
export async function runHubSpotPipeline<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
  pages: AsyncIterable<SourcePage<T>>,
  readPlan?: QadReadPlan,
): Promise<PipelineEnd> {
  for await (const page of pages) {
    const outcomes = await processPage(ctx, sink, page);
    const lastKey = outcomes.at(-1)?.sourceKey ?? null;
    const checkpoint: QadCursor | undefined = readPlan ? { ...readPlan.checkpoint, key: lastKey } : undefined;
    await commitOutcomes(ctx, outcomes, checkpoint ? formatQadCursor(checkpoint) : undefined);
    if (ctx.signal.aborted) return 'stopped';
  }
  if (readPlan) await commitOutcomes(ctx, [], formatQadCursor(readPlan.final));
  return 'completed';
}

/** Maps, screens and writes one page; returns one outcome per record read. */
export async function processPage<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
  page: SourcePage<T>,
): Promise<RecordOutcome[]> {
  ctx.counts.read += page.records.length + page.invalid.length;
  const outcomes: RecordOutcome[] = [];
  for (const bad of page.invalid) {
    outcomes.push(quarantine(ctx, bad.key, bad.field ? `${bad.field}: ${bad.reason}` : bad.reason));
  }
  // duplicate keys inside one page: the last row wins (DESIGN.md §3)
  const byKey = new Map<string, T>();
  for (const record of page.records) byKey.set(sink.key(record), record);
  const records = [...byKey.values()];
  if (records.length === 0) return outcomes;
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
  outcomes.push(...(await writeItems(ctx, sink, items)));
  return outcomes;
}

/** Unchanged = the target acknowledged exactly this payload last time and the link is healthy. */
export function isUnchanged(link: RecordLink | undefined, hash: string): boolean {
  return link !== undefined && link.state === 'ok' && link.targetId !== null && link.contentHash === hash;
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
