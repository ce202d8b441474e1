/** The CRM object types the sandbox serves, their type ids, names and scopes. */
import { ApiError, errorBody } from './errors.js';
import { ORDER_TYPE } from './order-object.js';

/** Canonical plural object type names. */
export type ObjectType = 'companies' | 'contacts' | 'deals' | 'products' | 'line_items' | 'orders';

/** Static facts about one object type. */
export interface ObjectTypeInfo {
  name: ObjectType;
  typeId: string;
  /** Singular name used in association type labels (`deal_to_company`). */
  singular: string;
  /** Upper-case name used in some error messages (`CONTACT`). */
  upper: string;
  /** The modified-date property (`lastmodifieddate` for contacts). */
  modifiedProperty: string;
  /** The create-date property (`createdate`; `hs_createdate` for orders). */
  createdProperty: string;
  /** Properties returned when a request names none (vendor-facts.md: "Records and default properties"). */
  defaultProperties: readonly string[];
  readScopes: readonly string[];
  writeScopes: readonly string[];
  schemaReadScopes: readonly string[];
  schemaWriteScopes: readonly string[];
}

const ecommerce = 'e-commerce';

function info(
  name: ObjectType,
  typeId: string,
  singular: string,
  modifiedProperty: string,
  defaultProperties: string[],
  extraScopes: string[],
  schemaWrite: string[],
): ObjectTypeInfo {
  return {
    name,
    typeId,
    singular,
    upper: singular.toUpperCase(),
    modifiedProperty,
    createdProperty: 'createdate',
    defaultProperties: ['createdate', modifiedProperty, 'hs_object_id', ...defaultProperties],
    readScopes: [`crm.objects.${name}.read`, ...extraScopes],
    writeScopes: [`crm.objects.${name}.write`, ...extraScopes],
    schemaReadScopes: [`crm.objects.${name}.read`, `crm.schemas.${name}.read`, ...extraScopes],
    schemaWriteScopes: schemaWrite,
  };
}

/** All object types, keyed by canonical name. */
export const OBJECT_TYPES: Readonly<Record<ObjectType, ObjectTypeInfo>> = {
  contacts: info(
    'contacts',
    '0-1',
    'contact',
    'lastmodifieddate',
    ['email', 'firstname', 'lastname'],
    [],
    ['crm.schemas.contacts.write'],
  ),
  companies: info(
    'companies',
    '0-2',
    'company',
    'hs_lastmodifieddate',
    ['domain', 'name'],
    [],
    ['crm.schemas.companies.write'],
  ),
  deals: info(
    'deals',
    '0-3',
    'deal',
    'hs_lastmodifieddate',
    ['amount', 'closedate', 'dealname', 'dealstage', 'pipeline'],
    [],
    ['crm.schemas.deals.write'],
  ),
  products: info(
    'products',
    '0-7',
    'product',
    'hs_lastmodifieddate',
    ['description', 'name', 'price'],
    [ecommerce],
    [ecommerce],
  ),
  line_items: info(
    'line_items',
    '0-8',
    'line_item',
    'hs_lastmodifieddate',
    ['amount', 'name', 'price', 'quantity', 'hs_product_id'],
    [ecommerce],
    [ecommerce],
  ),
  orders: ORDER_TYPE,
};

/** Every object type name. */
export const OBJECT_TYPE_NAMES = Object.keys(OBJECT_TYPES) as ObjectType[];

const ALIASES: Record<string, ObjectType> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  product: 'products',
  line_item: 'line_items',
  lineitems: 'line_items',
  line_items: 'line_items',
  order: 'orders',
};

/** Resolves a path segment (`deals`, `0-3`, `deal`) to a type, or undefined. */
export function findObjectType(segment: string): ObjectType | undefined {
  const lower = segment.toLowerCase();
  if (lower in OBJECT_TYPES) return lower as ObjectType;
  for (const t of OBJECT_TYPE_NAMES) if (OBJECT_TYPES[t].typeId === lower) return t;
  return ALIASES[lower];
}

/** Resolves a path segment or answers HubSpot's 400 for unknown object types. */
export function resolveObjectType(segment: string): ObjectType {
  const t = findObjectType(segment);
  if (!t)
    throw new ApiError(400, {
      ...errorBody('VALIDATION_ERROR', `Unable to infer object type from: ${segment}`),
    });
  return t;
}

/** Every scope the sandbox knows, for the default all-powerful token. */
export const ALL_SCOPES: readonly string[] = [
  ...new Set(
    OBJECT_TYPE_NAMES.flatMap((t) => {
      const i = OBJECT_TYPES[t];
      return [...i.readScopes, ...i.writeScopes, ...i.schemaReadScopes, ...i.schemaWriteScopes];
    }),
  ),
  'oauth',
];
