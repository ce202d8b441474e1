import { describe, expect, it } from 'vitest';
import {
  MAX_SYNC_ERROR_CHARS,
  parseDecimal,
  summarizeProblems,
  validateDeal,
  type DealFacts,
  type LineFacts,
} from '../../../src/flows/orders/validate.js';

const customer = {
  companyId: 'c1',
  customerCode: 'C1000',
  roles: ['customer'],
  currency: 'USD',
  acceptedCurrencies: ['USD', 'EUR'],
};
const line = (over: Partial<LineFacts> = {}): LineFacts => ({
  lineItemId: 'l1',
  name: 'Widget',
  productId: 'p1',
  quantity: '2',
  price: '10.00',
  amount: '20.00',
  item: { itemCode: '10-100', uom: 'EA' },
  ...over,
});
const deal = (over: Partial<DealFacts> = {}): DealFacts => ({
  dealId: '101',
  dealName: 'Big deal',
  amount: '50.00',
  currency: 'USD',
  companies: [customer],
  lines: [line(), line({ lineItemId: 'l2', quantity: '3', price: '10', amount: '30' })],
  ...over,
});
const codes = (d: DealFacts, tolerance?: number): string[] => {
  const result = validateDeal(d, tolerance === undefined ? {} : { amountTolerance: tolerance });
  return result.ok ? [] : result.problems.map((p) => p.code);
};

