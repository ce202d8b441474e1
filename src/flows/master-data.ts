/**
 * What the three master-data flows share: resolving and checking the mapping at run start, and
 * running a QAD source through a HubSpot sink with the day cursor.
 */
import { guardMassChange, type MassChangeGuard, type MassChangePolicy } from '../engine/mass-change.js';
import { checkMapping } from '../engine/mapping-check.js';
import type { MatchSubject } from '../engine/match.js';
import { resolveMapping, type MappingTable, type ResolvedMapping } from '../engine/mapping.js';
import { runPipeline, type PipelineEnd } from '../engine/pipeline.js';
import type { PropertyShape } from '../engine/sanitize.js';
import type { RecordSink, SourcePage, WriteItem } from '../engine/sink.js';
import type { SyncContext } from './connection.js';
import { QAD_PROPERTIES, type QadObjectType } from './properties.js';
import { parseQadCursor, planQadRead, qadCheckpoints } from './qad-cursor.js';
import type { QadReadOptions } from './qad-source.js';

/** A master-data sink of this product (written to the connection's HubSpot). */
export type HubSpotSink<T> = RecordSink<T, SyncContext>;

/**
 * Resolves the connection's mapping over the default table and checks it against HubSpot's
 * properties (fails the run before any write on a mismatch). In dry-run the connector's own
 * properties count as present (the bootstrap would create them).
 */
export async function prepareMapping(
  ctx: SyncContext,
  table: MappingTable,
  objectType: QadObjectType,
  idProperty: string,
): Promise<{ mapping: ResolvedMapping; shapes: Map<string, PropertyShape> }> {
  const mapping = resolveMapping(table, ctx.connection.flows[ctx.flowId].mapping, {
    flow: ctx.flowId,
    connection: ctx.connection.name,
    locked: [idProperty],
  });
  const defs = await ctx.hubspot.getProperties(objectType);
  const shapes = checkMapping(
    objectType,
    mapping,
    idProperty,
    defs,
    ctx.dryRun ? QAD_PROPERTIES[objectType] : [],
  );
  return { mapping, shapes };
}

/** The flow's mass-change policy: its own `massChange` fields over the connection's. */
export function massChangePolicy(ctx: SyncContext): MassChangePolicy {
  const flow = ctx.connection.flows[ctx.flowId];
  const own = 'massChange' in flow ? flow.massChange : undefined;
  const base = ctx.connection.massChange;
  return { maxShare: own?.maxShare ?? base.maxShare, minRecords: own?.minRecords ?? base.minRecords };
}

/** An update that turns `property` to `inactive` where the last payload sent did not (e.g. `qad_status`). */
export function inactivatesBy(property: string): (item: WriteItem) => boolean {
  return (item) => {
    if (item.properties[property] !== 'inactive') return false;
    const sent = item.link?.snapshot?.['properties'];
    const before =
      typeof sent === 'object' && sent !== null ? (sent as Record<string, unknown>)[property] : undefined;
    return before !== 'inactive';
  };
}

/**
 * Reads the flow's cursor, plans the read window and runs the pipeline — after the mass-change
 * guard counted what the run would change (engine/mass-change.ts), which may hold it.
 */
export async function runQadFlow<T>(
  ctx: SyncContext,
  sink: HubSpotSink<T>,
  read: (opts: QadReadOptions) => AsyncIterable<SourcePage<T>>,
  guard: Omit<MassChangeGuard, 'policy'> = {},
): Promise<PipelineEnd> {
  const stored = parseQadCursor(await ctx.store.getCursor(ctx.connection.name, ctx.flowId));
  const plan = planQadRead(stored, ctx.clock.nowMs(), { full: ctx.full });
  ctx.logger.info(
    {
      event: 'flow.read.planned',
      flow: ctx.flowId,
      sinceDay: plan.sinceDay,
      backfill: plan.sinceDay === null,
    },
    plan.sinceDay === null
      ? `${ctx.flowId}: full read`
      : `${ctx.flowId}: reading changes since ${plan.sinceDay}`,
  );
  const readPages = (): AsyncIterable<SourcePage<T>> =>
    read({ sinceDay: plan.sinceDay, normalise: { domain: ctx.connection.qad.domain } });
  const matching = withContentionPass(sink, readPages);
  const pages = await guardMassChange(ctx, matching, readPages, { ...guard, policy: massChangePolicy(ctx) });
  return runPipeline(ctx, matching, pages, qadCheckpoints(plan));
}

/**
 * The sink whose matcher first reads every record of the same window for their match values
 * (engine/match.ts: a target record two source records could claim is adopted by neither). The
 * extra read happens only when the matcher is used: a run whose records all have links never
 * reads the portal's records nor the source twice.
 */
function withContentionPass<T>(
  sink: HubSpotSink<T>,
  readPages: () => AsyncIterable<SourcePage<T>>,
): HubSpotSink<T> {
  const matcher = sink.matcher;
  if (matcher === undefined || sink.matchValues === undefined) return sink;
  async function* subjects(): AsyncIterable<MatchSubject[]> {
    for await (const page of readPages())
      yield page.records.map((record) => ({
        key: sink.key(record),
        values: sink.matchValues?.(record) ?? {},
      }));
  }
  return { ...sink, matcher: matcher.withSubjects(subjects) };
}
