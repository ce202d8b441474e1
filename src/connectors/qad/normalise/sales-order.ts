/** Sales-order browse rows → QadSalesOrderSummary (used by the PO lookup). */
import { z } from 'zod';
import type { QadBrowseSpec } from '../defaults.js';
import type { NormaliseResult, QadSalesOrderSummary } from '../types.js';
import { optionalText, pick, requiredText, validateRow } from './coerce.js';

const schema = z.object({
  orderNumber: requiredText,
  customerCode: requiredText,
  po: requiredText,
  currency: optionalText,
  domain: optionalText,
});

/** A sales-order row → summary (or invalid naming the field). */
export function normaliseSalesOrderRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'salesOrder'>,
): NormaliseResult<QadSalesOrderSummary> {
  const columns = spec.columns as Record<string, string>;
  const picked = pick(row, columns);
  const rowKey = typeof picked['orderNumber'] === 'string' ? picked['orderNumber'] : undefined;
  const checked = validateRow(schema, picked, columns, rowKey);
  if (!checked.ok) return checked.result;
  const v = checked.value;
  const summary: QadSalesOrderSummary = {
    orderNumber: v.orderNumber,
    customerCode: v.customerCode,
    po: v.po,
  };
  if (v.currency !== undefined) summary.currency = v.currency;
  return { status: 'ok', record: summary };
}
