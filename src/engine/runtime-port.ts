/**
 * What the engine needs from a connection's runtime (built by src/app/runtime.ts): the clients,
 * the store and the side-effect ports. Tests build one over the sandboxes.
 */
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Store } from '../core/store-port.js';
import type { EngineHubSpot, EngineQad } from './clients.js';
import type { EngineConnection } from './config-types.js';
import type { CallCounts, EngineLogger } from './flow.js';

export interface EngineRuntime {
  connection: EngineConnection;
  store: Store;
  hubspot: EngineHubSpot;
  qad: EngineQad;
  clock: Clock;
  events: EventBus;
  logger: EngineLogger;
  /** Calls made so far per system (monotonic); the runner reports per-run differences. */
  callCounts(): CallCounts;
  /**
   * How sales orders reach QAD when not through the REST client's `createSalesOrder` — e.g.
   * QXtend on on-premise sites (`qad.orders.channel: qxtend`). Composed by src/app/runtime.ts.
   */
  createSalesOrder?: EngineQad['createSalesOrder'];
}
