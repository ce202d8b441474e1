/**
 * `replay` for orders: a recorded orders run in which the given deals (default: every failed
 * orders link) are tried again even when unchanged — rejected deals are resubmitted, invalid ones
 * re-validated. The exactly-once guards are the same as in a sync: nothing can duplicate an order.
 */
import { runFlow, type FlowRunResult } from '../../engine/runner.js';
import type { EngineRuntime } from '../../engine/runtime-port.js';
import type { FlowDefinition } from '../../engine/flow.js';
import { runOrders, type OrdersFlowOptions } from './orders.flow.js';

export interface ReplayOrdersOptions extends OrdersFlowOptions {
  /** Deal ids to replay; default every orders link that is not ok. */
  keys?: readonly string[];
  signal?: AbortSignal;
}

/** Replays failed orders as one recorded run; null when there is nothing to replay. */
export async function replayOrders(
  rt: EngineRuntime,
  opts: ReplayOrdersOptions = {},
): Promise<FlowRunResult | null> {
  const keys =
    opts.keys ??
    (
      await rt.store.listLinks({
        connection: rt.connection.name,
        flow: 'orders',
        states: ['failed'],
        limit: 100_000,
      })
    ).map((l) => l.sourceKey);
  if (keys.length === 0) return null;
  const { keys: _keys, signal, ...flowOptions } = opts;
  const definition: FlowDefinition = {
    id: 'orders',
    dependsOn: [],
    run: (ctx) => runOrders(ctx, { ...flowOptions, replayDealIds: keys }),
  };
  return runFlow(rt, definition, {
    registry: new Map([['orders', definition]]),
    holder: `replay-${rt.connection.name}-orders-${rt.clock.nowMs()}`,
    plan: null,
    ...(signal === undefined ? {} : { signal }),
  });
}
