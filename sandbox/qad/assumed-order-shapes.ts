/**
 * The sales-order half of the sandbox's assumed shapes (the master-data half is assumed-shapes.ts):
 * so_mstr/sod_det/ih_hist browse columns, the REST order documents, action-status codes and the
 * derived life status. so_mstr, sod_det and ih_hist field names are QAD's table fields; which of
 * them a browse shows, the joined ship-to columns, the calculated columns and the document field
 * names are ASSUMPTIONS (see README.md, "Sales-order life").
 */
import type { BusinessRelationRecord, ContactRecord } from '../data/index.js';
import { stampFields } from './assumed-shapes.js';
import { dayOf } from './ordered-table.js';
import {
  orderTotal,
  shippedAmount,
  type InvoiceRecord,
  type SalesOrderLineRecord,
  type SalesOrderRecord,
} from './sales-order-model.js';

/** so_stat action-status codes: credit hold is QAD's usual `HD`; `CN` for cancelled is a site code (ASSUMED). */
export const ACTION_STATUS = { creditHold: 'HD', cancelled: 'CN' } as const;

/** sod_status of a closed line (ASSUMED). */
export const LINE_CLOSED = 'C';

/** Date columns of the order browses (compared by day). */
export const ORDER_DATE_COLUMNS: ReadonlySet<string> = new Set([
  'so_mstr.so_mod_date',
  'so_mstr.so_ord_date',
  'so_mstr.so_req_date',
  'so_mstr.so_due_date',
  'so_mstr.so_ship_date',
  'so_mstr.so_inv_date',
  'sod_det.sod_mod_date',
  'sod_det.sod_due_date',
  'ih_hist.ih_inv_date',
  'ih_hist.ih_mod_date',
]);

/** Everything an order's row and document show: the order plus what they join. */
export interface OrderView {
  order: SalesOrderRecord;
  /** The derived life status (open … cancelled). */
  lifeStatus: string;
  /** Business relation of the ship-to customer (its address is the ship-to address). */
  shipTo: BusinessRelationRecord | undefined;
  contact: ContactRecord | undefined;
  invoices: readonly InvoiceRecord[];
}

const cents = (value: number): number => Math.round(value * 100) / 100;

function invoicedAmount(view: OrderView): number {
  return cents(view.invoices.reduce((sum, i) => sum + i.amount, 0));
}

const readyToInvoice = (o: SalesOrderRecord): boolean =>
  o.lines.some((l) => l.quantityShipped > l.quantityInvoiced);

/**
 * A so803 row: so_mstr fields, calculated totals/status, and the joined ship-to address (ad_mstr).
 * Keys are written out (not built from a prefix) so rows are cheap to render by the ten thousand.
 */
export function salesOrderRow(view: OrderView): Record<string, unknown> {
  const o = view.order;
  const br = view.shipTo;
  return {
    'so_mstr.so_nbr': o.salesOrderNumber,
    'so_mstr.so_domain': o.domainCode,
    'so_mstr.so_cust': o.soldToCustomerCode,
    'so_mstr.so_bill': o.billToCustomerCode,
    'so_mstr.so_ship': o.shipToCustomerCode,
    'so_mstr.so_po': o.purchaseOrder,
    'so_mstr.so_ord_date': o.orderDate ?? '',
    'so_mstr.so_req_date': o.requestedDate ?? '',
    'so_mstr.so_due_date': o.dueDate ?? '',
    'so_mstr.so_ship_date': o.shipDate ?? '',
    'so_mstr.so_inv_date': o.invoiceDate ?? '',
    'so_mstr.so_inv_nbr': o.invoiceNumber,
    'so_mstr.so_to_inv': readyToInvoice(o),
    'so_mstr.so_curr': o.currencyCode,
    'so_mstr.so_site': o.siteCode,
    'so_mstr.so_cr_terms': o.creditTermsCode,
    'so_mstr.so_stat': o.status,
    'so_mstr.so_rmks': o.remarks,
    'so_mstr.so_source': o.createdVia,
    'so_mstr.so_contact': view.contact?.contactName ?? '',
    'so_mstr.so_mod_date': dayOf(o.lastModifiedMs),
    'so_mstr.contact_id': o.contactId,
    'so_mstr.order_status': view.lifeStatus,
    'so_mstr.line_count': o.lines.length,
    'so_mstr.total_amount': orderTotal(o),
    'so_mstr.shipped_amount': shippedAmount(o),
    'so_mstr.invoiced_amount': invoicedAmount(view),
    'so_mstr.invoice_numbers': view.invoices.map((i) => i.invoiceNumber).join(','),
    'ad_mstr.ad_addr': o.shipToCustomerCode,
    'ad_mstr.ad_name': br?.name1 ?? '',
    'ad_mstr.ad_line1': br?.street1 ?? '',
    'ad_mstr.ad_line2': br?.street2 ?? '',
    'ad_mstr.ad_city': br?.city ?? '',
    'ad_mstr.ad_state': br?.stateCode ?? '',
    'ad_mstr.ad_zip': br?.zipCode ?? '',
    'ad_mstr.ad_ctry': br?.countryCode ?? '',
  };
}

