/**
 * Where an order stands in HubSpot's order pipeline, from its QAD life status. The stage ids of a
 * portal's order pipeline are not published (sandbox/hubspot/vendor-facts.md: "Order pipelines"),
 * so nothing here names an id: the pipeline and its stages are read once per run from the
 * Pipelines API and the QAD statuses are matched to stages by LABEL (DEFAULT_STAGE_LABELS), or by
 * the id or label a connection configures (`flows.qad-orders.pipeline`, `flows.qad-orders.stages`).
 * A configured name the portal lacks — or a default label it lacks — fails the run before any
 * write, naming the config field (ConfigError, exit 2): never one failure per order.
 */
import { ConfigError } from '../../core/errors.js';
import type { HubSpotPipeline, PipelineStage } from '../../connectors/hubspot/index.js';
import type { QadOrderLifeStatus } from '../../connectors/qad/index.js';
import type { PropertyShape } from '../../engine/sanitize.js';
import type { SyncContext } from '../connection.js';

/**
 * The default stage label per QAD life status (docs/qad-orders.md, "The order's pipeline stage"):
 * what a sales rep reads on the board. A hold has not started fulfilment (Open); a partial shipment
 * is under way (Processed), not yet Shipped; invoiced and closed orders are done (Delivered: QAD
 * knows shipment and billing, not the carrier's delivery).
 */
export const DEFAULT_STAGE_LABELS: Readonly<Record<QadOrderLifeStatus, string>> = {
  open: 'Open',
  on_credit_hold: 'Open',
  partially_shipped: 'Processed',
  shipped: 'Shipped',
  invoiced: 'Delivered',
  closed: 'Delivered',
  cancelled: 'Cancelled',
};

/** What a connection configures (flows.qad-orders): a pipeline and stages by id or label. */
export interface StageConfig {
  pipeline?: string | undefined;
  stages?: Partial<Record<QadOrderLifeStatus, string | undefined>> | undefined;
}

/** The resolved pipeline of a run and the stage id of every QAD life status. */
export interface OrderStages {
  pipelineId: string;
  pipelineLabel: string;
  stageOf: ReadonlyMap<QadOrderLifeStatus, string>;
}

const sameLabel = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** By id first (ids are exact), then by label (case-insensitive); archived entries do not count. */
function byIdOrLabel<T extends { id: string; label: string; archived: boolean }>(
  list: readonly T[],
  name: string,
): T | undefined {
  const live = list.filter((x) => !x.archived);
  return live.find((x) => x.id === name.trim()) ?? live.find((x) => sameLabel(x.label, name));
}

const listed = (list: readonly { id: string; label: string; archived: boolean }[]): string =>
  list
    .filter((x) => !x.archived)
    .map((x) => `${JSON.stringify(x.label)} (${x.id})`)
    .join(', ');

/**
 * Resolves the run's pipeline and stages. `connection` names the connection in the error. Throws
 * ConfigError CONFIG_INVALID naming every field that names nothing in the portal.
 */
export function resolveOrderStages(
  pipelines: readonly HubSpotPipeline[],
  config: StageConfig,
  connection: string,
): OrderStages {
  const field = (name: string): string => `connections[${connection}].flows.qad-orders.${name}`;
  const live = pipelines.filter((p) => !p.archived);
  const pipeline = config.pipeline === undefined ? live[0] : byIdOrLabel(pipelines, config.pipeline);
  if (pipeline === undefined) {
    const message =
      config.pipeline === undefined
        ? `${field('pipeline')}: the HubSpot portal has no order pipeline to put orders in`
        : `${field('pipeline')}: ${JSON.stringify(config.pipeline)} is neither the id nor the label of an order pipeline (the portal has: ${listed(pipelines) || 'none'})`;
    throw new ConfigError('CONFIG_INVALID', message, { details: { field: field('pipeline') } });
  }
  const problems: string[] = [];
  const stageOf = new Map<QadOrderLifeStatus, string>();
  for (const [status, defaultLabel] of Object.entries(DEFAULT_STAGE_LABELS) as [
    QadOrderLifeStatus,
    string,
  ][]) {
    const configured = config.stages?.[status];
    const stage: PipelineStage | undefined = byIdOrLabel(pipeline.stages, configured ?? defaultLabel);
    if (stage !== undefined) {
      stageOf.set(status, stage.id);
      continue;
    }
    problems.push(
      configured === undefined
        ? `${field(`stages.${status}`)}: the pipeline ${JSON.stringify(pipeline.label)} has no stage labelled ${JSON.stringify(defaultLabel)} (the default); set it to a stage id or label of: ${listed(pipeline.stages)}`
        : `${field(`stages.${status}`)}: ${JSON.stringify(configured)} is neither the id nor the label of a stage of the pipeline ${JSON.stringify(pipeline.label)} (its stages: ${listed(pipeline.stages)})`,
    );
  }
  if (problems.length > 0)
    throw new ConfigError('CONFIG_INVALID', `order pipeline stages:\n  ${problems.join('\n  ')}`, {
      details: { problems },
    });
  return { pipelineId: pipeline.id, pipelineLabel: pipeline.label, stageOf };
}

/**
 * The run's order pipeline and stages (one Pipelines API read), unless the mapping sends neither
 * `hs_pipeline` nor `hs_pipeline_stage`. The two properties' values are checked against the
 * pipelines just read, not against their property definitions (whose options HubSpot fills from
 * the pipelines).
 */
export async function resolveStages(
  ctx: SyncContext,
  mapping: ReadonlyMap<string, unknown>,
  shapes: Map<string, PropertyShape>,
): Promise<{ stages: OrderStages | null; shapes: Map<string, PropertyShape> }> {
  if (!mapping.has('hs_pipeline') && !mapping.has('hs_pipeline_stage')) return { stages: null, shapes };
  const pipelines = await ctx.hubspot.listPipelines('orders');
  const stages = resolveOrderStages(pipelines, ctx.connection.flows['qad-orders'], ctx.connection.name);
  ctx.logger.info(
    {
      event: 'qad_orders.stages.resolved',
      flow: ctx.flowId,
      pipeline: stages.pipelineId,
      stages: Object.fromEntries(stages.stageOf),
    },
    `${ctx.flowId}: orders go to the pipeline ${JSON.stringify(stages.pipelineLabel)}`,
  );
  const own = new Map(shapes);
  const pipeline = pipelines.find((p) => p.id === stages.pipelineId);
  own.set('hs_pipeline', { type: 'enumeration', options: [stages.pipelineId] });
  own.set('hs_pipeline_stage', {
    type: 'enumeration',
    options: (pipeline?.stages ?? []).map((s) => s.id),
  });
  return { stages, shapes: own };
}

/**
 * What the run's stages are, as text: a change (a config edit, a stage renamed in HubSpot that a
 * label names, the upgrade to stages) re-reads every order once, since QAD does not restamp them.
 */
export function stagesKey(stages: OrderStages | null): string {
  return stages === null
    ? 'none'
    : JSON.stringify([stages.pipelineId, [...stages.stageOf].sort(([a], [b]) => a.localeCompare(b))]);
}
