/** HubSpot connector public surface. */
export { createHubSpotClient, type HubSpotClient, type HubSpotClientOptions } from './client.js';
export { pingHubSpot, type PingCheck, type PingOptions } from './ping.js';
export {
  hubSpotPaths,
  modifiedProperty,
  type HubSpotApiVersion,
  type HubSpotObjectType,
  type HubSpotPaths,
} from './paths.js';
export type { CreateOptions, ObjectPage, ListOptions, ReadKeys } from './objects.js';
export {
  CONTACT_TO_COMPANY_PRIMARY,
  CONTACT_TO_COMPANY_PRIMARY_V3,
  CONTACT_TO_COMPANY_UNLABELED,
} from './associations.js';
export {
  LINE_ITEM_TO_ORDER,
  ORDER_TO_COMPANY,
  ORDER_TO_CONTACT,
  ORDER_TO_DEAL,
} from './order-associations.js';
export type { SearchModifiedOptions, SearchFilter } from './search.js';
export * from './types.js';
export { createJournalClient, type JournalClient, type JournalEntry, type JournalRead } from './journal.js';
