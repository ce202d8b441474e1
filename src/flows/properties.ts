/**
 * The HubSpot properties the connector owns: a `qad` property group per object type holding the
 * unique upsert keys and the other `qad_*` properties the default mappings and the orders flow
 * write. `propertyBootstrap` creates what is missing before a flow first writes (existing
 * properties are kept and checked); it remembers what it did, and lives as long as the runtime
 * that owns it (app/runtime.ts), so a long-running process asks HubSpot once per object type.
 */
import type { HubSpotClient, PropertyDefinition } from '../connectors/hubspot/index.js';
import type { FlowId } from '../core/store-port.js';
import { QAD_ORDER_NUMBER, QAD_SYNC_ERROR, QAD_SYNC_STATUS } from './orders/deal-properties.js';
import {
  DEAL_ORDER_LIFE_PROPERTIES,
  LINE_ITEM_PROPERTIES,
  ORDER_PROPERTIES,
} from './qad-orders/hubspot-properties.js';

/** HubSpot object types the connector writes `qad_*` properties on. */
export type QadObjectType = 'companies' | 'contacts' | 'products' | 'deals' | 'orders' | 'line_items';

export const text = (name: string, label: string, unique = false): PropertyDefinition => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName: 'qad',
  ...(unique ? { hasUniqueValue: true } : {}),
});
export const options = (values: string[]): NonNullable<PropertyDefinition['options']> =>
  values.map((value, i) => ({ label: value[0]?.toUpperCase() + value.slice(1), value, displayOrder: i }));

/** Every property the connector creates, per object type. Unique keys are created first. */
export const QAD_PROPERTIES: Record<QadObjectType, PropertyDefinition[]> = {
  companies: [
    text('qad_account_key', 'QAD account key', true),
    text('qad_customer_code', 'QAD customer code'),
    text('qad_supplier_code', 'QAD supplier code'),
    {
      name: 'qad_account_roles',
      label: 'QAD account roles',
      type: 'enumeration',
      fieldType: 'checkbox',
      groupName: 'qad',
      options: options(['customer', 'supplier']),
    },
    {
      name: 'qad_status',
      label: 'QAD status',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'qad',
      options: options(['active', 'inactive']),
    },
    text('qad_domain', 'QAD domain'),
  ],
  contacts: [text('qad_contact_key', 'QAD contact key', true), text('qad_account_key', 'QAD account key')],
  products: [
    text('qad_item_key', 'QAD item key', true),
    text('qad_uom', 'QAD unit of measure'),
    text('qad_product_line', 'QAD product line'),
    text('qad_domain', 'QAD domain'),
  ],
  deals: [
    text(QAD_ORDER_NUMBER, 'QAD order number'),
    {
      name: QAD_SYNC_STATUS,
      label: 'QAD sync status',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'qad',
      options: options(['pending', 'synced', 'error']),
    },
    {
      name: QAD_SYNC_ERROR,
      label: 'QAD sync error',
      type: 'string',
      fieldType: 'textarea',
      groupName: 'qad',
    },
  ],
  orders: ORDER_PROPERTIES,
  line_items: LINE_ITEM_PROPERTIES,
};

/** The object types whose `qad_*` properties each flow writes. */
export const FLOW_OBJECT_TYPES: Record<FlowId, readonly QadObjectType[]> = {
  accounts: ['companies'],
  contacts: ['contacts'],
  catalog: ['products'],
  orders: ['deals'],
  'qad-orders': ['orders', 'line_items', 'deals'],
};

/** Properties a flow writes on a type beyond `QAD_PROPERTIES[type]` (the order life on deals). */
const FLOW_EXTRA_PROPERTIES: Partial<Record<FlowId, Partial<Record<QadObjectType, PropertyDefinition[]>>>> = {
  'qad-orders': { deals: DEAL_ORDER_LIFE_PROPERTIES },
};

/**
 * The bootstrap of one runtime: before a flow's first write, ensures the `qad` group and
 * properties of its object types exist (idempotent; 409 counts as existing). What succeeded is
 * not asked again by this bootstrap; a failure is retried on the next run.
 */
export function propertyBootstrap(
  hubspot: Pick<HubSpotClient, 'ensurePropertyGroup' | 'ensureProperties'>,
): (flow: FlowId) => Promise<void> {
  const done = new Set<string>();
  return async (flow) => {
    for (const type of FLOW_OBJECT_TYPES[flow]) {
      const extra = FLOW_EXTRA_PROPERTIES[flow]?.[type] ?? [];
      const set = extra.length > 0 ? `${type}:${flow}` : type;
      if (done.has(set)) continue;
      await hubspot.ensurePropertyGroup(type, 'qad', 'QAD');
      await hubspot.ensureProperties(type, [...QAD_PROPERTIES[type], ...extra]);
      done.add(set);
    }
  };
}
