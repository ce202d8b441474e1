/**
 * Typed QAD master-data records as the flows consume them (the QAD client's normalised shapes).
 * Dates are ISO days (`YYYY-MM-DD`); QAD change stamps are day-granular.
 */

/** A business relation with its customer and/or supplier role merged. */
export interface QadAccount {
  /** Namespaced key, e.g. `10USA/BR1000`. */
  key: string;
  businessRelationCode: string;
  customerCode?: string;
  supplierCode?: string;
  roles: ('customer' | 'supplier')[];
  name: string;
  address1?: string;
  address2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  phone?: string;
  currency?: string;
  acceptedCurrencies?: string[];
  active: boolean;
  domain: string;
  modifiedDate: string;
  [field: string]: unknown;
}

export interface QadContact {
  key: string;
  accountKey: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  jobTitle?: string;
  modifiedDate: string;
  [field: string]: unknown;
}

export interface QadItem {
  key: string;
  itemCode: string;
  description: string;
  productLine?: string;
  uom?: string;
  listPrice?: number;
  currency?: string;
  active: boolean;
  domain: string;
  modifiedDate: string;
  [field: string]: unknown;
}
