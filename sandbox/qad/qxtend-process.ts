/**
 * Business processing of `maintainSalesOrder`: operations A/M/S/R/D/N on orders and A/M/R on
 * lines, truncation warnings, and `scopeTransaction` (any error → nothing stored).
 */
import { FIELD_LIMITS, PRIMARY_DOMAIN_CODE, charLength, clip, findDomain } from '../data/index.js';
import { ERROR_CODES, type BusinessError } from './assumed-shapes.js';
import { field, lineElements } from './qxtend-request.js';
import { cloneOrder, type SalesOrderLineRecord, type SalesOrderRecord } from './sales-order-model.js';
import { blankLine, buildHeader, prepareLineForCommit, type HeaderInput } from './sales-order-rules.js';
import type { TenantStore } from './store.js';

/** One `temp_err_msg` row. */
export interface QxtendMessage {
  nbr: string;
  desc: string;
  sev: 'error' | 'warning';
  field: string;
  context: string;
}

/** The outcome of one request. */
export interface QxtendOutcome {
  result: 'success' | 'warning' | 'error';
  messages: QxtendMessage[];
  /** Keys of the orders processed, echoed in dsSalesOrderResponse. */
  keys: { soNbr: string; lines: number[] }[];
}

const TRUNCATE: Readonly<Record<string, number>> = {
  soPo: FIELD_LIMITS.purchaseOrder,
  soRmks: 40,
  soCrTerms: 8,
};

const HEADER_FIELDS: Readonly<Record<string, string>> = {
  soCust: 'soldToCustomerCode',
  soBill: 'billToCustomerCode',
  soShip: 'shipToCustomerCode',
  soSite: 'siteCode',
  soCurr: 'currencyCode',
  soPo: 'purchaseOrder',
  soOrdDate: 'orderDate',
  soReqDate: 'requestedDate',
  soDueDate: 'dueDate',
  soCrTerms: 'creditTermsCode',
  soRmks: 'remarks',
};
const FIELD_ELEMENT: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(HEADER_FIELDS).map(([k, v]) => [v, k])),
  salesOrderNumber: 'soNbr',
  itemCode: 'sodPart',
  quantityOrdered: 'sodQtyOrd',
  salesOrderLine: 'line',
};

/** What a modify keeps from the stored order: its life (status, shipments, invoices) and contact. */
function lifeOf(o: SalesOrderRecord): Partial<SalesOrderRecord> {
  const { status, contactId, shipDate, invoiceDate, invoiceNumber } = o;
  return { status, contactId, shipDate, invoiceDate, invoiceNumber };
}

function toMessage(e: BusinessError, context: string): QxtendMessage {
  const element = FIELD_ELEMENT[e.fieldName] ?? e.fieldName;
  return {
    nbr: e.code,
    desc: e.message,
    sev: 'error',
    field: element,
    context: `${context} field(${element})`,
  };
}

function lineFromElement(el: Record<string, unknown>, base: SalesOrderLineRecord): SalesOrderLineRecord {
  const n = (name: string, d: number): number => {
    const v = field(el, name);
    return v === '' || Number.isNaN(Number(v)) ? d : Number(v);
  };
  const s = (name: string, d: string): string => (name in el ? field(el, name) : d);
  const due = field(el, 'sodDueDate');
  return {
    ...base,
    salesOrderLine: n('line', base.salesOrderLine),
    itemCode: s('sodPart', base.itemCode),
    siteCode: s('sodSite', base.siteCode),
    quantityOrdered: n('sodQtyOrd', base.quantityOrdered),
    unitOfMeasure: s('sodUm', base.unitOfMeasure),
    listPrice: n('sodListPr', base.listPrice),
    discountFormatted: n('discount', base.discountFormatted),
    netPrice: n('sodPrice', base.netPrice),
    dueDate: due === '' ? base.dueDate : due.slice(0, 10),
  };
}

