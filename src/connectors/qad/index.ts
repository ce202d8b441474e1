/** Public surface of the QAD connector (REST + QXtend). */
export { validateQadBaseUrl, isLoopbackHost } from './base-url.js';
export { browsesFromConfig, type QadBrowseIdsConfig } from './config-adapter.js';
export { createQadClient, type QadClient, type QadClientOptions } from './client.js';
export {
  QAD_DEFAULT_BROWSES,
  QAD_DOCUMENTS,
  resolveQadBrowses,
  type QadBrowses,
  type QadBrowsesConfig,
  type QadBrowseSpec,
  type QadEntity,
} from './defaults.js';
export {
  encodeFilter,
  isFilterableValue,
  type QadBrowseOptions,
  type QadFilter,
  type QadFilterOp,
  type QadRow,
} from './browse.js';
export type { QadDocumentResult, QadSubmitError } from './documents.js';
export { mergeQadAccounts } from './merge-accounts.js';
export {
  normaliseBusinessRelationRow,
  normaliseCustomerRow,
  normaliseSupplierRow,
  type QadBusinessRelation,
  type QadNormaliseContext,
} from './normalise/accounts.js';
export { normaliseContactRow } from './normalise/contact.js';
export { normaliseItemRow } from './normalise/item.js';
export { normaliseSalesOrderRow } from './normalise/sales-order.js';
export { DEFAULT_PING_ENTITIES, pingQad, type PingCheck, type QadPingConfig } from './ping.js';
export { normaliseOrderHeaderRow, normaliseOrderLineRow } from './normalise/order-life.js';
export { createQxtendClient, type QxtendClient } from './qxtend/client.js';
export {
  buildMaintainSalesOrderEnvelope,
  defaultLineElement,
  type QxtendOptions,
} from './qxtend/envelope.js';
export { parseQxtendResponse, type QxtendMessage, type QxtendReply } from './qxtend/response.js';
export type * from './types.js';
