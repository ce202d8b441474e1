/**
 * Every unconfirmed QAD shape, in one place (this file for master data, envelopes and ids; its
 * companion assumed-order-shapes.ts for sales orders, shipments and invoices), so it can change
 * when a real tenant proves otherwise: browse ids and column names, the token body, error codes
 * other than 2041, the customer-PO field name, document field names and the error envelopes.
 */
import type {
  BusinessRelationRecord,
  ContactRecord,
  CustomerRecord,
  ItemRecord,
  SupplierRecord,
} from '../data/index.js';
import { dayOf } from './ordered-table.js';

/**
 * Browse ids (ASSUMPTION for the bebrowse names of master data; gp340/so803 exist as mfg browses;
 * the sales-order-line and invoice-history ids are invented placeholders — no source names them).
 */
export const BROWSE_IDS = {
  customers: 'urn:browse:bebrowse:com.qad.erp.base.customerV2s',
  suppliers: 'urn:browse:bebrowse:com.qad.erp.base.supplierV2s',
  businessRelations: 'urn:browse:bebrowse:com.qad.erp.base.businessRelationV2s',
  contacts: 'urn:browse:bebrowse:com.qad.erp.base.contactV2s',
  items: 'urn:browse:mfg:gp340',
  salesOrders: 'urn:browse:mfg:so803',
  salesOrderLines: 'urn:browse:mfg:so810',
  invoices: 'urn:browse:mfg:so815',
} as const;

/** Row column names of the master-data browses that hold a date (compared by day; orders: ORDER_DATE_COLUMNS). */
export const DATE_COLUMNS: ReadonlySet<string> = new Set([
  'customerV2.lastModifiedDate',
  'supplierV2.lastModifiedDate',
  'businessRelationV2.lastModifiedDate',
  'contactV2.lastModifiedDate',
  'pt_mstr.pt_mod_date',
  'pt_mstr.pt_added',
]);

/** The customer-PO (so_po) field of a REST sales-order header (ASSUMPTION; candidates were purchaseOrder/customerPurchaseOrder). */
export const SO_PO_FIELD = 'purchaseOrder';

/** Business error codes. `2041` is confirmed (CODE C1); the others are ASSUMPTIONS. */
export const ERROR_CODES = {
  duplicateOrder: '2041',
  unknownCustomer: '2045',
  currencyNotAccepted: '2046',
  unknownDomain: '2047',
  unknownOrder: '2048',
  lineExists: '2049',
  unknownItem: '2050',
  inactiveItem: '2051',
  badQuantity: '2052',
  recordExists: '2053',
  recordNotFound: '2054',
  concurrency: 'CONCURRENCY',
  mandatory: 'MANDATORY',
  format: 'FORMAT',
  /** QXtend warning for a value cut to its field format (message text is DOC S3; the number is an ASSUMPTION). */
  truncated: 'TRUNCATED',
} as const;

/** One field-named business error. */
export interface BusinessError {
  code: string;
  message: string;
  fieldName: string;
  value?: unknown;
  severity: number;
}

/** Which failure envelope REST writes use; clients must accept both. */
export type ErrorEnvelope = 'submitResult' | 'errors';

/** `{"submitResult":{"success":true,"errors":[]}}` (CODE C1). */
export function successEnvelope(): Record<string, unknown> {
  return { submitResult: { success: true, errors: [] } };
}

/** A business failure in the selected envelope (always sent with HTTP 200). */
export function failureEnvelope(
  mode: ErrorEnvelope,
  errors: readonly BusinessError[],
): Record<string, unknown> {
  if (mode === 'errors')
    return {
      errors: errors.map((e) => ({
        severity: e.severity,
        code: e.code,
        message: e.message,
        fieldName: e.fieldName,
      })),
    };
  return { submitResult: { success: false, errors } };
}

/** The 403 body (CODE C1). */
export function accessDeniedBody(): Record<string, unknown> {
  return { errors: [{ severity: 1, code: '403', message: 'Access is denied', fieldName: '' }] };
}

/** The 401 body (ASSUMPTION: Spring OAuth2 style). */
export function invalidTokenBody(description: string): Record<string, unknown> {
  return { error: 'invalid_token', error_description: description };
}

/** The token response (ASSUMPTION beyond access_token: Spring OAuth2 body). `expiresInS` in seconds. */
export function tokenBody(
  accessToken: string,
  refreshToken: string,
  expiresInS: number,
): Record<string, unknown> {
  return {
    access_token: accessToken,
    token_type: 'bearer',
    refresh_token: refreshToken,
    expires_in: expiresInS,
    scope: 'read write',
  };
}

/** Stamp fields of documents: date `YYYY-MM-DD`, time = seconds after midnight UTC (ASSUMPTION). */
export function stampFields(
  epochMs: number,
  user: string,
): { lastModifiedDate: string; lastModifiedTime: number; lastModifiedUser: string } {
  const date = dayOf(epochMs);
  return {
    lastModifiedDate: date,
    lastModifiedTime: Math.floor((epochMs - Date.parse(`${date}T00:00:00Z`)) / 1000),
    lastModifiedUser: user,
  };
}

function prefixed(prefix: string, fields: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) row[`${prefix}.${k}`] = v;
  return row;
}

const SYSTEM_USER = 'mfg';

/** Contact object inside documents (ASSUMPTION: camelCase of the Financials contact fields). */
export function contactDoc(c: ContactRecord): Record<string, unknown> {
  return {
    contactId: c.contactId,
    businessRelationCode: c.businessRelationCode,
    contactName: c.contactName,
    contactFunction: c.contactFunction,
    contactTitle: c.contactTitle,
    contactEmail: c.email,
    contactTelephone: c.telephone,
    contactMobilePhone: c.mobilePhone,
    isPrimary: c.isPrimary,
    isActive: c.isActive,
  };
}

