/** The `qad-orders` flow: QAD sales orders → HubSpot orders, their life on the deal. */
export { qadOrdersFlow } from './flow.js';
export { LINE_MAPPING, ORDER_MAPPING } from './default-mapping.js';
