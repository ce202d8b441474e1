/**
 * catalog: QAD items → HubSpot products, upserted on `qad_item_key`. Inactive items are archived
 * when `archiveInactive` (default true; outcome `archived`); an inactive item never synced is
 * skipped (nothing to archive, and it must not be created).
 */
import type { QadItem } from '../../connectors/qad/index.js';
import type { SyncContext, SyncFlow } from '../connection.js';
import { matchingParts } from '../match-index.js';
import { exactName, normaliseSku } from '../match-keys.js';
import { prepareMapping, runQadFlow, type HubSpotSink } from '../master-data.js';
import { readItems } from '../qad-source.js';
import { CATALOG_MAPPING, ITEM_KEY_PROPERTY, itemView } from './default-mapping.js';

export async function catalogSink(ctx: SyncContext): Promise<HubSpotSink<QadItem>> {
  const { mapping, shapes } = await prepareMapping(ctx, CATALOG_MAPPING, 'products', ITEM_KEY_PROPERTY);
  const archiveInactive = ctx.connection.flows.catalog.archiveInactive;
  return {
    target: ctx.hubspot,
    objectType: 'products',
    idProperty: ITEM_KEY_PROPERTY,
    mapping,
    shapes,
    view: itemView,
    key: (i) => i.key,
    ...matchingParts(ctx, 'catalog', 'products', ITEM_KEY_PROPERTY, mapping),
    matchValues: (i) => ({ sku: normaliseSku(i.itemCode), name: exactName(i.description) }),
    decide(item, link) {
      if (item.active || !archiveInactive) return 'upsert';
      return link?.targetId ? 'archive' : { skip: 'inactive item (never synced; not created)' };
    },
  };
}

export const catalogFlow: SyncFlow = {
  id: 'catalog',
  dependsOn: [],
  async run(ctx) {
    const sink = await catalogSink(ctx);
    await runQadFlow(ctx, sink, (opts) => readItems(ctx.qad, opts));
  },
};
