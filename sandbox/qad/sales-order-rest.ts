/**
 * The REST sales-order sequence: header create (`salesOrderHeaders`, 2041 on a duplicate
 * number), line template (`salesOrderLinesGrid?initialize=true`), field changes with
 * server-side defaults (`salesOrderLines/fieldChange`), and line commit (`salesOrderLinesGrid`).
 */
import { orderLineDoc } from './assumed-order-shapes.js';
import {
  ERROR_CODES,
  SO_PO_FIELD,
  failureEnvelope,
  successEnvelope,
  type BusinessError,
} from './assumed-shapes.js';
import { asObject, json, type Reply } from './http-util.js';
import type { RestContext } from './rest-context.js';
import {
  applyFieldChange,
  blankLine,
  buildHeader,
  lineFrom,
  prepareLineForCommit,
} from './sales-order-rules.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function result(ctx: RestContext, errors: readonly BusinessError[]): Reply {
  return json(200, errors.length === 0 ? successEnvelope() : failureEnvelope(ctx.errorEnvelope, errors));
}

function missingOrder(nbr: string): BusinessError {
  return {
    code: ERROR_CODES.unknownOrder,
    message: 'Sales order does not exist.',
    fieldName: 'salesOrderNumber',
    value: nbr,
    severity: 1,
  };
}

/** `POST salesOrderHeaders`: creates each header (all validated first). */
export function createHeaders(ctx: RestContext): Reply {
  const docs = asObject(ctx.body).salesOrderHeaders;
  if (!Array.isArray(docs) || docs.length === 0) {
    return result(ctx, [
      {
        code: ERROR_CODES.mandatory,
        message: 'Body must contain a non-empty salesOrderHeaders array.',
        fieldName: 'salesOrderHeaders',
        severity: 1,
      },
    ]);
  }
  const nowMs = ctx.clock.nowMs();
  const errors: BusinessError[] = [];
  const orders = docs.map((raw) => {
    const d = asObject(raw);
    const built = buildHeader(
      ctx.store,
      {
        salesOrderNumber: str(d.salesOrderNumber),
        domainCode: str(d.domainCode) || ctx.workspaceDomain || '',
        soldToCustomerCode: str(d.soldToCustomerCode),
        billToCustomerCode: str(d.billToCustomerCode),
        shipToCustomerCode: str(d.shipToCustomerCode),
        siteCode: str(d.siteCode),
        currencyCode: str(d.currencyCode),
        purchaseOrder: str(d[SO_PO_FIELD]),
        orderDate: d.orderDate,
        requestedDate: d.requiredDate,
        dueDate: d.dueDate,
        creditTermsCode: str(d.creditTermsCode),
        remarks: str(d.remarks),
      },
      { nowMs, user: ctx.user.username, createdVia: 'rest', checkDuplicate: true },
    );
    errors.push(...built.errors);
    return built.order;
  });
  const numbers = orders.map((o) => o && `${o.domainCode}/${o.salesOrderNumber}`);
  if (new Set(numbers).size !== numbers.length) {
    errors.push({
      code: ERROR_CODES.duplicateOrder,
      message: 'Sales order already exists.',
      fieldName: 'salesOrderNumber',
      severity: 1,
    });
  }
  if (errors.length > 0) return result(ctx, errors);
  for (const order of orders) if (order) ctx.store.putOrder(order);
  return result(ctx, []);
}

/** `GET salesOrderLinesGrid?initialize=true`: a blank line template for the order. */
export function initializeLine(ctx: RestContext): Reply {
  const q = ctx.url.searchParams;
  const nbr = q.get('salesOrderNumber') ?? '';
  const order = ctx.store.getOrder(q.get('domainCode') ?? ctx.workspaceDomain ?? '', nbr);
  if (!order) return result(ctx, [missingOrder(nbr)]);
  return json(200, { data: { salesOrderLines: [orderLineDoc(order, blankLine(order), 'C')] } });
}

function lineAndOrder(ctx: RestContext): { raw: Record<string, unknown>; nbr: string; domainCode: string } {
  const lines = asObject(ctx.body).salesOrderLines;
  const raw = asObject(Array.isArray(lines) ? lines[0] : undefined);
  return {
    raw,
    nbr: str(raw.salesOrderNumber),
    domainCode: str(raw.domainCode) || ctx.workspaceDomain || '',
  };
}

/** `POST salesOrderLines/fieldChange?fieldName=…`: applies defaults for the changed field. */
export function fieldChange(ctx: RestContext): Reply {
  const { raw, nbr, domainCode } = lineAndOrder(ctx);
  const order = ctx.store.getOrder(domainCode, nbr);
  if (!order) return result(ctx, [missingOrder(nbr)]);
  const line = lineFrom(raw, blankLine(order));
  const errors = applyFieldChange(ctx.store, order, line, ctx.url.searchParams.get('fieldName') ?? '');
  if (errors.length > 0) return result(ctx, errors);
  return json(200, {
    data: { salesOrderLines: [{ ...raw, ...orderLineDoc(order, line, str(raw.dataOperation) || 'C') }] },
  });
}

/** `POST salesOrderLinesGrid`: commits the line (validations and defaults run again). */
export function commitLine(ctx: RestContext): Reply {
  const { raw, nbr, domainCode } = lineAndOrder(ctx);
  const order = ctx.store.getOrder(domainCode, nbr);
  if (!order) return result(ctx, [missingOrder(nbr)]);
  const line = lineFrom(raw, blankLine(undefined));
  const errors = prepareLineForCommit(ctx.store, order, line, false);
  if (errors.length > 0) return result(ctx, errors);
  const lines = [...order.lines, line].sort((a, b) => a.salesOrderLine - b.salesOrderLine);
  ctx.store.putOrder({
    ...order,
    lines,
    lastModifiedMs: ctx.clock.nowMs(),
    lastModifiedUser: ctx.user.username,
  });
  return result(ctx, []);
}
