/**
 * Sales-order browse rows of the `qad-orders` flow → typed orders and lines (or invalid naming the
 * field). The life status comes from the browse's calculated column when it is one of the seven
 * known values; otherwise (a tenant without that column) it is derived from the action status and
 * the amounts, with the same precedence: cancelled, closed, on hold, invoiced, shipped, partially
 * shipped, open.
 */
import { z } from 'zod';
import type { QadBrowseSpec } from '../defaults.js';
import {
  QAD_ORDER_LIFE_STATUSES,
  type NormaliseResult,
  type QadOrder,
  type QadOrderLifeStatus,
  type QadOrderLine,
} from '../types.js';
import { amount, isoDay, optionalText, pick, requiredText, validateRow } from './coerce.js';

const LIFE_STATUSES: readonly QadOrderLifeStatus[] = QAD_ORDER_LIFE_STATUSES;

const optionalDay = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoDay.optional());
const optionalAmount = z.preprocess((v) => (v === '' || v === null ? undefined : v), amount.optional());

const headerSchema = z.object({
  orderNumber: requiredText,
  domain: optionalText,
  customerCode: requiredText,
  shipToCode: optionalText,
  po: optionalText,
  orderDate: optionalDay,
  requestedDate: optionalDay,
  shipDate: optionalDay,
  invoiceDate: optionalDay,
  currency: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.string().regex(/^[A-Z]{3}$/, 'is not a 3-letter currency code'),
  ),
  actionStatus: optionalText,
  source: optionalText,
  contactId: optionalText,
  lifeStatus: optionalText,
  total: amount,
  invoicedAmount: optionalAmount,
  invoiceNumbers: optionalText,
  shipToName: optionalText,
  shipToStreet1: optionalText,
  shipToStreet2: optionalText,
  shipToCity: optionalText,
  shipToState: optionalText,
  shipToZip: optionalText,
  shipToCountry: optionalText,
  modifiedDate: isoDay,
});

function lifeStatusOf(
  given: string | undefined,
  actionStatus: string,
  invoicedAmount: number,
  shipDate: string | null,
): QadOrderLifeStatus {
  const known = given?.toLowerCase() as QadOrderLifeStatus | undefined;
  if (known !== undefined && LIFE_STATUSES.includes(known)) return known;
  if (actionStatus.toUpperCase() === 'CN') return 'cancelled';
  if (actionStatus.toUpperCase() === 'HD') return 'on_credit_hold';
  if (invoicedAmount > 0) return 'invoiced';
  return shipDate !== null ? 'partially_shipped' : 'open';
}

/** A so803 row → QadOrder keyed `<domain>/<order number>` (`domain` = the connection's). */
export function normaliseOrderHeaderRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'salesOrderHeader'>,
  ctx: { domain: string },
): NormaliseResult<QadOrder> {
  const columns = spec.columns as Record<string, string>;
  const picked = pick(row, columns);
  const rowKey = typeof picked['orderNumber'] === 'string' ? picked['orderNumber'] : undefined;
  const checked = validateRow(headerSchema, picked, columns, rowKey);
  if (!checked.ok) return checked.result;
  const v = checked.value;
  const domain = v.domain ?? ctx.domain;
  const shipDate = v.shipDate ?? null;
  const actionStatus = v.actionStatus ?? '';
  const invoicedAmount = v.invoicedAmount ?? 0;
  return {
    status: 'ok',
    record: {
      key: `${domain}/${v.orderNumber}`,
      orderNumber: v.orderNumber,
      domain,
      customerCode: v.customerCode,
      po: v.po ?? '',
      currency: v.currency,
      orderDate: v.orderDate ?? null,
      requestedDate: v.requestedDate ?? null,
      shipDate,
      invoiceDate: v.invoiceDate ?? null,
      actionStatus,
      lifeStatus: lifeStatusOf(v.lifeStatus, actionStatus, invoicedAmount, shipDate),
      source: v.source ?? '',
      contactId: v.contactId ?? null,
      total: v.total,
      invoicedAmount,
      invoiceNumbers: v.invoiceNumbers ?? '',
      shipTo: {
        code: v.shipToCode ?? v.customerCode,
        name: v.shipToName ?? '',
        street: [v.shipToStreet1, v.shipToStreet2].filter((s) => s !== undefined).join('\n'),
        city: v.shipToCity ?? '',
        state: v.shipToState ?? '',
        zip: v.shipToZip ?? '',
        country: v.shipToCountry ?? '',
      },
      modifiedDate: v.modifiedDate,
    },
  };
}

const lineSchema = z.object({
  orderNumber: requiredText,
  domain: optionalText,
  line: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number().int().positive(),
  ),
  itemCode: requiredText,
  description: optionalText,
  uom: optionalText,
  quantityOrdered: amount,
  quantityShipped: optionalAmount,
  quantityInvoiced: optionalAmount,
  netPrice: amount,
  amount: optionalAmount,
  lineStatus: optionalText,
  modifiedDate: isoDay,
});

/** A so810 row → QadOrderLine keyed `<domain>/<order number>#<line>`. */
export function normaliseOrderLineRow(
  row: Record<string, unknown>,
  spec: QadBrowseSpec<'salesOrderLine'>,
  ctx: { domain: string },
): NormaliseResult<QadOrderLine> {
  const columns = spec.columns as Record<string, string>;
  const picked = pick(row, columns);
  const rowKey =
    typeof picked['orderNumber'] === 'string'
      ? `${picked['orderNumber']}#${String(picked['line'])}`
      : undefined;
  const checked = validateRow(lineSchema, picked, columns, rowKey);
  if (!checked.ok) return checked.result;
  const v = checked.value;
  const orderKey = `${v.domain ?? ctx.domain}/${v.orderNumber}`;
  return {
    status: 'ok',
    record: {
      key: `${orderKey}#${v.line}`,
      orderKey,
      orderNumber: v.orderNumber,
      line: v.line,
      itemCode: v.itemCode,
      description: v.description ?? v.itemCode,
      uom: v.uom ?? '',
      quantityOrdered: v.quantityOrdered,
      quantityShipped: v.quantityShipped ?? 0,
      quantityInvoiced: v.quantityInvoiced ?? 0,
      netPrice: v.netPrice,
      amount: v.amount ?? Math.round(v.quantityOrdered * v.netPrice * 100) / 100,
      lineStatus: v.lineStatus ?? '',
      modifiedDate: v.modifiedDate,
    },
  };
}
