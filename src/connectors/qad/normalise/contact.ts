/** Contact browse rows → QadContact, keyed under their account. */
import { z } from 'zod';
import type { QadBrowseSpec } from '../defaults.js';
import type { NormaliseResult, QadContact } from '../types.js';
import type { QadNormaliseContext } from './accounts.js';
import { isoDay, optionalText, pick, requiredText, validateRow } from './coerce.js';

const schema = z.object({
  contactId: requiredText,
  businessRelationCode: requiredText,
  name: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText.pipe(z.email('is not an e-mail address').optional()),
  phone: optionalText,
  jobTitle: optionalText,
  modifiedDate: isoDay,
});

/** Splits QAD's single `ContactName` into first and last name at the last space. */
export function splitContactName(full: string): { firstName: string; lastName: string } {
  const name = full.trim().replace(/\s+/g, ' ');
  const cut = name.lastIndexOf(' ');
  return cut < 0
    ? { firstName: '', lastName: name }
    : { firstName: name.slice(0, cut), lastName: name.slice(cut + 1) };
}

/**
 * A contact row → QadContact. Needs either first/last name columns or a full name; the account key
 * is `<domain>/<businessRelationCode>` (the same key QadAccount uses).
 */
export function normaliseContactRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'contact'>,
  ctx: QadNormaliseContext,
): NormaliseResult<QadContact> {
  const columns = spec.columns as Record<string, string>;
  const picked = pick(row, columns);
  const rowKey = typeof picked['contactId'] === 'string' ? picked['contactId'] : undefined;
  const checked = validateRow(schema, picked, columns, rowKey);
  if (!checked.ok) return checked.result;
  const v = checked.value;
  let firstName = v.firstName ?? '';
  let lastName = v.lastName ?? '';
  if (firstName === '' && lastName === '' && v.name !== undefined)
    ({ firstName, lastName } = splitContactName(v.name));
  if (firstName === '' && lastName === '') {
    const invalid: NormaliseResult<QadContact> = {
      status: 'invalid',
      field: 'name',
      reason: `name is missing (columns ${columns['name'] ?? '?'}, ${columns['lastName'] ?? '?'})`,
    };
    if (rowKey !== undefined) invalid.rowKey = rowKey;
    return invalid;
  }
  const accountKey = `${ctx.domain}/${v.businessRelationCode}`;
  const contact: QadContact = {
    key: `${accountKey}/${v.contactId}`,
    accountKey,
    firstName,
    lastName,
    modifiedDate: v.modifiedDate,
  };
  if (v.email !== undefined) contact.email = v.email.toLowerCase();
  if (v.phone !== undefined) contact.phone = v.phone;
  if (v.jobTitle !== undefined) contact.jobTitle = v.jobTitle;
  return { status: 'ok', record: contact };
}
