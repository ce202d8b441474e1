/**
 * Default mapping of the contacts flow: QAD contacts → HubSpot contacts, upserted on
 * `qad_contact_key` and carrying `email`. Overridable per connection (`flows.contacts.mapping`).
 */
import type { QadContact } from '../../connectors/qad/index.js';
import type { MappingTable } from '../../engine/mapping.js';

export const CONTACT_KEY_PROPERTY = 'qad_contact_key';

export function contactView(c: QadContact): Record<string, unknown> {
  return { ...c };
}

export const CONTACTS_MAPPING: MappingTable = {
  fields: ['key', 'accountKey', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'modifiedDate'],
  rows: [
    {
      property: CONTACT_KEY_PROPERTY,
      rule: { from: 'key', required: true },
      description: 'Namespaced key `<account key>/<contact id>`.',
    },
    {
      property: 'qad_account_key',
      rule: { from: 'accountKey' },
      description: 'Key of the QAD account (company).',
    },
    { property: 'firstname', rule: { from: 'firstName', transform: 'trim' }, description: 'First name.' },
    { property: 'lastname', rule: { from: 'lastName', transform: 'trim' }, description: 'Last name.' },
    {
      property: 'email',
      rule: { from: 'email', transform: 'lower' },
      description: 'E-mail (validated; lower-cased).',
    },
    { property: 'phone', rule: { from: 'phone', transform: 'trim' }, description: 'Telephone.' },
    {
      property: 'jobtitle',
      rule: { from: 'jobTitle', transform: 'trim' },
      description: 'Function / job title.',
    },
  ],
};