/** Customer document fields (without contacts/hash), also the customer browse columns. */
export function customerFields(
  c: CustomerRecord,
  br: BusinessRelationRecord | undefined,
): Record<string, unknown> {
  return {
    customerCode: c.customerCode,
    sharedSetCode: c.sharedSetCode,
    domainCode: c.domainCode,
    businessRelationCode: c.businessRelationCode,
    businessRelationName: br?.name1 ?? '',
    isActive: c.isActive,
    currencyCode: c.currencyCode,
    acceptedCurrencies: c.acceptedCurrencies.join(','),
    creditTermsCode: c.creditTermsCode,
    street1: br?.street1 ?? '',
    street2: br?.street2 ?? '',
    street3: '',
    city: br?.city ?? '',
    zipCode: br?.zipCode ?? '',
    stateCode: br?.stateCode ?? '',
    countryCode: br?.countryCode ?? '',
    telephone: br?.telephone ?? '',
    EMail: br?.email ?? '',
    webSite: br?.webSite ?? '',
    ...stampFields(c.lastModifiedMs, SYSTEM_USER),
  };
}

/** Supplier document fields, also the supplier browse columns. */
export function supplierFields(
  s: SupplierRecord,
  br: BusinessRelationRecord | undefined,
): Record<string, unknown> {
  return {
    supplierCode: s.supplierCode,
    sharedSetCode: s.sharedSetCode,
    domainCode: s.domainCode,
    businessRelationCode: s.businessRelationCode,
    businessRelationName: br?.name1 ?? '',
    isActive: s.isActive,
    currencyCode: s.currencyCode,
    creditTermsCode: s.creditTermsCode,
    street1: br?.street1 ?? '',
    street2: br?.street2 ?? '',
    street3: '',
    city: br?.city ?? '',
    zipCode: br?.zipCode ?? '',
    stateCode: br?.stateCode ?? '',
    countryCode: br?.countryCode ?? '',
    telephone: br?.telephone ?? '',
    EMail: br?.email ?? '',
    ...stampFields(s.lastModifiedMs, SYSTEM_USER),
  };
}

/** Business-relation document fields, also the BR browse columns. */
export function businessRelationFields(
  br: BusinessRelationRecord,
  customerCode: string,
  supplierCode: string,
): Record<string, unknown> {
  return {
    businessRelationCode: br.businessRelationCode,
    businessRelationName1: br.name1,
    businessRelationName2: br.name2,
    businessRelationSearchName: br.searchName,
    isActive: br.isActive,
    languageCode: br.languageCode,
    domainCode: br.domainCode,
    headOfficeStreet1: br.street1,
    headOfficeStreet2: br.street2,
    headOfficeStreet3: '',
    headOfficeCity: br.city,
    headOfficeZipCode: br.zipCode,
    headOfficeStateCode: br.stateCode,
    headOfficeCountryCode: br.countryCode,
    telephone: br.telephone,
    EMail: br.email,
    webSite: br.webSite,
    isCustomer: customerCode !== '',
    isSupplier: supplierCode !== '',
    customerCode,
    supplierCode,
    ...stampFields(br.lastModifiedMs, SYSTEM_USER),
  };
}

/** Browse rows. */
export const rows = {
  customer: (c: CustomerRecord, br: BusinessRelationRecord | undefined) =>
    prefixed('customerV2', customerFields(c, br)),
  supplier: (s: SupplierRecord, br: BusinessRelationRecord | undefined) =>
    prefixed('supplierV2', supplierFields(s, br)),
  businessRelation: (br: BusinessRelationRecord, customerCode: string, supplierCode: string) =>
    prefixed('businessRelationV2', businessRelationFields(br, customerCode, supplierCode)),
  contact: (c: ContactRecord, br: BusinessRelationRecord | undefined) => {
    const { lastModifiedDate, lastModifiedTime } = stampFields(c.lastModifiedMs, SYSTEM_USER);
    return {
      ...prefixed('contactV2', { ...contactDoc(c), lastModifiedDate, lastModifiedTime }),
      'businessRelationV2.businessRelationName1': br?.name1 ?? '',
    };
  },
  item: (i: ItemRecord) =>
    prefixed('pt_mstr', {
      pt_part: i.itemCode,
      pt_domain: i.domainCode,
      pt_desc1: i.description,
      pt_desc2: i.description2,
      pt_prod_line: i.productLine,
      pt_um: i.unitOfMeasure,
      pt_status: i.isActive ? 'ACTIVE' : 'INACTIVE',
      pt_price: i.listPrice,
      pt_curr: i.currencyCode,
      pt_added: i.addedDate,
      pt_mod_date: dayOf(i.lastModifiedMs),
      pt_userid: SYSTEM_USER,
    }),
};

/** Item document (GET/POST /api/erp/items). */
export function itemDoc(i: ItemRecord): Record<string, unknown> {
  return {
    uri: `urn:be:com.qad.base.item.IItem:${i.domainCode}.${i.itemCode}`,
    itemCode: i.itemCode,
    domainCode: i.domainCode,
    description: i.description,
    description2: i.description2,
    productLine: i.productLine,
    unitOfMeasure: i.unitOfMeasure,
    itemStatus: i.isActive ? 'ACTIVE' : 'INACTIVE',
    itemType: i.itemType,
    listPrice: i.listPrice,
    currencyCode: i.currencyCode,
    addedDate: i.addedDate,
    ...stampFields(i.lastModifiedMs, SYSTEM_USER),
  };
}
