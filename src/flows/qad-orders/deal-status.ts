/**
 * The order life on the deal an order came from: `qad_order_status`, `qad_shipped_date`,
 * `qad_invoice_numbers`, `qad_invoiced_amount`. Carried in the order's hash context as one
 * JSON text, so a deal is written only when its part of the order changed.
 */
import type { QadOrder } from '../../connectors/qad/index.js';
import {
  DEAL_INVOICE_NUMBERS,
  DEAL_INVOICED_AMOUNT,
  DEAL_ORDER_STATUS,
  DEAL_SHIPPED_DATE,
} from './hubspot-properties.js';

/** HubSpot date properties take epoch ms at UTC midnight. */
function dateValue(day: string | null): string {
  return day === null ? '' : String(Date.parse(`${day}T00:00:00.000Z`));
}

/** The deal properties for `order` (stable key order, so equal facts give equal text). */
export function dealStatusProperties(order: QadOrder): Record<string, string> {
  return {
    [DEAL_ORDER_STATUS]: order.lifeStatus,
    [DEAL_SHIPPED_DATE]: dateValue(order.shipDate),
    [DEAL_INVOICE_NUMBERS]: order.invoiceNumbers,
    [DEAL_INVOICED_AMOUNT]: String(order.invoicedAmount),
  };
}
