/** Item browse rows → QadItem. */
import { z } from 'zod';
import type { QadBrowseSpec } from '../defaults.js';
import type { NormaliseResult, QadItem } from '../types.js';
import type { QadNormaliseContext } from './accounts.js';
import { amount, isoDay, optionalText, pick, requiredText, validateRow } from './coerce.js';

/** pt_status values that mean "not sellable" (compared case-insensitively). */
export const INACTIVE_ITEM_STATUSES = ['INACTIVE', 'OBSOLETE', 'OBS', 'DEAD', 'I'] as const;

const schema = z.object({
  itemCode: requiredText,
  description: requiredText,
  productLine: optionalText,
  uom: requiredText,
  listPrice: amount.optional().default(0),
  currency: optionalText,
  status: optionalText,
  domain: optionalText,
  modifiedDate: isoDay,
});

/** An item row → QadItem; without a currency column the context's base currency applies. */
export function normaliseItemRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'item'>,
  ctx: QadNormaliseContext,
): NormaliseResult<QadItem> {
  const columns = spec.columns as Record<string, string>;
  const picked = pick(row, columns);
  if (picked['listPrice'] === '' || picked['listPrice'] === null) picked['listPrice'] = undefined;
  const rowKey = typeof picked['itemCode'] === 'string' ? picked['itemCode'] : undefined;
  const checked = validateRow(schema, picked, columns, rowKey);
  if (!checked.ok) return checked.result;
  const v = checked.value;
  const domain = v.domain ?? ctx.domain;
  const status = (v.status ?? '').toUpperCase();
  const item: QadItem = {
    key: `${domain}/${v.itemCode}`,
    itemCode: v.itemCode,
    description: v.description,
    uom: v.uom,
    listPrice: v.listPrice,
    currency: v.currency ?? ctx.baseCurrency ?? 'USD',
    active: !(INACTIVE_ITEM_STATUSES as readonly string[]).includes(status),
    domain,
    modifiedDate: v.modifiedDate,
  };
  if (v.productLine !== undefined) item.productLine = v.productLine;
  return { status: 'ok', record: item };
}
