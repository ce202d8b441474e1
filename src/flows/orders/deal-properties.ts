/**
 * The HubSpot deal properties the orders flow reads and writes: what it reads to build an order,
 * and the `qad_*` properties it writes back so a sales rep sees the QAD order number or the
 * reason the order could not be made. The runtime's property bootstrap (flows/properties.ts)
 * creates the `qad_*` deal properties before the flow first runs.
 */

/** Written back on the deal: the QAD order number once confirmed. */
export const QAD_ORDER_NUMBER = 'qad_order_number';
/** Written back on the deal: `synced` | `error`. */
export const QAD_SYNC_STATUS = 'qad_sync_status';
/** Written back on the deal: why the order failed (≤ 1000 chars); '' once synced. */
export const QAD_SYNC_ERROR = 'qad_sync_error';

/** Deal currency (sandbox/hubspot/vendor-facts.md: "Records and default properties"; the name is UNCONFIRMED there). */
export const DEAL_CURRENCY = 'deal_currency_code';

/** Deal properties read for every candidate deal. */
export const DEAL_READ_PROPERTIES = [
  'dealname',
  'amount',
  'closedate',
  'dealstage',
  'pipeline',
  DEAL_CURRENCY,
  'hs_lastmodifieddate',
  QAD_ORDER_NUMBER,
  QAD_SYNC_STATUS,
  QAD_SYNC_ERROR,
];

/** Line item properties read (sandbox/hubspot/vendor-facts.md: "Records and default properties"). */
export const LINE_ITEM_READ_PROPERTIES = [
  'name',
  'hs_product_id',
  'quantity',
  'price',
  'amount',
  'hs_line_item_currency_code',
];

/**
 * Product properties read only to report them against the catalog link: anyone in HubSpot can
 * edit them, so they never pick the QAD item.
 */
export const PRODUCT_READ_PROPERTIES = ['name', 'hs_sku', 'qad_item_key'];

/**
 * Company properties read only to report them against the accounts link: anyone in HubSpot can
 * edit them, so they never pick the QAD customer.
 */
export const COMPANY_READ_PROPERTIES = ['name', 'qad_account_key', 'qad_customer_code'];
