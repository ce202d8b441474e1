/**
 * Default mapping of the catalog flow: QAD items → HubSpot products, upserted on `qad_item_key`.
 * Overridable per connection (`flows.catalog.mapping`).
 */
import type { QadItem } from '../../connectors/qad/index.js';
import type { MappingTable } from '../../engine/mapping.js';

export const ITEM_KEY_PROPERTY = 'qad_item_key';

/** The field view a mapping reads. */
export function itemView(i: QadItem): Record<string, unknown> {
  return { ...i, status: i.active ? 'active' : 'inactive' };
}

export const CATALOG_MAPPING: MappingTable = {
  fields: [
    'key',
    'itemCode',
    'description',
    'productLine',
    'uom',
    'listPrice',
    'currency',
    'active',
    'status',
    'domain',
    'modifiedDate',
  ],
  rows: [
    {
      property: ITEM_KEY_PROPERTY,
      rule: { from: 'key', required: true },
      description: 'Namespaced key `<domain>/<item code>`.',
    },
    {
      property: 'name',
      rule: { from: 'description', transform: 'trim', required: true },
      description: 'Item description.',
    },
    { property: 'hs_sku', rule: { from: 'itemCode' }, description: 'QAD item code.' },
    {
      property: 'price',
      rule: { from: 'listPrice', transform: 'number' },
      description: 'List price (item currency).',
    },
    { property: 'qad_uom', rule: { from: 'uom' }, description: 'Unit of measure.' },
    { property: 'qad_product_line', rule: { from: 'productLine' }, description: 'Product line.' },
    { property: 'qad_domain', rule: { from: 'domain' }, description: 'QAD domain.' },
  ],
};
