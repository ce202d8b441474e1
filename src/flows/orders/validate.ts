/**
 * Order validation before QAD is called: a pure function from the facts gathered about one
 * closed-won deal to either an order draft or the list of problems a sales rep must fix. Problems
 * are data, never exceptions: they become a failed outcome and `qad_sync_error` on the deal. The
 * QAD customer and items in the facts come from ledger links only (deal-facts.ts).
 */
import type { ErrorCode } from '../../core/error-codes.js';
import { invalidTextProblems } from './order-text.js';
import type { PropertyCheck } from './property-check.js';

/** The QAD customer behind one associated company, as far as the ledger knows it. */
export interface CustomerFacts {
  /** HubSpot company id. */
  companyId: string;
  /** QAD customer code, absent when the company backs a supplier only (or is not linked). */
  customerCode: string | null;
  /** `customer`, `supplier`; empty when the company is not linked to QAD at all. */
  roles: readonly string[];
  /** Customer's own currency (ISO 4217), null when unknown. */
  currency: string | null;
  /** Every currency the customer accepts; null when unknown (then only `currency` is checked). */
  acceptedCurrencies: readonly string[] | null;
  /** The company's `qad_*` properties against the ledger (reported, never used). */
  propertyCheck?: PropertyCheck;
}

/** The QAD item behind one line item's product. */
export interface ItemFacts {
  itemCode: string;
  /** QAD unit of measure, e.g. `EA`, `KG`; null when unknown. */
  uom: string | null;
}

/** One HubSpot line item with its resolved QAD item (null when the product is not linked). */
export interface LineFacts {
  lineItemId: string;
  name: string | null;
  productId: string | null;
  /** Raw HubSpot strings: HubSpot sends every property as a string or null. */
  quantity: string | null;
  price: string | null;
  amount: string | null;
  item: ItemFacts | null;
  /** The product's `hs_sku` / `qad_*` properties against the ledger (reported, never used). */
  productCheck?: PropertyCheck;
}

/** Everything validation needs about one deal. */
export interface DealFacts {
  dealId: string;
  dealName: string | null;
  /** Deal `amount`, a decimal string. */
  amount: string | null;
  /** Deal `deal_currency_code`; falls back to the line items' currency, then the customer's. */
  currency: string | null;
  /** Associated companies (HubSpot ids) with what the ledger knows about their QAD account. */
  companies: readonly CustomerFacts[];
  lines: readonly LineFacts[];
}

/** A validated order, ready to send (order number and PO are added by the submitter). */
export interface OrderDraft {
  dealId: string;
  customerCode: string;
  currency: string;
  /** Deal amount in `currency`. */
  amount: number;
  lines: OrderDraftLine[];
}

export interface OrderDraftLine {
  lineItemId: string;
  itemCode: string;
  quantity: number;
  /** Unit price in the order currency. */
  price: number;
  uom?: string;
}

export interface ValidationProblem {
  code: Extract<ErrorCode, `ORDER_${string}`>;
  message: string;
}

export type ValidationResult = { ok: true; draft: OrderDraft } | { ok: false; problems: ValidationProblem[] };

/** Validation settings from `flows.orders`. */
export interface ValidationOptions {
  /** Largest |Σ lines − amount| accepted, in currency units; default 0.01. */
  amountTolerance?: number;
}

/**
 * Units of measure that can be ordered in fractions. Anything else (EA, PC, BX, unknown…) needs
 * a whole quantity: QAD would otherwise round or reject it at the line's fieldChange.
 */
export const FRACTIONAL_UOMS: ReadonlySet<string> = new Set([
  'KG',
  'G',
  'MG',
  'T',
  'TON',
  'LB',
  'OZ',
  'L',
  'LT',
  'ML',
  'GAL',
  'M',
  'CM',
  'MM',
  'KM',
  'FT',
  'IN',
  'YD',
  'M2',
  'M3',
  'SQM',
  'SQF',
  'CBM',
  'FT2',
  'FT3',
  'HR',
  'H',
  'MIN',
  'KWH',
]);

/** Longest `qad_sync_error` we write on a deal (HubSpot text fields are fine with more; reps are not). */
export const MAX_SYNC_ERROR_CHARS = 1000;

const EPSILON = 1e-9;

