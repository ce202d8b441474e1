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
