/**
 * `replay` for orders: a recorded orders run in which the given deals (default: every failed
 * orders link) are tried again even when unchanged — rejected deals are resubmitted, invalid ones
 * re-validated. The exactly-once guards are the same as in a sync: nothing can duplicate an order.
 */
import { runFlow, type FlowRunResult } from '../../engine/runner.js';
import type { SyncFlow, SyncRuntime } from '../connection.js';
import { runOrders } from './orders.flow.js';

/** What `replayOrders` replays, and its stop request. */
export interface ReplayOrdersOptions {
  /** Deal ids to replay; default every orders link that is not ok. */
  keys?: readonly string[];
  signal?: AbortSignal;
}

/** Replays failed orders as one recorded run; null when there is nothing to replay. */
export async function replayOrders(
  rt: SyncRuntime,
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
  const definition: SyncFlow = {
    id: 'orders',
    dependsOn: [],
    run: (ctx) => runOrders(ctx, { replayDealIds: keys }),
  };
  return runFlow(rt, definition, {
    registry: new Map([['orders', definition]]),
    holder: `replay-${rt.connection.name}-orders-${rt.clock.nowMs()}`,
    plan: null,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  });
}
