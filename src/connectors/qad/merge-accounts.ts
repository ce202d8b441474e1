/**
 * One company per real account (docs/architecture.md: "One company per business relation"): customer and supplier parts of the same business
 * relation become one QadAccount carrying both roles.
 */
import type { QadBusinessRelation } from './normalise/accounts.js';
import type { QadAccount, QadAccountRole } from './types.js';

const ADDRESS_FIELDS = [
  'street1',
  'street2',
  'street3',
  'city',
  'state',
  'zip',
  'country',
  'phone',
  'email',
  'webSite',
] as const;
const ROLE_ORDER: QadAccountRole[] = ['customer', 'supplier'];

/**
 * Merges account parts by `key`: roles and accepted currencies are unioned, codes kept per role,
 * name/address/currency taken from the customer part (else the first part), `active` if any part
 * is active, `modifiedDate` the latest. When `relations` holds the business relation, its name and
 * address win (addresses live on the BR in EE) and its change date counts too.
 * Output order follows the first appearance of each key.
 */
export function mergeQadAccounts(
  parts: readonly QadAccount[],
  relations: ReadonlyMap<string, QadBusinessRelation> = new Map(),
): QadAccount[] {
  const groups = new Map<string, QadAccount[]>();
  for (const part of parts) {
    const group = groups.get(part.key);
    if (group) group.push(part);
    else groups.set(part.key, [part]);
  }
  const merged: QadAccount[] = [];
  for (const group of groups.values()) {
    const primary = group.find((p) => p.roles.includes('customer')) ?? group[0];
    if (!primary) continue;
    const account: QadAccount = { ...primary, roles: [], acceptedCurrencies: [] };
    const roles = new Set<QadAccountRole>();
    const currencies = new Set<string>([primary.currency]);
    for (const part of group) {
      for (const role of part.roles) roles.add(role);
      for (const c of part.acceptedCurrencies) currencies.add(c);
      if (part.customerCode !== undefined) account.customerCode ??= part.customerCode;
      if (part.supplierCode !== undefined) account.supplierCode ??= part.supplierCode;
      for (const field of ADDRESS_FIELDS) {
        const value = part[field];
        if (account[field] === undefined && value !== undefined) account[field] = value;
      }
      if (part.modifiedDate > account.modifiedDate) account.modifiedDate = part.modifiedDate;
    }
    account.active = group.some((p) => p.active);
    const relation = relations.get(primary.businessRelationCode);
    if (relation) {
      account.name = relation.name;
      for (const field of ADDRESS_FIELDS) {
        const value = relation[field];
        if (value !== undefined) account[field] = value;
      }
      if (!relation.active) account.active = false;
      if (relation.modifiedDate > account.modifiedDate) account.modifiedDate = relation.modifiedDate;
    }
    account.roles = ROLE_ORDER.filter((r) => roles.has(r));
    account.acceptedCurrencies = [...currencies].sort();
    merged.push(account);
  }
  return merged;
}
