/**
 * Everything the sandbox knows about HubSpot's commerce Orders object, in one place, each fact
 * tagged with how sure we are and where it comes from (see README.md, "Orders"):
 *
 * - DOCUMENTED (HubSpot orders guide, https://developers.hubspot.com/docs/api-reference/latest/crm/objects/orders/guide):
 *   paths `/crm/v3/objects/order` and `/crm/objects/2026-03/order`; scopes
 *   `crm.objects.orders.read` / `crm.objects.orders.write`; properties `hs_order_name`,
 *   `hs_currency_code`, `hs_source_store`, `hs_fulfillment_status`, `hs_shipping_address_city`,
 *   `hs_shipping_address_state`, `hs_shipping_address_street`, and in the create response
 *   `hs_created_by_user_id`, `hs_createdate`, `hs_exchange_rate`; association type ids are listed
 *   per object in that guide and served by `GET /crm/v4/associations/order/{toObjectType}/labels`.
 * - DOCUMENTED (https://developers.hubspot.com/docs/api/crm/pipelines): orders have pipelines.
 * - ASSUMED: object type id `0-123` and the plural `orders` path (used by every public integration
 *   found); the association type ids below, the default pipeline and stage ids, the remaining
 *   property names — each identical across several independent public integrations, not read in
 *   HubSpot's own pages (the search corpus returned only their opening paragraphs).
 * - ASSUMED (sandbox choices): the schema-write scope, defaults on create (default pipeline, first
 *   stage, exchange rate 1.0), stage metadata `{}`, property types.
 */
import type { PropertySeed } from './default-properties.js';
import type { ObjectTypeInfo } from './object-types.js';

/** Object type id of orders (ASSUMED, see above). */
export const ORDER_TYPE_ID = '0-123';

/** Static facts of the orders type. */
export const ORDER_TYPE: ObjectTypeInfo = {
  name: 'orders',
  typeId: ORDER_TYPE_ID,
  singular: 'order',
  upper: 'ORDER',
  modifiedProperty: 'hs_lastmodifieddate',
  createdProperty: 'hs_createdate',
  defaultProperties: [
    'hs_createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_order_name',
    'hs_currency_code',
    'hs_total_price',
    'hs_pipeline_stage',
  ],
  readScopes: ['crm.objects.orders.read'],
  writeScopes: ['crm.objects.orders.write'],
  schemaReadScopes: ['crm.objects.orders.read', 'crm.schemas.orders.read'],
  schemaWriteScopes: ['crm.schemas.orders.write', 'crm.objects.orders.write'],
};

/**
 * HUBSPOT_DEFINED association type ids between orders and the types the connector links them to
 * (ASSUMED: HubSpot's association-type table as reproduced by several public integrations —
 * order→contact 507, order→company 509, order→deal 512, order→line item 513 and the reverse
 * 508/510/511/514). All unlabeled; orders have no "primary" association.
 */
export const ORDER_ASSOCIATION_TYPE_IDS = {
  contacts: { fromOrder: 507, toOrder: 508 },
  companies: { fromOrder: 509, toOrder: 510 },
  deals: { fromOrder: 512, toOrder: 511 },
  line_items: { fromOrder: 513, toOrder: 514 },
} as const;

/** The default order pipeline and its stages, in display order (ids and labels ASSUMED, see above). */
export const ORDER_PIPELINE = {
  id: '14a2e10e-5471-408a-906e-c51f3b04369e',
  label: 'Order Pipeline',
  stages: [
    { id: '4b27b500-f031-4927-9811-68a0b525cbae', label: 'Open' },
    { id: '937ea84d-0a4f-4dcf-9028-3f9c2aafbf03', label: 'Processed' },
    { id: 'aa99e8d0-c1d5-4071-b915-d240bbb1aed9', label: 'Shipped' },
    { id: '3725360f-519b-4b18-a593-494d60a29c9f', label: 'Delivered' },
    { id: '3c85a297-e9ce-400b-b42e-9f16853d69d6', label: 'Cancelled' },
  ],
} as const;

/** Default property group of orders (ASSUMED name). */
export const ORDER_GROUP = { name: 'orderinformation', label: 'Order information' };

const FIELD_TYPES: Partial<Record<PropertySeed['type'], string>> = {
  number: 'number',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
};

function prop(
  name: string,
  label: string,
  type: PropertySeed['type'],
  extra: Partial<PropertySeed> = {},
): PropertySeed {
  return { name, label, type, fieldType: FIELD_TYPES[type] ?? 'text', ...extra };
}

const address = (kind: 'billing' | 'shipping'): PropertySeed[] =>
  ['name', 'street', 'city', 'state', 'postal_code', 'country', 'email', 'phone'].map((part) =>
    prop(`hs_${kind}_address_${part}`, `${kind === 'billing' ? 'Billing' : 'Shipping'} ${part}`, 'string'),
  );

/** HubSpot-defined order properties (DOCUMENTED or ASSUMED, see above); `currencies` = portal currency options. */
export function orderProperties(currencies: readonly string[]): PropertySeed[] {
  return [
    prop('hs_object_id', 'Record ID', 'number', { readOnly: true }),
    prop('hs_createdate', 'Create date', 'datetime', { readOnly: true }),
    prop('hs_lastmodifieddate', 'Last modified date', 'datetime', { readOnly: true }),
    prop('hs_created_by_user_id', 'Created by user ID', 'number', { readOnly: true }),
    prop('hubspot_owner_id', 'Owner', 'enumeration', { externalOptions: true }),
    prop('hs_order_name', 'Name', 'string'),
    prop('hs_currency_code', 'Currency', 'enumeration', { options: currencies }),
    prop('hs_exchange_rate', 'Exchange rate', 'number', { readOnly: true }),
    prop('hs_total_price', 'Total price', 'number'),
    prop('hs_subtotal_price', 'Subtotal', 'number'),
    prop('hs_tax', 'Tax', 'number'),
    prop('hs_shipping_cost', 'Shipping cost', 'number'),
    prop('hs_discount_codes', 'Discount codes', 'string'),
    prop('hs_source_store', 'Source store', 'string'),
    prop('hs_fulfillment_status', 'Fulfillment status', 'string'),
    prop('hs_external_order_id', 'External order ID', 'string'),
    prop('hs_external_order_status', 'External order status', 'string'),
    prop('hs_external_order_url', 'External order URL', 'string'),
    prop('hs_external_created_date', 'External created date', 'datetime'),
    prop('hs_processed_date', 'Processed date', 'datetime'),
    prop('hs_shipping_tracking_number', 'Shipping tracking number', 'string'),
    prop('hs_pipeline', 'Pipeline', 'enumeration', { externalOptions: true }),
    prop('hs_pipeline_stage', 'Stage', 'enumeration', { externalOptions: true }),
    ...address('billing'),
    ...address('shipping'),
  ];
}
