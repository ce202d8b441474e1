/**
 * Bridges the shared config schema (`qad.browses.<plural>` = browse id) to the client's
 * QadBrowsesConfig (per entity: browseId and optional column overrides).
 */
import type { QadBrowsesConfig } from './defaults.js';

/** The `qad.browses` section as the config schema defines it (ids only). */
export interface QadBrowseIdsConfig {
  customers?: string | undefined;
  suppliers?: string | undefined;
  businessRelations?: string | undefined;
  contacts?: string | undefined;
  items?: string | undefined;
  salesOrders?: string | undefined;
  salesOrderHeaders?: string | undefined;
  salesOrderLines?: string | undefined;
}

const ENTITY_OF = {
  customers: 'customer',
  suppliers: 'supplier',
  businessRelations: 'businessRelation',
  contacts: 'contact',
  items: 'item',
  salesOrders: 'salesOrder',
  salesOrderHeaders: 'salesOrderHeader',
  salesOrderLines: 'salesOrderLine',
} as const;

/** Maps configured browse ids onto entity overrides; unset ids keep the defaults. */
export function browsesFromConfig(ids: QadBrowseIdsConfig | undefined): QadBrowsesConfig {
  const out: QadBrowsesConfig = {};
  for (const [key, entity] of Object.entries(ENTITY_OF) as [
    keyof QadBrowseIdsConfig,
    (typeof ENTITY_OF)[keyof typeof ENTITY_OF],
  ][]) {
    const browseId = ids?.[key];
    if (browseId !== undefined && browseId !== '') out[entity] = { browseId };
  }
  return out;
}
