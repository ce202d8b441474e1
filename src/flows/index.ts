/**
 * The flow registry: every flow the engine can run, by id. The CLI, scheduler and dashboard
 * replay use `defaultFlowRegistry()`.
 */
import type { FlowId } from '../core/store-port.js';
import { accountsFlow } from './accounts/flow.js';
import { catalogFlow } from './catalog/flow.js';
import type { SyncFlow, SyncRegistry } from './connection.js';
import { contactsFlow } from './contacts/flow.js';
import { ordersFlow } from './orders/index.js';
import { qadOrdersFlow } from './qad-orders/index.js';

export { accountsFlow } from './accounts/flow.js';
export { catalogFlow } from './catalog/flow.js';
export { contactsFlow } from './contacts/flow.js';

/** All flows: accounts, contacts, catalog, orders, qad-orders. */
export function defaultFlowRegistry(): SyncRegistry {
  const flows: SyncFlow[] = [accountsFlow, contactsFlow, catalogFlow, ordersFlow, qadOrdersFlow];
  return new Map<FlowId, SyncFlow>(flows.map((f) => [f.id, f]));
}
