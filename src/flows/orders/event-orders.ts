/**
 * An orders run for change events: the deals named by unhandled inbox events, read by id (no
 * search, so no index lag), turned into orders with the same guards as every orders run; the
 * cursor does not move. Recorded as an orders run under the orders lease.
 */
import { runFlow, type FlowRunResult } from '../../engine/runner.js';
import type { SyncFlow, SyncRuntime } from '../connection.js';
import { runOrders } from './orders.flow.js';

/** Runs the evented deals of one connection now; `skipped` when another orders run holds the lease. */
export function runEventOrders(rt: SyncRuntime, signal?: AbortSignal): Promise<FlowRunResult> {
  const definition: SyncFlow = {
    id: 'orders',
    dependsOn: [],
    run: (ctx) => runOrders(ctx, { eventsOnly: true }),
  };
  return runFlow(rt, definition, {
    registry: new Map([['orders', definition]]),
    holder: `events-${rt.connection.name}-orders-${rt.clock.nowMs()}`,
    plan: null,
    ...(signal === undefined ? {} : { signal }),
  });
}
