/**
 * The ONE place holding QAD browse ids and column names. Every value is overridable through
 * config `qad.browses.<entity>.{browseId,columns}`; tenants differ and QAD's own advice is to read
 * the ids from the tenant (DevTools on the list screen). Confidence tags and source
 * keys (C1, S26, …) are those of sandbox/qad/vendor-facts.md:
 *
 * - customer / supplier / businessRelation: bebrowse ids `com.qad.erp.base.<entity>V2s` are
 *   UNCONFIRMED by name (the matching *view* URIs are [CODE]); the `customerV2.` row-key prefix is
 *   an ASSUMPTION; the field names after the prefix are the business-document fields [CODE C1].
 * - contact: no public browse at all (ASSUMPTION); fields are camelCase of the Financials contact
 *   dataset (`contactName`, `contactEmail`, …) [DOC-ish S26 + ASSUMPTION].
 * - item: `urn:browse:mfg:gp340` is labelled "Item" in QAD's perf harness [CODE C7]; `pt_mstr.*`
 *   columns follow the mfg `table.field` shape [CODE]; pt_um/pt_price/pt_status UNCONFIRMED.
 * - salesOrder: mfg browse `so803` is confirmed to exist [CODE C7] (as is `so011`); filtering on
 *   `so_mstr.so_po` is recommended by the reference (browse choice UNCONFIRMED).
 * - the REST header's customer-PO field is UNCONFIRMED; `purchaseOrder` is the reference's first
 *   candidate (ASSUMPTION) — see QAD_DOCUMENTS.poField.
 */

/** Column names per entity: canonical field → the browse's own (dotted) column name. */
export const QAD_DEFAULT_BROWSES = {
  customer: {
    browseId: 'urn:browse:bebrowse:com.qad.erp.base.customerV2s',
    columns: {
      customerCode: 'customerV2.customerCode',
      businessRelationCode: 'customerV2.businessRelationCode',
      name: 'customerV2.businessRelationName',
      street1: 'customerV2.street1',
      street2: 'customerV2.street2',
      street3: 'customerV2.street3',
      city: 'customerV2.city',
      state: 'customerV2.stateCode',
      zip: 'customerV2.zipCode',
      country: 'customerV2.countryCode',
      phone: 'customerV2.telephone',
      email: 'customerV2.EMail',
      webSite: 'customerV2.webSite',
      currency: 'customerV2.currencyCode',
      /** Comma list; ASSUMPTION (no public column name). */
      acceptedCurrencies: 'customerV2.acceptedCurrencies',
      active: 'customerV2.isActive',
      modifiedDate: 'customerV2.lastModifiedDate',
    },
  },
  supplier: {
    browseId: 'urn:browse:bebrowse:com.qad.erp.base.supplierV2s',
    columns: {
      supplierCode: 'supplierV2.supplierCode',
      businessRelationCode: 'supplierV2.businessRelationCode',
      name: 'supplierV2.businessRelationName',
      street1: 'supplierV2.street1',
      street2: 'supplierV2.street2',
      street3: 'supplierV2.street3',
      city: 'supplierV2.city',
      state: 'supplierV2.stateCode',
      zip: 'supplierV2.zipCode',
      country: 'supplierV2.countryCode',
      phone: 'supplierV2.telephone',
      email: 'supplierV2.EMail',
      webSite: 'supplierV2.webSite',
      currency: 'supplierV2.currencyCode',
      active: 'supplierV2.isActive',
      modifiedDate: 'supplierV2.lastModifiedDate',
    },
  },
  businessRelation: {
    browseId: 'urn:browse:bebrowse:com.qad.erp.base.businessRelationV2s',
    columns: {
      businessRelationCode: 'businessRelationV2.businessRelationCode',
      name: 'businessRelationV2.businessRelationName1',
      street1: 'businessRelationV2.headOfficeStreet1',
      street2: 'businessRelationV2.headOfficeStreet2',
      street3: 'businessRelationV2.headOfficeStreet3',
      city: 'businessRelationV2.headOfficeCity',
      state: 'businessRelationV2.headOfficeStateCode',
      zip: 'businessRelationV2.headOfficeZipCode',
      country: 'businessRelationV2.headOfficeCountryCode',
      phone: 'businessRelationV2.telephone',
      email: 'businessRelationV2.EMail',
      webSite: 'businessRelationV2.webSite',
      active: 'businessRelationV2.isActive',
      modifiedDate: 'businessRelationV2.lastModifiedDate',
    },
  },
  contact: {
    browseId: 'urn:browse:bebrowse:com.qad.erp.base.contactV2s',
    columns: {
      contactId: 'contactV2.contactId',
      businessRelationCode: 'contactV2.businessRelationCode',
      /** Full name; split into first/last when no separate columns are configured. */
      name: 'contactV2.contactName',
      /** Optional split-name columns; absent on tenants that only have ContactName. */
      firstName: 'contactV2.firstName',
      lastName: 'contactV2.lastName',
      email: 'contactV2.contactEmail',
      phone: 'contactV2.contactTelephone',
      jobTitle: 'contactV2.contactFunction',
      modifiedDate: 'contactV2.lastModifiedDate',
    },
  },
  item: {
    browseId: 'urn:browse:mfg:gp340',
    columns: {
      itemCode: 'pt_mstr.pt_part',
      description: 'pt_mstr.pt_desc1',
      productLine: 'pt_mstr.pt_prod_line',
      uom: 'pt_mstr.pt_um',
      listPrice: 'pt_mstr.pt_price',
      currency: 'pt_mstr.pt_curr',
      status: 'pt_mstr.pt_status',
      domain: 'pt_mstr.pt_domain',
      modifiedDate: 'pt_mstr.pt_mod_date',
    },
  },
  salesOrder: {
    browseId: 'urn:browse:mfg:so803',
    columns: {
      orderNumber: 'so_mstr.so_nbr',
      customerCode: 'so_mstr.so_cust',
      po: 'so_mstr.so_po',
      currency: 'so_mstr.so_curr',
      domain: 'so_mstr.so_domain',
    },
  },
  /**
   * The `qad-orders` flow's read of sales orders: the so803 browse's header, ship-to and
   * calculated life columns. The columns beyond the so_mstr table (`order_status`,
   * `total_amount`, `invoiced_amount`, `invoice_numbers`, `contact_id`) are ASSUMED calculated
   * columns (see sandbox/qad/README.md, "Shape notes: sales orders").
   */
  salesOrderHeader: {
    browseId: 'urn:browse:mfg:so803',
    columns: {
      orderNumber: 'so_mstr.so_nbr',
      domain: 'so_mstr.so_domain',
      customerCode: 'so_mstr.so_cust',
      shipToCode: 'so_mstr.so_ship',
      po: 'so_mstr.so_po',
      orderDate: 'so_mstr.so_ord_date',
      requestedDate: 'so_mstr.so_req_date',
      shipDate: 'so_mstr.so_ship_date',
      invoiceDate: 'so_mstr.so_inv_date',
      currency: 'so_mstr.so_curr',
      actionStatus: 'so_mstr.so_stat',
      source: 'so_mstr.so_source',
      contactId: 'so_mstr.contact_id',
      lifeStatus: 'so_mstr.order_status',
      total: 'so_mstr.total_amount',
      invoicedAmount: 'so_mstr.invoiced_amount',
      invoiceNumbers: 'so_mstr.invoice_numbers',
      shipToName: 'ad_mstr.ad_name',
      shipToStreet1: 'ad_mstr.ad_line1',
      shipToStreet2: 'ad_mstr.ad_line2',
      shipToCity: 'ad_mstr.ad_city',
      shipToState: 'ad_mstr.ad_state',
      shipToZip: 'ad_mstr.ad_zip',
      shipToCountry: 'ad_mstr.ad_ctry',
      modifiedDate: 'so_mstr.so_mod_date',
    },
  },
  /** Sales-order lines: the browse id `so810` is a PLACEHOLDER no source names (set the tenant's). */
  salesOrderLine: {
    browseId: 'urn:browse:mfg:so810',
    columns: {
      orderNumber: 'sod_det.sod_nbr',
      domain: 'sod_det.sod_domain',
      line: 'sod_det.sod_line',
      itemCode: 'sod_det.sod_part',
      description: 'sod_det.sod_desc',
      uom: 'sod_det.sod_um',
      quantityOrdered: 'sod_det.sod_qty_ord',
      quantityShipped: 'sod_det.sod_qty_ship',
      quantityInvoiced: 'sod_det.sod_qty_inv',
      netPrice: 'sod_det.sod_price',
      amount: 'sod_det.line_amount',
      lineStatus: 'sod_det.sod_status',
      modifiedDate: 'sod_det.sod_mod_date',
    },
  },
} as const;

