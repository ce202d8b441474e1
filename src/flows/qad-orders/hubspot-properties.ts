/**
 * The HubSpot properties the `qad-orders` flow owns: the unique keys of orders and line items,
 * the QAD facts HubSpot's order has no property for, and the order life it writes on the deal an
 * order came from. Created by the runtime's property bootstrap (flows/properties.ts).
 */
import type { PropertyDefinition } from '../../connectors/hubspot/index.js';
import type { QadOrderLifeStatus } from '../../connectors/qad/index.js';

export const ORDER_KEY_PROPERTY = 'qad_order_key';
export const LINE_KEY_PROPERTY = 'qad_order_line_key';

/** Deal properties of the order life. */
export const DEAL_ORDER_STATUS = 'qad_order_status';
export const DEAL_SHIPPED_DATE = 'qad_shipped_date';
export const DEAL_INVOICE_NUMBERS = 'qad_invoice_numbers';
export const DEAL_INVOICED_AMOUNT = 'qad_invoiced_amount';

/** The life statuses in the order a rep reads them, with their labels. */
export const ORDER_LIFE_LABELS: Record<QadOrderLifeStatus, string> = {
  open: 'Open',
  on_credit_hold: 'On credit hold',
  partially_shipped: 'Partially shipped',
  shipped: 'Shipped',
  invoiced: 'Invoiced',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const text = (name: string, label: string, unique = false): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName: 'qad',
  ...(unique ? { hasUniqueValue: true } : {}),
});
const date = (name: string, label: string): PropertyDefinition => ({
  name,
  label,
  type: 'date',
  fieldType: 'date',
  groupName: 'qad',
});
const number = (name: string, label: string): PropertyDefinition => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
  groupName: 'qad',
});
const lifeStatus = (name: string, label: string): PropertyDefinition => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'qad',
  options: Object.entries(ORDER_LIFE_LABELS).map(([value, l], i) => ({ label: l, value, displayOrder: i })),
});

/** On HubSpot orders (object 0-123). */
export const ORDER_PROPERTIES: PropertyDefinition[] = [
  text(ORDER_KEY_PROPERTY, 'QAD order key', true),
  lifeStatus('qad_order_status', 'QAD order status'),
  text('qad_customer_code', 'QAD customer code'),
  text('qad_customer_po', 'QAD customer PO'),
  date('qad_requested_date', 'QAD requested date'),
  date('qad_shipped_date', 'QAD shipped date'),
  date('qad_invoice_date', 'QAD invoice date'),
  text('qad_invoice_numbers', 'QAD invoice numbers'),
  number('qad_invoiced_amount', 'QAD invoiced amount'),
  text('qad_order_source', 'QAD order source'),
  text('qad_domain', 'QAD domain'),
];

/** On HubSpot line items of QAD orders. */
export const LINE_ITEM_PROPERTIES: PropertyDefinition[] = [
  text(LINE_KEY_PROPERTY, 'QAD order line key', true),
  text('qad_item_code', 'QAD item code'),
  number('qad_quantity_shipped', 'QAD quantity shipped'),
  number('qad_quantity_invoiced', 'QAD quantity invoiced'),
  text('qad_line_status', 'QAD line status'),
];

/** On the deal an order came from. */
export const DEAL_ORDER_LIFE_PROPERTIES: PropertyDefinition[] = [
  lifeStatus(DEAL_ORDER_STATUS, 'QAD order status'),
  date(DEAL_SHIPPED_DATE, 'QAD shipped date'),
  text(DEAL_INVOICE_NUMBERS, 'QAD invoice numbers'),
  number(DEAL_INVOICED_AMOUNT, 'QAD invoiced amount'),
];
