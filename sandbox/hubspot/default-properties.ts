/** Realistic HubSpot-defined properties seeded for every object type (vendor-facts.md: "Records and default properties"). */
import type { ObjectType } from './object-types.js';
import { ORDER_GROUP, orderProperties } from './order-object.js';

/** A compact seed definition; `properties.ts` expands it to a full property. */
export interface PropertySeed {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';
  fieldType: string;
  /** Enumeration option values (labels derived). */
  options?: readonly string[];
  /** Value is computed by HubSpot: writes → 400 READ_ONLY_VALUE. */
  readOnly?: boolean;
  /** Options come from elsewhere (owners, pipelines): not validated against `options`. */
  externalOptions?: boolean;
  group?: string;
}

const s = (name: string, label: string): PropertySeed => ({ name, label, type: 'string', fieldType: 'text' });
const n = (name: string, label: string): PropertySeed => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
});
const e = (name: string, label: string, options: readonly string[]): PropertySeed => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  options,
});
const ro = (seed: PropertySeed): PropertySeed => ({ ...seed, readOnly: true });
const dt = (name: string, label: string): PropertySeed => ({
  name,
  label,
  type: 'datetime',
  fieldType: 'date',
});

const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];
const OWNER: PropertySeed = {
  name: 'hubspot_owner_id',
  label: 'Owner',
  type: 'enumeration',
  fieldType: 'select',
  externalOptions: true,
};
const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'MXN',
  'JPY',
  'CNY',
  'CHF',
  'AUD',
  'INR',
  'BRL',
  'SEK',
  'PLN',
];
const ADDRESS = [s('address', 'Street address'), s('city', 'City'), s('state', 'State/Region')];
const ADDRESS2 = [s('zip', 'Postal code'), s('country', 'Country/Region'), s('phone', 'Phone number')];

function common(modified: string): PropertySeed[] {
  return [
    ro(n('hs_object_id', 'Record ID')),
    ro(dt('createdate', 'Create date')),
    ro(dt(modified, 'Last modified date')),
    OWNER,
  ];
}

/** The seeded properties per object type; custom ones are added through the Properties API. */
export const DEFAULT_PROPERTIES: Readonly<Record<ObjectType, readonly PropertySeed[]>> = {
  companies: [
    ...common('hs_lastmodifieddate'),
    s('name', 'Company name'),
    s('domain', 'Company domain name'),
    s('website', 'Website URL'),
    ...ADDRESS,
    ...ADDRESS2,
    e('industry', 'Industry', [
      'MANUFACTURING',
      'MACHINERY',
      'AUTOMOTIVE',
      'SOFTWARE',
      'WHOLESALE',
      'RETAIL',
    ]),
    e('type', 'Type', ['PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER']),
    e('lifecyclestage', 'Lifecycle stage', LIFECYCLE),
    n('numberofemployees', 'Number of employees'),
    n('annualrevenue', 'Annual revenue'),
    { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea' },
  ],
  contacts: [
    ...common('lastmodifieddate'),
    s('email', 'Email'),
    s('firstname', 'First name'),
    s('lastname', 'Last name'),
    s('mobilephone', 'Mobile phone number'),
    s('jobtitle', 'Job title'),
    s('company', 'Company name'),
    s('website', 'Website URL'),
    ...ADDRESS,
    ...ADDRESS2,
    e('lifecyclestage', 'Lifecycle stage', LIFECYCLE),
  ],
  deals: [
    ...common('hs_lastmodifieddate'),
    s('dealname', 'Deal name'),
    n('amount', 'Amount'),
    { ...e('dealstage', 'Deal stage', []), externalOptions: true },
    { ...e('pipeline', 'Pipeline', []), externalOptions: true },
    dt('closedate', 'Close date'),
    e('dealtype', 'Deal type', ['newbusiness', 'existingbusiness']),
    e('deal_currency_code', 'Currency', CURRENCIES),
    { name: 'description', label: 'Deal description', type: 'string', fieldType: 'textarea' },
    ro({ name: 'hs_is_closed', label: 'Is deal closed?', type: 'bool', fieldType: 'booleancheckbox' }),
    ro({ name: 'hs_is_closed_won', label: 'Is closed won', type: 'bool', fieldType: 'booleancheckbox' }),
    ro({ name: 'hs_is_closed_lost', label: 'Is closed lost', type: 'bool', fieldType: 'booleancheckbox' }),
    ro(n('hs_deal_stage_probability', 'Deal probability')),
  ],
  products: [
    ...common('hs_lastmodifieddate'),
    s('name', 'Name'),
    { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea' },
    n('price', 'Unit price'),
    s('hs_sku', 'SKU'),
    n('hs_cost_of_goods_sold', 'Unit cost'),
    s('hs_recurring_billing_period', 'Term'),
    e('recurringbillingfrequency', 'Billing frequency', [
      'monthly',
      'quarterly',
      'per_six_months',
      'annually',
      'per_two_years',
      'per_three_years',
    ]),
    e('hs_product_type', 'Product type', ['inventory', 'non_inventory', 'service']),
  ],
  line_items: [
    ...common('hs_lastmodifieddate'),
    s('name', 'Name'),
    { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea' },
    n('quantity', 'Quantity'),
    n('price', 'Unit price'),
    n('amount', 'Net price'),
    n('discount', 'Unit discount'),
    ro(n('hs_total_discount', 'Total discount')),
    n('hs_product_id', 'Product ID'),
    s('hs_sku', 'SKU'),
    e('hs_line_item_currency_code', 'Currency', CURRENCIES),
    s('hs_recurring_billing_period', 'Term'),
    n('hs_position_on_quote', 'Position on quote'),
    s('hs_tax_rate_group_id', 'Tax rate group'),
  ],
  orders: orderProperties(CURRENCIES),
};

/** The default property group per object type. */
export const DEFAULT_GROUPS: Readonly<Record<ObjectType, { name: string; label: string }>> = {
  companies: { name: 'companyinformation', label: 'Company information' },
  contacts: { name: 'contactinformation', label: 'Contact information' },
  deals: { name: 'dealinformation', label: 'Deal information' },
  products: { name: 'productinformation', label: 'Product information' },
  line_items: { name: 'lineiteminformation', label: 'Line item information' },
  orders: ORDER_GROUP,
};