/** Checks one deal; returns the draft order or every problem found (most fundamental first). */
export function validateDeal(deal: DealFacts, options: ValidationOptions = {}): ValidationResult {
  const tolerance = options.amountTolerance ?? 0.01;
  const problems: ValidationProblem[] = [];

  // 1. exactly one QAD customer among the associated companies
  const customers = deal.companies.filter((c) => c.customerCode !== null && c.roles.includes('customer'));
  const distinctCodes = [...new Set(customers.map((c) => c.customerCode))];
  let customer: CustomerFacts | undefined;
  if (deal.companies.length === 0) {
    problems.push({ code: 'ORDER_NO_COMPANY', message: 'the deal has no associated company' });
  } else if (customers.length === 0) {
    const ids = deal.companies.map((c) => c.companyId).join(', ');
    const claims = deal.companies.flatMap((c) => c.propertyCheck?.ignoredClaims ?? []);
    problems.push({
      code: 'ORDER_NO_COMPANY',
      message: `no associated company (${ids}) is linked to a QAD customer${claims.length > 0 ? ` — ${claims.join('; ')}` : ''}`,
    });
  } else if (distinctCodes.length > 1) {
    problems.push({
      code: 'ORDER_NO_COMPANY',
      message: `the deal is associated with ${distinctCodes.length} QAD customers (${distinctCodes.join(', ')}); keep exactly one`,
    });
  } else {
    customer = customers[0];
  }

  // 2. lines: present, mapped, positive (whole unless the UoM allows fractions), priced
  if (deal.lines.length === 0) {
    problems.push({ code: 'ORDER_NO_LINES', message: 'the deal has no line items' });
  }
  const draftLines: OrderDraftLine[] = [];
  let linesTotal = 0;
  let totalKnown = true;
  for (const line of deal.lines) {
    const label = describeLine(line);
    if (line.item === null) {
      const claims = line.productCheck?.ignoredClaims ?? [];
      problems.push({
        code: 'ORDER_UNMAPPED_PRODUCT',
        message:
          line.productId === null
            ? `${label} is not based on a product from the QAD catalog`
            : `${label}: product ${line.productId} is not linked to a QAD item${claims.length > 0 ? ` — ${claims.join('; ')}` : ''}`,
      });
    }
    const quantity = parseDecimal(line.quantity);
    const uom = line.item?.uom?.toUpperCase() ?? null;
    if (quantity === null || quantity <= 0) {
      problems.push({
        code: 'ORDER_INVALID_QUANTITY',
        message: `${label}: quantity ${line.quantity ?? '(empty)'} must be a positive number`,
      });
    } else if (!Number.isInteger(quantity) && (uom === null || !FRACTIONAL_UOMS.has(uom))) {
      problems.push({
        code: 'ORDER_INVALID_QUANTITY',
        message: `${label}: quantity ${line.quantity ?? ''} is fractional but unit ${uom ?? '(unknown)'} needs whole units`,
      });
    }
    const price = parseDecimal(line.price);
    const amount = parseDecimal(line.amount);
    const lineTotal = amount ?? (price !== null && quantity !== null ? price * quantity : null);
    if (price === null || price < 0) {
      totalKnown = false;
      problems.push({
        code: 'ORDER_AMOUNT_MISMATCH',
        message: `${label}: unit price ${line.price ?? '(empty)'} is not a non-negative number`,
      });
    } else if (lineTotal === null) {
      totalKnown = false;
    } else {
      linesTotal += lineTotal;
    }
    if (line.item !== null && quantity !== null && price !== null) {
      draftLines.push({
        lineItemId: line.lineItemId,
        itemCode: line.item.itemCode,
        quantity,
        price,
        ...(line.item.uom === null ? {} : { uom: line.item.uom }),
      });
    }
  }

  // 3. currency the customer accepts
  let currency: string | null = deal.currency?.trim().toUpperCase() || null;
  if (customer !== undefined) {
    currency ??= customer.currency?.toUpperCase() ?? null;
    const accepted = new Set(
      [
        ...(customer.acceptedCurrencies ?? []),
        ...(customer.currency === null ? [] : [customer.currency]),
      ].map((c) => c.toUpperCase()),
    );
    if (currency === null) {
      problems.push({
        code: 'ORDER_CURRENCY_MISMATCH',
        message: `the deal has no currency and QAD customer ${customer.customerCode ?? ''} has none on record`,
      });
    } else if (accepted.size > 0 && !accepted.has(currency)) {
      problems.push({
        code: 'ORDER_CURRENCY_MISMATCH',
        message: `currency ${currency} is not accepted by QAD customer ${customer.customerCode ?? ''} (accepts ${[...accepted].sort().join(', ')})`,
      });
    }
  }

  // 4. every code the order carries is text QAD (and a QXtend envelope) can take
  problems.push(
    ...invalidTextProblems([
      { label: 'customer code', value: customer?.customerCode },
      { label: 'currency', value: currency },
      ...deal.lines.flatMap((line) => [
        { label: 'item code', value: line.item?.itemCode, owner: describeLine(line) },
        { label: 'unit', value: line.item?.uom, owner: describeLine(line) },
      ]),
    ]),
  );

  // 5. Σ lines = amount within tolerance
  const dealAmount = parseDecimal(deal.amount);
  if (dealAmount === null) {
    problems.push({
      code: 'ORDER_AMOUNT_MISMATCH',
      message: `the deal amount ${deal.amount ?? '(empty)'} is not a number`,
    });
  } else if (totalKnown && deal.lines.length > 0 && Math.abs(linesTotal - dealAmount) > tolerance + EPSILON) {
    problems.push({
      code: 'ORDER_AMOUNT_MISMATCH',
      message: `line items total ${formatMoney(linesTotal)} but the deal amount is ${formatMoney(dealAmount)} (tolerance ${tolerance})`,
    });
  }

  if (problems.length > 0 || customer?.customerCode == null || currency === null || dealAmount === null) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    draft: {
      dealId: deal.dealId,
      customerCode: customer.customerCode,
      currency,
      amount: dealAmount,
      lines: draftLines,
    },
  };
}

/** One line for `qad_sync_error`: every problem, most fundamental first, at most 1000 characters. */
export function summarizeProblems(problems: readonly { message: string }[]): string {
  const text = problems.map((p) => p.message).join('; ');
  return text.length <= MAX_SYNC_ERROR_CHARS ? text : `${text.slice(0, MAX_SYNC_ERROR_CHARS - 1)}…`;
}

/** Parses a HubSpot decimal string; null for empty or non-numeric values. */
export function parseDecimal(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

function describeLine(line: LineFacts): string {
  return line.name ? `line item "${line.name}" (${line.lineItemId})` : `line item ${line.lineItemId}`;
}

function formatMoney(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}