describe('order validation', () => {
  it('builds a draft for a valid deal', () => {
    const result = validateDeal(deal());
    expect(result).toEqual({
      ok: true,
      draft: {
        dealId: '101',
        customerCode: 'C1000',
        currency: 'USD',
        amount: 50,
        lines: [
          { lineItemId: 'l1', itemCode: '10-100', quantity: 2, price: 10, uom: 'EA' },
          { lineItemId: 'l2', itemCode: '10-100', quantity: 3, price: 10, uom: 'EA' },
        ],
      },
    });
  });

  it('ORDER_NO_COMPANY: no company, a supplier-only company, or several customers', () => {
    expect(codes(deal({ companies: [] }))).toEqual(['ORDER_NO_COMPANY']);
    expect(codes(deal({ companies: [{ ...customer, customerCode: null, roles: ['supplier'] }] }))).toEqual([
      'ORDER_NO_COMPANY',
    ]);
    expect(codes(deal({ companies: [{ ...customer, customerCode: null, roles: [] }] }))).toEqual([
      'ORDER_NO_COMPANY',
    ]);
    const two = deal({ companies: [customer, { ...customer, companyId: 'c2', customerCode: 'C2000' }] });
    const result = validateDeal(two);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/2 QAD customers \(C1000, C2000\)/);
    // a second company that is the same customer, or a supplier, is fine
    expect(codes(deal({ companies: [customer, { ...customer, companyId: 'c2' }] }))).toEqual([]);
    expect(
      codes(
        deal({
          companies: [customer, { ...customer, companyId: 'c3', customerCode: null, roles: ['supplier'] }],
        }),
      ),
    ).toEqual([]);
  });

  it('ORDER_NO_LINES', () => {
    expect(codes(deal({ lines: [] }))).toEqual(['ORDER_NO_LINES']);
  });

  it('ORDER_UNMAPPED_PRODUCT names the product', () => {
    const result = validateDeal(
      deal({
        lines: [
          line({ item: null, productId: 'p9' }),
          line({ lineItemId: 'l2', quantity: '3', amount: '30' }),
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.code)).toEqual(['ORDER_UNMAPPED_PRODUCT']);
      expect(result.problems[0]?.message).toContain('product p9 is not linked to a QAD item');
    }
    expect(
      codes(deal({ lines: [line({ item: null, productId: null, amount: '50', quantity: '5' })] })),
    ).toEqual(['ORDER_UNMAPPED_PRODUCT']);
  });

  it('ORDER_INVALID_QUANTITY: zero, negative, non-numeric, fractional in whole units', () => {
    for (const quantity of ['0', '-1', 'abc', null]) {
      expect(codes(deal({ amount: '30', lines: [line({ quantity, amount: '30' })] }))).toContain(
        'ORDER_INVALID_QUANTITY',
      );
    }
    expect(codes(deal({ amount: '15', lines: [line({ quantity: '1.5', amount: '15' })] }))).toEqual([
      'ORDER_INVALID_QUANTITY',
    ]);
    // fractional is fine when the UoM allows it
    expect(
      codes(
        deal({
          amount: '15',
          lines: [line({ quantity: '1.5', amount: '15', item: { itemCode: 'X', uom: 'kg' } })],
        }),
      ),
    ).toEqual([]);
  });

  it('ORDER_CURRENCY_MISMATCH: a currency the customer does not accept, or none at all', () => {
    expect(codes(deal({ currency: 'GBP' }))).toEqual(['ORDER_CURRENCY_MISMATCH']);
    expect(codes(deal({ currency: 'eur' }))).toEqual([]);
    // falls back to the customer's currency
    const fallback = validateDeal(deal({ currency: null }));
    expect(fallback.ok && fallback.draft.currency).toBe('USD');
    expect(
      codes(deal({ currency: null, companies: [{ ...customer, currency: null, acceptedCurrencies: null }] })),
    ).toEqual(['ORDER_CURRENCY_MISMATCH']);
    // only the customer's own currency known
    expect(codes(deal({ currency: 'EUR', companies: [{ ...customer, acceptedCurrencies: null }] }))).toEqual([
      'ORDER_CURRENCY_MISMATCH',
    ]);
  });

  it('ORDER_AMOUNT_MISMATCH: Σ lines vs amount within the tolerance, missing amount or price', () => {
    expect(codes(deal({ amount: '50.01' }))).toEqual([]);
    expect(codes(deal({ amount: '50.02' }))).toEqual(['ORDER_AMOUNT_MISMATCH']);
    expect(codes(deal({ amount: '50.5' }), 1)).toEqual([]);
    expect(codes(deal({ amount: null }))).toEqual(['ORDER_AMOUNT_MISMATCH']);
    expect(codes(deal({ amount: '50', lines: [line({ amount: '50', price: '-1' })] }))).toEqual([
      'ORDER_AMOUNT_MISMATCH',
    ]);
    // no line amount: quantity × price is used
    expect(
      codes(deal({ amount: '50', lines: [line({ amount: null, quantity: '5', price: '10' })] })),
    ).toEqual([]);
    const result = validateDeal(deal({ amount: '60' }));
    if (!result.ok)
      expect(result.problems[0]?.message).toBe(
        'line items total 50.00 but the deal amount is 60.00 (tolerance 0.01)',
      );
  });

  it('reports every problem, most fundamental first, within 1000 characters', () => {
    const result = validateDeal(
      deal({ companies: [], currency: 'GBP', amount: '1', lines: [line({ item: null, quantity: '0' })] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.code)).toEqual([
      'ORDER_NO_COMPANY',
      'ORDER_UNMAPPED_PRODUCT',
      'ORDER_INVALID_QUANTITY',
      'ORDER_AMOUNT_MISMATCH',
    ]);
    const many = Array.from({ length: 100 }, (_, i) => ({
      message: `problem number ${i} with a long explanation`,
    }));
    const summary = summarizeProblems(many);
    expect(summary.length).toBe(MAX_SYNC_ERROR_CHARS);
    expect(summary.endsWith('…')).toBe(true);
    expect(summarizeProblems([{ message: 'a' }, { message: 'b' }])).toBe('a; b');
  });

  it('parses HubSpot decimals strictly', () => {
    expect(parseDecimal('12.50')).toBe(12.5);
    expect(parseDecimal(' 3 ')).toBe(3);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('1,5')).toBeNull();
    expect(parseDecimal('Infinity')).toBeNull();
    expect(parseDecimal(null)).toBeNull();
  });
});
