/**
 * Typed records the QAD connector hands to the engine. Browse rows are normalised into these at
 * the connector edge (see normalise/); flows map from these, never from raw rows.
 */

/** A role a business relation plays in QAD. */
export type QadAccountRole = 'customer' | 'supplier';

/**
 * One real account: a business relation backing a customer, a supplier, or both (docs/architecture.md: "One company per business relation").
 * `key` is namespaced (`<domain>/<businessRelationCode>`) so several domains never collide.
 */
export interface QadAccount {
  key: string;
  businessRelationCode: string;
  customerCode?: string;
  supplierCode?: string;
  /** Sorted, unique. */
  roles: QadAccountRole[];
  name: string;
  street1?: string;
  street2?: string;
  street3?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** ISO country code as QAD stores it (e.g. `US`). */
  country?: string;
  phone?: string;
  /** The relation's e-mail address (its domain is a company match key). */
  email?: string;
  /** The relation's web site as QAD stores it (its host is the company domain). */
  webSite?: string;
  /** The account's default currency (customer's when both roles exist). */
  currency: string;
  /** Currencies the customer accepts for orders; at least `currency`. */
  acceptedCurrencies: string[];
  active: boolean;
  domain: string;
  /** Last change, ISO date `YYYY-MM-DD` (QAD stamps are day-granular). Latest of merged rows. */
  modifiedDate: string;
}

/** A contact person of an account; `key` = `<accountKey>/<contact id>`. */
export interface QadContact {
  key: string;
  accountKey: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  jobTitle?: string;
  /** ISO date `YYYY-MM-DD`. */
  modifiedDate: string;
}

/** A catalog item; `key` = `<domain>/<itemCode>`. */
export interface QadItem {
  key: string;
  itemCode: string;
  description: string;
  productLine?: string;
  uom: string;
  /** List price in `currency`, major units. */
  listPrice: number;
  currency: string;
  active: boolean;
  domain: string;
  /** ISO date `YYYY-MM-DD`. */
  modifiedDate: string;
}

/** One sales order line as read back from QAD. */
export interface QadSalesOrderLine {
  line: number;
  itemCode: string;
  quantity: number;
  /** Net unit price, major units. */
  price: number;
  uom?: string;
}

/** A sales order header as found by a browse (no lines). */
export interface QadSalesOrderSummary {
  orderNumber: string;
  customerCode: string;
  po: string;
  currency?: string;
}

/** Outcome of normalising one browse row: typed data, or an invalid result naming the field. */
export type NormaliseResult<T> =
  | { status: 'ok'; record: T }
  | { status: 'invalid'; field: string; column?: string; reason: string; rowKey?: string };

/** A sales order to create (docs/orders.md). `po` carries the deal reference (so_po). */
export interface QadSalesOrderInput {
  /** Deterministic, ≤ 8 chars, derived from the deal id. */
  orderNumber: string;
  customerCode: string;
  po: string;
  currency: string;
  /** ISO date `YYYY-MM-DD`. */
  orderDate: string;
  site?: string;
  /** Line numbers are the 1-based positions in this array. */
  lines: { itemCode: string; quantity: number; price?: number; uom?: string }[];
}

/** A sales order as read back from QAD after create (or found existing). */
export interface QadSalesOrderResult {
  orderNumber: string;
  lines: QadSalesOrderLine[];
  /** Σ quantity × price, rounded to cents. */
  total: number;
  currency: string;
  /** True when the order existed before this call (PO lookup or code 2041). */
  alreadyExisted: boolean;
}

/** The life statuses of a sales order as the connector names them (derived by QAD's browse). */
export const QAD_ORDER_LIFE_STATUSES = [
  'open',
  'on_credit_hold',
  'partially_shipped',
  'shipped',
  'invoiced',
  'closed',
  'cancelled',
] as const;

/** The life status of a sales order as the connector names it (derived by QAD's browse). */
export type QadOrderLifeStatus = (typeof QAD_ORDER_LIFE_STATUSES)[number];

/** A sales order of the `qad-orders` flow: header, ship-to and life as the browse shows them. */
export interface QadOrder {
  /** `<domain>/<order number>`. */
  key: string;
  orderNumber: string;
  domain: string;
  customerCode: string;
  po: string;
  currency: string;
  /** `YYYY-MM-DD` or null. */
  orderDate: string | null;
  requestedDate: string | null;
  shipDate: string | null;
  invoiceDate: string | null;
  actionStatus: string;
  lifeStatus: QadOrderLifeStatus;
  source: string;
  /** QAD contact id named on the order, or null. */
  contactId: string | null;
  total: number;
  invoicedAmount: number;
  /** Invoice numbers, comma-separated as QAD lists them ('' when none). */
  invoiceNumbers: string;
  shipTo: {
    code: string;
    name: string;
    street: string;
    city: string;
    state: string;
    zip: string;
    country: string;
  };
  modifiedDate: string;
}

/** One sales-order line of the `qad-orders` flow. */
export interface QadOrderLine {
  /** `<domain>/<order number>#<line>`. */
  key: string;
  /** The order's key `<domain>/<order number>`. */
  orderKey: string;
  orderNumber: string;
  line: number;
  itemCode: string;
  description: string;
  uom: string;
  quantityOrdered: number;
  quantityShipped: number;
  quantityInvoiced: number;
  netPrice: number;
  amount: number;
  lineStatus: string;
  modifiedDate: string;
}
