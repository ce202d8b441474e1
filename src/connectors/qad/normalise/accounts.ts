/**
 * Customer, supplier and business-relation browse rows → QadAccount parts (one role each).
 * `mergeQadAccounts` then folds the parts of one business relation into one account.
 */
import { z } from 'zod';
import type { QadBrowseSpec } from '../defaults.js';
import type { NormaliseResult, QadAccount } from '../types.js';
import { currencyList, flag, isoDay, optionalText, pick, requiredText, validateRow } from './coerce.js';

/** What normalisers need besides the row. */
export interface QadNormaliseContext {
  /** Key namespace and default domain, e.g. `10USA`. */
  domain: string;
  /** Currency for rows without one (items carry none in pt_mstr); default `USD`. */
  baseCurrency?: string;
}

const address = {
  street1: optionalText,
  street2: optionalText,
  street3: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  country: optionalText,
  phone: optionalText,
  email: optionalText,
  webSite: optionalText,
};

const partySchema = z.object({
  code: requiredText,
  businessRelationCode: optionalText,
  name: requiredText,
  ...address,
  currency: optionalText,
  acceptedCurrencies: currencyList,
  active: flag.optional().default(true),
  modifiedDate: isoDay,
});

type Role = 'customer' | 'supplier';

function normaliseParty(
  role: Role,
  row: Record<string, unknown>,
  columns: Record<string, string>,
  codeField: string,
  ctx: QadNormaliseContext,
): NormaliseResult<QadAccount> {
  const { [codeField]: codeColumn, ...rest } = columns;
  const mapped = { code: codeColumn ?? '', ...rest };
  const picked = pick(row, mapped);
  const rowKey = typeof picked['code'] === 'string' ? picked['code'] : undefined;
  const checked = validateRow(partySchema, picked, mapped, rowKey);
  if (!checked.ok) {
    const r = checked.result;
    return r.status === 'invalid' && r.field === 'code' ? { ...r, field: codeField } : r;
  }
  const v = checked.value;
  // Sites without business relations (SE) key the account on the address code instead.
  const br = v.businessRelationCode ?? v.code;
  const currency = v.currency ?? ctx.baseCurrency ?? 'USD';
  const account: QadAccount = {
    key: `${ctx.domain}/${br}`,
    businessRelationCode: br,
    roles: [role],
    name: v.name,
    currency,
    acceptedCurrencies: [...new Set([currency, ...v.acceptedCurrencies])].sort(),
    active: v.active,
    domain: ctx.domain,
    modifiedDate: v.modifiedDate,
  };
  if (role === 'customer') account.customerCode = v.code;
  else account.supplierCode = v.code;
  for (const field of Object.keys(address) as (keyof typeof address)[]) {
    const value = v[field];
    if (value !== undefined) account[field] = value;
  }
  return { status: 'ok', record: account };
}

/** A customer browse row → a customer-role account part. */
export function normaliseCustomerRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'customer'>,
  ctx: QadNormaliseContext,
): NormaliseResult<QadAccount> {
  return normaliseParty('customer', row, spec.columns, 'customerCode', ctx);
}

/** A supplier browse row → a supplier-role account part. */
export function normaliseSupplierRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'supplier'>,
  ctx: QadNormaliseContext,
): NormaliseResult<QadAccount> {
  return normaliseParty('supplier', row, spec.columns, 'supplierCode', ctx);
}

/** The address-bearing half of an account, from the business-relation browse. */
export interface QadBusinessRelation {
  businessRelationCode: string;
  name: string;
  street1?: string;
  street2?: string;
  street3?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  phone?: string;
  email?: string;
  webSite?: string;
  active: boolean;
  modifiedDate: string;
}

const relationSchema = z.object({
  businessRelationCode: requiredText,
  name: requiredText,
  ...address,
  active: flag.optional().default(true),
  modifiedDate: isoDay,
});

/** A business-relation browse row → QadBusinessRelation (or invalid naming the field). */
export function normaliseBusinessRelationRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'businessRelation'>,
): NormaliseResult<QadBusinessRelation> {
  const columns = spec.columns as Record<string, string>;
  const picked = pick(row, columns);
  const rowKey =
    typeof picked['businessRelationCode'] === 'string' ? picked['businessRelationCode'] : undefined;
  const checked = validateRow(relationSchema, picked, columns, rowKey);
  if (!checked.ok) return checked.result;
  const v = checked.value;
  const relation: QadBusinessRelation = {
    businessRelationCode: v.businessRelationCode,
    name: v.name,
    active: v.active,
    modifiedDate: v.modifiedDate,
  };
  for (const field of Object.keys(address) as (keyof typeof address)[]) {
    const value = v[field];
    if (value !== undefined) relation[field] = value;
  }
  return { status: 'ok', record: relation };
}
