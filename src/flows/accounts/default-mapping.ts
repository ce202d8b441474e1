/**
 * Default mapping of the accounts flow: one HubSpot company per QAD business relation, carrying
 * its customer and supplier roles. Overridable per connection (`flows.accounts.mapping`).
 */
import type { QadAccount } from '../../connectors/qad/index.js';
import type { MappingTable } from '../../engine/mapping.js';
import { companyDomain } from '../match-keys.js';

/** The upsert key (unique company property created by the connector). */
export const ACCOUNT_KEY_PROPERTY = 'qad_account_key';

/** The field view a mapping reads: the QAD account plus derived fields. */
export function accountView(a: QadAccount): Record<string, unknown> {
  const customer = a.roles.includes('customer');
  return {
    ...a,
    address: [a.street1, a.street2, a.street3].filter((s) => s !== undefined && s !== '').join(', '),
    lifecycleStage: customer ? 'customer' : undefined,
    vendorType: !customer && a.roles.includes('supplier') ? 'VENDOR' : undefined,
    status: a.active ? 'active' : 'inactive',
    companyDomain: companyDomain(a.webSite, a.email),
  };
}

export const ACCOUNTS_MAPPING: MappingTable = {
  fields: [
    'key',
    'businessRelationCode',
    'customerCode',
    'supplierCode',
    'roles',
    'name',
    'street1',
    'street2',
    'street3',
    'address',
    'city',
    'state',
    'zip',
    'country',
    'phone',
    'currency',
    'acceptedCurrencies',
    'active',
    'status',
    'domain',
    'email',
    'webSite',
    'companyDomain',
    'modifiedDate',
    'lifecycleStage',
    'vendorType',
  ],
  rows: [
    {
      property: ACCOUNT_KEY_PROPERTY,
      rule: { from: 'key', required: true },
      description: 'Namespaced key `<domain>/<business relation>`.',
    },
    {
      property: 'name',
      rule: { from: 'name', transform: 'trim', required: true },
      description: 'Business relation name.',
    },
    {
      property: 'qad_customer_code',
      rule: { from: 'customerCode' },
      description: 'QAD customer code (customer role).',
    },
    {
      property: 'qad_supplier_code',
      rule: { from: 'supplierCode' },
      description: 'QAD supplier code (supplier role).',
    },
    {
      property: 'qad_account_roles',
      rule: { from: 'roles' },
      description: '`customer`, `supplier` or `customer;supplier`.',
    },
    {
      property: 'lifecyclestage',
      rule: { from: 'lifecycleStage' },
      description: '`customer` when the account has the customer role.',
    },
    { property: 'type', rule: { from: 'vendorType' }, description: '`VENDOR` for supplier-only accounts.' },
    { property: 'qad_status', rule: { from: 'status' }, description: '`active` or `inactive`.' },
    { property: 'qad_domain', rule: { from: 'domain' }, description: 'QAD domain.' },
    {
      property: 'address',
      rule: { from: 'address', transform: 'trim' },
      description: 'Street lines joined with ", ".',
    },
    { property: 'city', rule: { from: 'city', transform: 'trim' }, description: 'City.' },
    { property: 'state', rule: { from: 'state', transform: 'trim' }, description: 'State / region code.' },
    { property: 'zip', rule: { from: 'zip', transform: 'trim' }, description: 'Postal code.' },
    {
      property: 'country',
      rule: { from: 'country', transform: 'trim' },
      description: 'Country code as QAD stores it.',
    },
    { property: 'phone', rule: { from: 'phone', transform: 'trim' }, description: 'Telephone.' },
    {
      property: 'domain',
      rule: { from: 'companyDomain' },
      description:
        'Company domain: the web site host, else the e-mail domain (not free-mail); lower case, no scheme, `www.` or path.',
    },
    {
      property: 'website',
      rule: { from: 'webSite', transform: 'trim' },
      description: 'Web site as QAD stores it.',
    },
  ],
};
