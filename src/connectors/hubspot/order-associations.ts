/**
 * HUBSPOT_DEFINED association type ids of the commerce Orders object (0-123), the one copy in
 * the connector. ASSUMED: HubSpot's association-type table as reproduced by several public
 * integrations (order→contact 507, order→company 509, order→deal 512, order→line item 513, line
 * item→order 514); the Orders guide lists them per object, but its table could not be read.
 * Check on a real portal with `GET /crm/v4/associations/order/{toObjectType}/labels`
 * (sandbox/hubspot/README.md, "Orders").
 */
export const ORDER_TO_CONTACT = 507;
export const ORDER_TO_COMPANY = 509;
export const ORDER_TO_DEAL = 512;
export const LINE_ITEM_TO_ORDER = 514;
