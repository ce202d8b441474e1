/**
 * Business rules of sales orders, shared by REST and QXtend: header validation and defaults
 * (customer, currency the customer accepts, duplicate number → 2041), and line defaults from
 * the item (UoM, description, list price converted to the order currency, net price).
 */
import { FIELD_LIMITS, charLength, convertPrice, findDomain, round2, USD_RATES } from '../data/index.js';
import { ERROR_CODES, type BusinessError } from './assumed-shapes.js';
import { toDay, type SalesOrderLineRecord, type SalesOrderRecord } from './sales-order-model.js';
import type { TenantStore } from './store.js';

/** Header fields a client supplies (REST document or QXtend salesOrder). */
export interface HeaderInput {
  salesOrderNumber: string;
  domainCode: string;
  soldToCustomerCode: string;
  billToCustomerCode?: string;
  shipToCustomerCode?: string;
  siteCode?: string;
  currencyCode?: string;
  purchaseOrder?: string;
  orderDate?: unknown;
  requestedDate?: unknown;
  dueDate?: unknown;
  creditTermsCode?: string;
  remarks?: string;
}

function error(code: string, message: string, fieldName: string, value?: unknown): BusinessError {
  return { code, message, fieldName, severity: 1, ...(value === undefined ? {} : { value }) };
}

/**
 * Validates a new header and builds the order; `errors` is empty on success. `checkDuplicate`
 * false lets QXtend `M`/`S` rebuild an existing header.
 */
export function buildHeader(
  store: TenantStore,
  input: HeaderInput,
  context: { nowMs: number; user: string; createdVia: string; checkDuplicate: boolean },
): { order?: SalesOrderRecord; errors: BusinessError[] } {
  const errors: BusinessError[] = [];
  const nbr = input.salesOrderNumber.trim();
  if (nbr === '')
    errors.push(error(ERROR_CODES.mandatory, 'Sales order number is mandatory.', 'salesOrderNumber'));
  else if (charLength(nbr) > FIELD_LIMITS.salesOrderNumber)
    errors.push(
      error(
        ERROR_CODES.format,
        `Value exceeds format x(${FIELD_LIMITS.salesOrderNumber}).`,
        'salesOrderNumber',
        nbr,
      ),
    );
  const domain = findDomain(input.domainCode);
  if (!domain)
    errors.push(error(ERROR_CODES.unknownDomain, 'Domain does not exist.', 'domainCode', input.domainCode));
  if (domain && nbr !== '' && context.checkDuplicate && store.getOrder(domain.domainCode, nbr)) {
    errors.push(error(ERROR_CODES.duplicateOrder, 'Sales order already exists.', 'salesOrderNumber', nbr));
  }
  const customer = store.customers.get(input.soldToCustomerCode);
  if (!customer || !customer.isActive) {
    errors.push(
      error(
        ERROR_CODES.unknownCustomer,
        customer ? 'Customer is inactive.' : 'Customer does not exist.',
        'soldToCustomerCode',
        input.soldToCustomerCode,
      ),
    );
  }
  const currencyCode =
    input.currencyCode && input.currencyCode !== '' ? input.currencyCode : (customer?.currencyCode ?? '');
  if (
    customer &&
    (!customer.acceptedCurrencies.includes(currencyCode) || USD_RATES[currencyCode] === undefined)
  ) {
    errors.push(
      error(
        ERROR_CODES.currencyNotAccepted,
        `Currency ${currencyCode} is not accepted for customer ${customer.customerCode}.`,
        'currencyCode',
        currencyCode,
      ),
    );
  }
  const purchaseOrder = input.purchaseOrder ?? '';
  if (charLength(purchaseOrder) > FIELD_LIMITS.purchaseOrder) {
    errors.push(
      error(
        ERROR_CODES.format,
        `Value exceeds format x(${FIELD_LIMITS.purchaseOrder}).`,
        'purchaseOrder',
        purchaseOrder,
      ),
    );
  }
  if (errors.length > 0 || !domain || !customer) return { errors };
  const soldTo = customer.customerCode;
  return {
    errors,
    order: {
      salesOrderNumber: nbr,
      domainCode: domain.domainCode,
      soldToCustomerCode: soldTo,
      billToCustomerCode: input.billToCustomerCode || soldTo,
      shipToCustomerCode: input.shipToCustomerCode || soldTo,
      siteCode: input.siteCode || domain.siteCode,
      currencyCode,
      purchaseOrder,
      orderDate: toDay(input.orderDate) ?? new Date(context.nowMs).toISOString().slice(0, 10),
      requestedDate: toDay(input.requestedDate) ?? toDay(input.dueDate),
      dueDate: toDay(input.dueDate),
      creditTermsCode: input.creditTermsCode || customer.creditTermsCode,
      remarks: input.remarks ?? '',
      status: '',
      contactId: '',
      shipDate: null,
      invoiceDate: null,
      invoiceNumber: '',
      createdVia: context.createdVia,
      lines: [],
      lastModifiedMs: context.nowMs,
      lastModifiedUser: context.user,
    },
  };
}