/** The entities a browse is configured for. */
export type QadEntity = keyof typeof QAD_DEFAULT_BROWSES;
/** Canonical field names of one entity. */
export type QadColumns<E extends QadEntity> = keyof (typeof QAD_DEFAULT_BROWSES)[E]['columns'];

/** A resolved browse: id plus the column name of every canonical field. */
export interface QadBrowseSpec<E extends QadEntity> {
  browseId: string;
  columns: Record<QadColumns<E>, string>;
}

/** Config shape `qad.browses`: partial overrides per entity. */
export type QadBrowsesConfig = {
  [E in QadEntity]?: { browseId?: string; columns?: Partial<Record<QadColumns<E>, string>> };
};

/** Resolved browse settings for every entity. */
export type QadBrowses = { [E in QadEntity]: QadBrowseSpec<E> };

/** Merges config overrides over the defaults; unspecified columns keep their default name. */
export function resolveQadBrowses(overrides: QadBrowsesConfig = {}): QadBrowses {
  const out: Record<string, { browseId: string; columns: Record<string, string> }> = {};
  for (const entity of Object.keys(QAD_DEFAULT_BROWSES) as QadEntity[]) {
    const base = QAD_DEFAULT_BROWSES[entity];
    const over = overrides[entity];
    const columns: Record<string, string> = { ...(base.columns as Record<string, string>) };
    for (const [field, column] of Object.entries(over?.columns ?? {})) {
      if (typeof column === 'string' && column !== '') columns[field] = column;
    }
    out[entity] = { browseId: over?.browseId ?? base.browseId, columns };
  }
  return out as unknown as QadBrowses;
}

/** REST document paths and view URIs (sandbox/qad/vendor-facts.md: "Business documents", "Writing a sales order over REST"). */
export const QAD_DOCUMENTS = {
  salesOrderHeaderViewUri: 'urn:be:com.qad.sales.salesorder.ISalesOrderHeader',
  /** Customer-PO (so_po) field on salesOrderHeaders: ASSUMPTION, overridable via `qad.salesOrders.poField`. */
  poField: 'purchaseOrder',
  /** Probed by ping: can the user create sales orders? */
  salesOrderPermissionUri: 'urn:be:com.qad.sales.salesorder.ISalesOrderHeader',
  /** Order in which line fields are sent through fieldChange (vendor facts: "Writing a sales order over REST", step 2). */
  lineFieldOrder: ['itemCode', 'siteCode', 'quantityOrdered', 'listPrice', 'netPrice', 'dueDate'],
} as const;

/** Duplicate sales-order number (vendor facts: "Writing a sales order over REST", CODE). */
export const QAD_DUPLICATE_ORDER_CODE = '2041';
