/**
 * A connection as the flows see it: its configuration, its HubSpot and QAD clients and the
 * channel its sales orders travel through, composed once per connection by app/runtime.ts. The
 * engine hands these parts to every flow without reading them (engine/ports.ts); the names below
 * bind the engine's generic types to them.
 */
import type { ConnectionConfig } from '../config/index.js';
import type { HubSpotClient } from '../connectors/hubspot/index.js';
import type { QadClient } from '../connectors/qad/index.js';
import type { FlowContext, FlowDefinition } from '../engine/flow.js';
import type { EngineRuntime } from '../engine/ports.js';
import type { FlowRegistry } from '../engine/runner.js';
import type { OrderChannel } from './orders/submit-order.js';

/** The parts of one connection every flow gets. */
export interface SyncConnection {
  connection: ConnectionConfig;
  hubspot: HubSpotClient;
  qad: QadClient;
  /** How sales orders reach QAD: the REST client's, or QXtend on on-premise sites. */
  orderChannel: OrderChannel;
}

/** The context of one flow run of this product. */
export type SyncContext = FlowContext<SyncConnection>;
/** A flow of this product. */
export type SyncFlow = FlowDefinition<SyncConnection>;
/** The flows of this product by id. */
export type SyncRegistry = FlowRegistry<SyncConnection>;
/** The runtime of one connection of this product. */
export type SyncRuntime = EngineRuntime<SyncConnection>;
