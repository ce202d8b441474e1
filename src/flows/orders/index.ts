/** The orders flow (closed-won deals → QAD sales orders, exactly once): public surface. */
export { ordersFlow, runOrders, type OrdersRunOptions } from './orders.flow.js';
export { deriveOrderNumber, orderPoReference, DEFAULT_ORDER_NUMBER_MAX_LENGTH } from './order-number.js';
export { validateDeal, type DealFacts, type OrderDraft, type ValidationResult } from './validate.js';
export { nextOrderAction, canTransition, ORDER_TRANSITIONS, type OrderAction } from './order-state.js';
export { QAD_ORDER_NUMBER, QAD_SYNC_ERROR, QAD_SYNC_STATUS } from './deal-properties.js';
export { qxtendChannel, restChannel, type OrderChannel, type OrderRequest } from './submit-order.js';
export type { CustomerCurrencyLookup } from './deal-facts.js';
export { replayOrders, type ReplayOrdersOptions } from './replay-orders.js';
export { runEventOrders } from './event-orders.js';
