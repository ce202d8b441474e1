/**
 * Record shapes of the generated manufacturer. The QAD sandbox stores exactly these shapes
 * (its control API dumps them), and renders them into QAD browse rows and documents.
 * `lastModifiedMs` is epoch milliseconds (UTC).
 */

/** A business relation: the name and head-office address shared by a customer and/or supplier. */
export interface BusinessRelationRecord {
  businessRelationCode: string;
  name1: string;
  name2: string;
  searchName: string;
  isActive: boolean;
  languageCode: string;
  domainCode: string;
  street1: string;
  street2: string;
  city: string;
  stateCode: string;
  zipCode: string;
  countryCode: string;
  telephone: string;
  email: string;
  webSite: string;
  lastModifiedMs: number;
}

/** A customer (financial half, keyed by shared set + code; `domainCode` is its mfg domain). */
export interface CustomerRecord {
  customerCode: string;
  businessRelationCode: string;
  sharedSetCode: string;
  domainCode: string;
  currencyCode: string;
  /** Currencies the customer accepts on orders; always includes `currencyCode`. */
  acceptedCurrencies: string[];
  creditTermsCode: string;
  isActive: boolean;
  lastModifiedMs: number;
}

/** A supplier, keyed by shared set + code. */
export interface SupplierRecord {
  supplierCode: string;
  businessRelationCode: string;
  sharedSetCode: string;
  domainCode: string;
  currencyCode: string;
  creditTermsCode: string;
  isActive: boolean;
  lastModifiedMs: number;
}

/** A contact person at a business relation's address. `email` may be "" or shared with others. */
export interface ContactRecord {
  contactId: string;
  businessRelationCode: string;
  contactName: string;
  contactFunction: string;
  contactTitle: string;
  email: string;
  telephone: string;
  mobilePhone: string;
  isPrimary: boolean;
  isActive: boolean;
  lastModifiedMs: number;
}

/** An item of the catalogue. `listPrice` is in `currencyCode`. */
export interface ItemRecord {
  itemCode: string;
  domainCode: string;
  description: string;
  description2: string;
  productLine: string;
  unitOfMeasure: string;
  listPrice: number;
  currencyCode: string;
  itemType: string;
  isActive: boolean;
  addedDate: string;
  lastModifiedMs: number;
}

/** One generated account: a business relation acting as customer, supplier or both, with contacts. */
export interface GeneratedAccount {
  index: number;
  businessRelation: BusinessRelationRecord;
  customer?: CustomerRecord;
  supplier?: SupplierRecord;
  contacts: ContactRecord[];
}

/** One sales-order line (sod_det). Prices are in the order currency; `discountFormatted` is a percent. */
export interface SalesOrderLineRecord {
  salesOrderLine: number;
  itemCode: string;
  description: string;
  siteCode: string;
  quantityOrdered: number;
  unitOfMeasure: string;
  listPrice: number;
  discountFormatted: number;
  netPrice: number;
  dueDate: string | null;
  /** Shipped so far (sod_qty_ship). */
  quantityShipped: number;
  /** Invoiced so far (sod_qty_inv). */
  quantityInvoiced: number;
  /** Line status (sod_status): '' open, 'C' closed. */
  lineStatus: string;
  /** Last change of this line (epoch ms); 0 until the tenant stamps it. */
  lastModifiedMs: number;
}

/** One sales-order header (so_mstr) with its lines. Dates are `YYYY-MM-DD`. */
export interface SalesOrderRecord {
  salesOrderNumber: string;
  domainCode: string;
  soldToCustomerCode: string;
  billToCustomerCode: string;
  shipToCustomerCode: string;
  siteCode: string;
  currencyCode: string;
  /** Customer PO (so_po); orders created from a CRM deal carry the deal reference here. */
  purchaseOrder: string;
  orderDate: string | null;
  /** Required date (so_req_date). */
  requestedDate: string | null;
  dueDate: string | null;
  creditTermsCode: string;
  remarks: string;
  /** Action status (so_stat): '' none, 'HD' credit hold, 'CN' cancelled. */
  status: string;
  /** Contact of the sold-to business relation named on the order ('' when none). */
  contactId: string;
  /** Date of the latest shipment (so_ship_date). */
  shipDate: string | null;
  /** Date of the latest invoice (so_inv_date). */
  invoiceDate: string | null;
  /** Number of the latest invoice (so_inv_nbr), '' before the first. */
  invoiceNumber: string;
  /** Which surface created it: 'rest' | 'qxtend' | 'control' | 'edi' | 'phone'. */
  createdVia: string;
  lines: SalesOrderLineRecord[];
  lastModifiedMs: number;
  lastModifiedUser: string;
}

/** One invoice of a sales order (ih_hist with its idh_hist lines). Amounts in the order currency. */
export interface InvoiceRecord {
  invoiceNumber: string;
  domainCode: string;
  salesOrderNumber: string;
  billToCustomerCode: string;
  purchaseOrder: string;
  currencyCode: string;
  invoiceDate: string;
  amount: number;
  lines: { salesOrderLine: number; itemCode: string; quantity: number; netPrice: number; amount: number }[];
  lastModifiedMs: number;
}