/** A blank line template for an order (`salesOrderLine` = next free number). */
export function blankLine(order: SalesOrderRecord | undefined): SalesOrderLineRecord {
  const next = order ? Math.max(0, ...order.lines.map((l) => l.salesOrderLine)) + 1 : 1;
  return {
    salesOrderLine: next,
    itemCode: '',
    description: '',
    siteCode: '',
    quantityOrdered: 0,
    unitOfMeasure: '',
    listPrice: 0,
    discountFormatted: 0,
    netPrice: 0,
    dueDate: null,
    quantityShipped: 0,
    quantityInvoiced: 0,
    lineStatus: '',
    lastModifiedMs: 0,
  };
}

/** Reads a line from a client object, keeping `base` values for absent fields (shipped/invoiced are not client fields). */
export function lineFrom(value: Record<string, unknown>, base: SalesOrderLineRecord): SalesOrderLineRecord {
  const num = (v: unknown, d: number): number =>
    typeof v === 'number'
      ? v
      : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))
        ? Number(v)
        : d;
  const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
  return {
    ...base,
    salesOrderLine: num(value.salesOrderLine, base.salesOrderLine),
    itemCode: str(value.itemCode, base.itemCode),
    description: str(value.description, base.description),
    siteCode: str(value.siteCode, base.siteCode),
    quantityOrdered: num(value.quantityOrdered, base.quantityOrdered),
    unitOfMeasure: str(value.unitOfMeasure, base.unitOfMeasure),
    listPrice: num(value.listPrice, base.listPrice),
    discountFormatted: num(value.discountFormatted, base.discountFormatted),
    netPrice: num(value.netPrice, base.netPrice),
    dueDate: value.dueDate === undefined ? base.dueDate : toDay(value.dueDate),
  };
}

/** Checks the line's item: unknown → 2050, inactive → 2051. */
export function itemErrors(store: TenantStore, itemCode: string): BusinessError[] {
  const item = store.items.get(itemCode);
  if (!item) return [error(ERROR_CODES.unknownItem, 'Item does not exist.', 'itemCode', itemCode)];
  if (!item.isActive)
    return [error(ERROR_CODES.inactiveItem, 'Item status does not allow orders.', 'itemCode', itemCode)];
  return [];
}

/**
 * Applies a field change the way the line screen does: `itemCode` fills description, UoM and
 * list price (converted to the order currency) and re-prices; price fields recompute each other.
 */
export function applyFieldChange(
  store: TenantStore,
  order: SalesOrderRecord | undefined,
  line: SalesOrderLineRecord,
  fieldName: string,
): BusinessError[] {
  if (fieldName === 'itemCode') {
    const errors = itemErrors(store, line.itemCode);
    const item = store.items.get(line.itemCode);
    if (errors.length > 0 || !item) return errors;
    line.description = item.description;
    line.unitOfMeasure = item.unitOfMeasure;
    line.listPrice = convertPrice(
      item.listPrice,
      item.currencyCode,
      order?.currencyCode ?? item.currencyCode,
    );
    line.netPrice = round2(line.listPrice * (1 - line.discountFormatted / 100));
    if (line.siteCode === '' && order) line.siteCode = order.siteCode;
    if (line.dueDate === null && order) line.dueDate = order.dueDate;
  } else if (fieldName === 'listPrice' || fieldName === 'discountFormatted') {
    line.netPrice = round2(line.listPrice * (1 - line.discountFormatted / 100));
  } else if (fieldName === 'netPrice') {
    line.discountFormatted = line.listPrice > 0 ? round2((1 - line.netPrice / line.listPrice) * 100) : 0;
  } else if (fieldName === 'quantityOrdered' && !(line.quantityOrdered > 0)) {
    return [
      error(
        ERROR_CODES.badQuantity,
        'Quantity must be greater than zero.',
        'quantityOrdered',
        line.quantityOrdered,
      ),
    ];
  }
  return [];
}

/**
 * Validates a line for commit and fills defaults the client skipped (item data when blank,
 * prices when zero). `allowExisting` lets QXtend `M` replace a line.
 */
export function prepareLineForCommit(
  store: TenantStore,
  order: SalesOrderRecord,
  line: SalesOrderLineRecord,
  allowExisting: boolean,
): BusinessError[] {
  const errors = itemErrors(store, line.itemCode);
  if (!(line.quantityOrdered > 0))
    errors.push(
      error(
        ERROR_CODES.badQuantity,
        'Quantity must be greater than zero.',
        'quantityOrdered',
        line.quantityOrdered,
      ),
    );
  if (!Number.isInteger(line.salesOrderLine) || line.salesOrderLine <= 0)
    errors.push(
      error(ERROR_CODES.mandatory, 'Line number is mandatory.', 'salesOrderLine', line.salesOrderLine),
    );
  else if (!allowExisting && order.lines.some((l) => l.salesOrderLine === line.salesOrderLine)) {
    errors.push(error(ERROR_CODES.lineExists, 'Line already exists.', 'salesOrderLine', line.salesOrderLine));
  }
  const item = store.items.get(line.itemCode);
  if (errors.length > 0 || !item) return errors;
  if (line.description === '') line.description = item.description;
  if (line.unitOfMeasure === '') line.unitOfMeasure = item.unitOfMeasure;
  if (line.listPrice === 0)
    line.listPrice = convertPrice(item.listPrice, item.currencyCode, order.currencyCode);
  if (line.netPrice === 0) line.netPrice = round2(line.listPrice * (1 - line.discountFormatted / 100));
  if (line.siteCode === '') line.siteCode = order.siteCode;
  if (line.dueDate === null) line.dueDate = order.dueDate;
  return [];
}
