/**
 * Deterministic generator of a realistic industrial-equipment manufacturer's QAD data.
 * Everything is a pure function of (seed, index): stream with the generators, or compute one
 * record with the `…At` functions.
 */
export {
  accountAt,
  generateAccounts,
  businessRelationCodeAt,
  customerCodeAt,
  supplierCodeAt,
  GENERATOR_EPOCH_MS,
} from './accounts.js';
export type { AccountOptions } from './accounts.js';
export { itemAt, generateItems, itemCodeAt, productLineAt, PRODUCT_LINES } from './items.js';
export type { ItemOptions, ProductLine } from './items.js';
export { DOMAINS, SHARED_SET_CODE, PRIMARY_DOMAIN_CODE, findDomain } from './domains.js';
export type { DomainSpec } from './domains.js';
export { convertPrice, round2, USD_RATES } from './currencies.js';
export { FIELD_LIMITS, clip, charLength } from './field-limits.js';
export { mulberry32, mixSeed, Rng } from './prng.js';
export { orderAt, generateOrders, salesOrderNumberAt } from './orders.js';
export type {
  CatalogueCustomer,
  CatalogueItem,
  GeneratedOrder,
  OrderCatalogue,
  OrderLifeStep,
  OrderOptions,
} from './orders.js';
export type {
  BusinessRelationRecord,
  CustomerRecord,
  SupplierRecord,
  ContactRecord,
  ItemRecord,
  GeneratedAccount,
  InvoiceRecord,
  SalesOrderLineRecord,
  SalesOrderRecord,
} from './types.js';