/** Processes the orders of one request against `store` (writes only when allowed by scopeTransaction). */
export function processSalesOrders(
  store: TenantStore,
  orders: readonly Record<string, unknown>[],
  session: ReadonlyMap<string, string>,
  context: { nowMs: number; user: string },
): QxtendOutcome {
  const domainCode = session.get('domain') || PRIMARY_DOMAIN_CODE;
  const scope = (session.get('scopeTransaction') ?? 'false').toLowerCase() === 'true';
  const messages: QxtendMessage[] = [];
  const staged: { put?: SalesOrderRecord; remove?: SalesOrderRecord }[] = [];
  const keys: QxtendOutcome['keys'] = [];
  let anyError = false;
  if (!findDomain(domainCode)) {
    return {
      result: 'error',
      keys,
      messages: [
        {
          nbr: ERROR_CODES.unknownDomain,
          desc: `Domain ${domainCode} does not exist.`,
          sev: 'error',
          field: 'domain',
          context: 'dsSessionContext',
        },
      ],
    };
  }
  orders.forEach((el, index) => {
    const op = (field(el, 'operation') || 'A').toUpperCase();
    const soNbr = field(el, 'soNbr');
    const ctxText = `salesOrder#${index + 1}(soNbr-${soNbr})`;
    const fail = (errors: BusinessError[]): void => {
      anyError = true;
      messages.push(...errors.map((e) => toMessage(e, ctxText)));
    };
    const existing = store.getOrder(domainCode, soNbr);
    if (op === 'N') return;
    if (op === 'R' || op === 'D') {
      if (!existing)
        fail([
          {
            code: ERROR_CODES.unknownOrder,
            message: 'Sales order does not exist.',
            fieldName: 'salesOrderNumber',
            severity: 1,
          },
        ]);
      else staged.push({ remove: existing });
      return;
    }
    const mode = op === 'S' ? (existing ? 'M' : 'A') : op;
    if (mode === 'M' && !existing)
      return fail([
        {
          code: ERROR_CODES.unknownOrder,
          message: 'Sales order does not exist.',
          fieldName: 'salesOrderNumber',
          severity: 1,
        },
      ]);
    if (mode !== 'A' && mode !== 'M')
      return fail([
        {
          code: ERROR_CODES.format,
          message: `Unknown operation ${op}.`,
          fieldName: 'operation',
          severity: 1,
        },
      ]);
    const input: HeaderInput = {
      salesOrderNumber: soNbr,
      domainCode,
      soldToCustomerCode: existing?.soldToCustomerCode ?? '',
    };
    if (existing) Object.assign(input, { ...existing, salesOrderNumber: soNbr, domainCode });
    for (const [element, key] of Object.entries(HEADER_FIELDS)) {
      if (!(element in el)) continue;
      let value = field(el, element);
      const max = TRUNCATE[element];
      if (max !== undefined && charLength(value) > max) {
        value = clip(value, max);
        messages.push({
          nbr: ERROR_CODES.truncated,
          desc: 'Submitted data was truncated',
          sev: 'warning',
          field: element,
          context: `${ctxText} field(${element})`,
        });
      }
      (input as unknown as Record<string, string>)[key] = value;
    }
    const built = buildHeader(store, input, {
      ...context,
      createdVia: existing?.createdVia ?? 'qxtend',
      checkDuplicate: mode === 'A',
    });
    if (!built.order) return fail(built.errors);
    const order = existing
      ? {
          ...cloneOrder(existing),
          ...built.order,
          ...lifeOf(existing),
          lines: cloneOrder(existing).lines,
          createdVia: existing.createdVia,
        }
      : built.order;
    for (const lineEl of lineElements(el)) {
      const lineOp = (field(lineEl, 'operation') || (mode === 'A' ? 'A' : 'S')).toUpperCase();
      const number = Number(field(lineEl, 'line'));
      const current = order.lines.find((l) => l.salesOrderLine === number);
      if (lineOp === 'R' || lineOp === 'D') {
        if (!current)
          fail([
            {
              code: ERROR_CODES.unknownOrder,
              message: `Line ${number} does not exist.`,
              fieldName: 'salesOrderLine',
              severity: 1,
            },
          ]);
        else order.lines = order.lines.filter((l) => l !== current);
        continue;
      }
      const lineMode = lineOp === 'S' ? (current ? 'M' : 'A') : lineOp;
      if (lineMode === 'M' && !current) {
        fail([
          {
            code: ERROR_CODES.unknownOrder,
            message: `Line ${number} does not exist.`,
            fieldName: 'salesOrderLine',
            severity: 1,
          },
        ]);
        continue;
      }
      const line = lineFromElement(lineEl, current ? { ...current } : blankLine(order));
      const errors = prepareLineForCommit(store, order, line, lineMode === 'M');
      if (errors.length > 0) {
        fail(errors);
        continue;
      }
      order.lines = [...order.lines.filter((l) => l.salesOrderLine !== line.salesOrderLine), line].sort(
        (a, b) => a.salesOrderLine - b.salesOrderLine,
      );
    }
    staged.push({ put: { ...order, lastModifiedMs: context.nowMs, lastModifiedUser: context.user } });
    keys.push({ soNbr, lines: order.lines.map((l) => l.salesOrderLine) });
  });
  if (anyError && scope) {
    messages.push({
      nbr: 'TransactionException001',
      desc: 'Transaction rolled back: no data was committed.',
      sev: 'error',
      field: '',
      context: '',
    });
    return { result: 'error', messages, keys: [] };
  }
  for (const s of staged) {
    if (s.remove) store.deleteOrder(s.remove.domainCode, s.remove.salesOrderNumber);
    if (s.put) store.putOrder(s.put);
  }
  return { result: anyError ? 'error' : messages.length > 0 ? 'warning' : 'success', messages, keys };
}