/** A sales-order-line browse row: sod_det fields plus the order's customer and currency. */
export function salesOrderLineRow(o: SalesOrderRecord, l: SalesOrderLineRecord): Record<string, unknown> {
  return {
    'sod_det.sod_domain': o.domainCode,
    'sod_det.sod_nbr': o.salesOrderNumber,
    'sod_det.sod_line': l.salesOrderLine,
    'sod_det.sod_part': l.itemCode,
    'sod_det.sod_desc': l.description,
    'sod_det.sod_site': l.siteCode,
    'sod_det.sod_um': l.unitOfMeasure,
    'sod_det.sod_qty_ord': l.quantityOrdered,
    'sod_det.sod_qty_ship': l.quantityShipped,
    'sod_det.sod_qty_inv': l.quantityInvoiced,
    'sod_det.sod_list_pr': l.listPrice,
    'sod_det.sod_disc_pct': l.discountFormatted,
    'sod_det.sod_price': l.netPrice,
    'sod_det.sod_due_date': l.dueDate ?? '',
    'sod_det.sod_status': l.lineStatus,
    'sod_det.sod_mod_date': dayOf(l.lastModifiedMs),
    'sod_det.line_amount': cents(l.quantityOrdered * l.netPrice),
    'so_mstr.so_cust': o.soldToCustomerCode,
    'so_mstr.so_curr': o.currencyCode,
  };
}

/** An invoice-history browse row (ih_hist). */
export function invoiceRow(i: InvoiceRecord): Record<string, unknown> {
  return {
    'ih_hist.ih_inv_nbr': i.invoiceNumber,
    'ih_hist.ih_domain': i.domainCode,
    'ih_hist.ih_nbr': i.salesOrderNumber,
    'ih_hist.ih_bill': i.billToCustomerCode,
    'ih_hist.ih_po': i.purchaseOrder,
    'ih_hist.ih_curr': i.currencyCode,
    'ih_hist.ih_inv_date': i.invoiceDate,
    'ih_hist.ih_mod_date': dayOf(i.lastModifiedMs),
    'ih_hist.invoice_amount': i.amount,
    'ih_hist.line_count': i.lines.length,
  };
}

/** Sales-order header document (`salesOrderHeaders`); the PO travels in `poField`. */
export function orderHeaderDoc(view: OrderView, poField: string): Record<string, unknown> {
  const o = view.order;
  const br = view.shipTo;
  return {
    uri: `urn:be:com.qad.sales.salesorder.ISalesOrderHeader:${o.domainCode}.${o.salesOrderNumber}`,
    salesOrderNumber: o.salesOrderNumber,
    domainCode: o.domainCode,
    soldToCustomerCode: o.soldToCustomerCode,
    billToCustomerCode: o.billToCustomerCode,
    shipToCustomerCode: o.shipToCustomerCode,
    siteCode: o.siteCode,
    currencyCode: o.currencyCode,
    [poField]: o.purchaseOrder,
    orderDate: o.orderDate,
    requiredDate: o.requestedDate,
    dueDate: o.dueDate,
    shipDate: o.shipDate,
    invoiceDate: o.invoiceDate,
    invoiceNumber: o.invoiceNumber,
    readyToInvoice: readyToInvoice(o),
    creditTermsCode: o.creditTermsCode,
    remarks: o.remarks,
    actionStatus: o.status,
    orderStatus: view.lifeStatus,
    contactId: o.contactId,
    contactName: view.contact?.contactName ?? '',
    shipToName: br?.name1 ?? '',
    shipToStreet1: br?.street1 ?? '',
    shipToStreet2: br?.street2 ?? '',
    shipToCity: br?.city ?? '',
    shipToStateCode: br?.stateCode ?? '',
    shipToZipCode: br?.zipCode ?? '',
    shipToCountryCode: br?.countryCode ?? '',
    lineCount: o.lines.length,
    totalAmount: orderTotal(o),
    shippedAmount: shippedAmount(o),
    invoicedAmount: invoicedAmount(view),
    salesOrderInvoices: view.invoices.map((i) => ({
      invoiceNumber: i.invoiceNumber,
      invoiceDate: i.invoiceDate,
      amount: i.amount,
      currencyCode: i.currencyCode,
    })),
    ...stampFields(o.lastModifiedMs, o.lastModifiedUser),
  };
}

/** Sales-order line as the grid returns it (stamps only for stored lines). */
export function orderLineDoc(
  o: Pick<SalesOrderRecord, 'salesOrderNumber' | 'domainCode'>,
  l: SalesOrderLineRecord,
  dataOperation: string,
): Record<string, unknown> {
  const { lastModifiedMs, ...fields } = l;
  const stamp = lastModifiedMs > 0 ? stampFields(lastModifiedMs, 'mfg') : undefined;
  return {
    salesOrderNumber: o.salesOrderNumber,
    domainCode: o.domainCode,
    ...fields,
    ...(stamp ? { lastModifiedDate: stamp.lastModifiedDate, lastModifiedTime: stamp.lastModifiedTime } : {}),
    dataOperation,
    concurrencyHash: '',
  };
}
