/**
 * Write rules of orders: `hs_pipeline`/`hs_pipeline_stage` must name an order pipeline and one of
 * its stages (as deal stages are checked), and a new order lands in the default order pipeline's
 * first stage with exchange rate 1.0 when the client sets neither (ASSUMED, see order-object.ts).
 */
import { ORDER_PIPELINE } from './order-object.js';
import type { PortalState } from './state.js';
import type { StoredRecord } from './store.js';

/** One refused property value. */
interface Refusal {
  name: string;
  error: string;
  message: string;
}

const option = (name: string, value: string, allowed: readonly string[]): Refusal => ({
  name,
  error: 'INVALID_OPTION',
  message: `${value} was not one of the allowed options: [${allowed.join(', ')}]`,
});

/** Refusals for an order write (`c` = validated changes). */
export function checkOrder(
  state: PortalState,
  c: Readonly<Record<string, string>>,
  existing: StoredRecord | undefined,
): Refusal[] {
  const pipelineId = c['hs_pipeline'] || existing?.props['hs_pipeline'] || ORDER_PIPELINE.id;
  const pipeline = state.pipelines.get(pipelineId, 'orders');
  if (!pipeline)
    return [
      option(
        'hs_pipeline',
        pipelineId,
        state.pipelines.list('orders').map((p) => p.id),
      ),
    ];
  const stageId =
    c['hs_pipeline_stage'] ?? (c['hs_pipeline'] ? existing?.props['hs_pipeline_stage'] : undefined);
  if (stageId && !pipeline.stages.some((s) => s.id === stageId))
    return [
      option(
        'hs_pipeline_stage',
        stageId,
        pipeline.stages.map((s) => s.id),
      ),
    ];
  return [];
}

/** Fills the computed order properties (`props` is the record being written). */
export function deriveOrder(state: PortalState, props: Record<string, string>, created: boolean): void {
  if (!created) return;
  const pipelineId = props['hs_pipeline'] || ORDER_PIPELINE.id;
  props['hs_pipeline'] = pipelineId;
  const first = state.pipelines.get(pipelineId, 'orders')?.stages[0];
  if (!props['hs_pipeline_stage'] && first) props['hs_pipeline_stage'] = first.id;
  props['hs_exchange_rate'] = '1.0';
}
