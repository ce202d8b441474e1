import { describe, expect, it } from 'vitest';
import {
  DOMAINS,
  FIELD_LIMITS,
  accountAt,
  charLength,
  convertPrice,
  generateAccounts,
  generateItems,
  itemAt,
  itemCodeAt,
  type GeneratedAccount,
} from '../../../sandbox/data/index.js';

const take = (seed: number, count: number): GeneratedAccount[] => [...generateAccounts(seed, count)];

describe('manufacturer data generator', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(take(5, 50)).toEqual(take(5, 50));
    expect(JSON.stringify(take(6, 50))).not.toEqual(JSON.stringify(take(5, 50)));
    expect([...generateItems(5, 30)]).toEqual([...generateItems(5, 30)]);
  });

  it('computes record i independently of the others (streaming slices match)', () => {
    const all = take(9, 40);
    expect([...generateAccounts(9, 10, { start: 30 })]).toEqual(all.slice(30));
    expect(accountAt(9, 17)).toEqual(all[17]);
    expect(itemAt(9, 12)).toEqual([...generateItems(9, 13)][12]);
  });

  it('mixes customers, suppliers and both, across several domains, with ~2 contacts per account', () => {
    const accounts = take(1, 2000);
    const both = accounts.filter((a) => a.customer && a.supplier).length;
    const customersOnly = accounts.filter((a) => a.customer && !a.supplier).length;
    const suppliersOnly = accounts.filter((a) => !a.customer && a.supplier).length;
    expect(both + customersOnly + suppliersOnly).toBe(2000);
    for (const n of [both, customersOnly, suppliersOnly]) expect(n).toBeGreaterThan(200);
    const domains = new Set(accounts.map((a) => a.businessRelation.domainCode));
    expect([...domains].sort()).toEqual(DOMAINS.map((d) => d.domainCode).sort());
    const contacts = accounts.flatMap((a) => a.contacts);
    expect(contacts.length / accounts.length).toBeGreaterThan(1.7);
    expect(contacts.length / accounts.length).toBeLessThan(2.4);
    expect(contacts.some((c) => c.email === '')).toBe(true);
    const emails = contacts.map((c) => c.email).filter((e) => e !== '');
    expect(new Set(emails).size).toBeLessThan(emails.length);
    for (const a of accounts) {
      if (!a.customer) continue;
      const domain = DOMAINS.find((d) => d.domainCode === a.customer?.domainCode);
      expect(a.customer.currencyCode).toBe(domain?.currencyCode);
      expect(a.customer.acceptedCurrencies).toContain(a.customer.currencyCode);
    }
    expect(accounts.some((a) => (a.customer?.acceptedCurrencies.length ?? 0) > 1)).toBe(true);
  });

  it('uses non-ASCII names and fills fields up to, never past, their limits', () => {
    const accounts = take(3, 1000);
    const names = accounts.map((a) => a.businessRelation.name1);
    expect(names.some((n) => /[äöüß]/i.test(n))).toBe(true);
    expect(names.some((n) => /[\u4e00-\u9fff]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes('Société Générale'))).toBe(true);
    expect(names.some((n) => charLength(n) === FIELD_LIMITS.businessRelationName)).toBe(true);
    expect(accounts.some((a) => charLength(a.businessRelation.searchName) === FIELD_LIMITS.searchName)).toBe(
      true,
    );
    expect(
      accounts.flatMap((a) => a.contacts).some((c) => charLength(c.contactName) === FIELD_LIMITS.contactName),
    ).toBe(true);
    for (const a of accounts) {
      expect(charLength(a.businessRelation.name1)).toBeLessThanOrEqual(FIELD_LIMITS.businessRelationName);
      expect(charLength(a.businessRelation.searchName)).toBeLessThanOrEqual(FIELD_LIMITS.searchName);
      expect(charLength(a.businessRelation.street1)).toBeLessThanOrEqual(FIELD_LIMITS.street);
      expect(charLength(a.businessRelation.city)).toBeLessThanOrEqual(FIELD_LIMITS.city);
      if (a.customer) expect(a.customer.customerCode).toHaveLength(FIELD_LIMITS.customerCode);
      for (const c of a.contacts)
        expect(charLength(c.contactName)).toBeLessThanOrEqual(FIELD_LIMITS.contactName);
    }
  });

  it('generates items with product lines, UoMs, prices, inactive ones and seed-independent codes', () => {
    const items = [...generateItems(4, 400)];
    expect(items.map((i) => i.itemCode)).toEqual(items.map((_, n) => itemCodeAt(n)));
    expect(itemCodeAt(0)).toBe('PMP-000001');
    expect([...generateItems(99, 3)].map((i) => i.itemCode)).toEqual(
      items.slice(0, 3).map((i) => i.itemCode),
    );
    expect(new Set(items.map((i) => i.productLine)).size).toBeGreaterThan(5);
    expect(new Set(items.map((i) => i.unitOfMeasure)).size).toBeGreaterThan(3);
    expect(items.some((i) => !i.isActive)).toBe(true);
    expect(items.some((i) => charLength(i.description) === FIELD_LIMITS.itemDescription)).toBe(true);
    for (const i of items) {
      expect(i.listPrice).toBeGreaterThan(0);
      expect(Math.round(i.listPrice * 100) / 100).toBe(i.listPrice);
      expect(charLength(i.description)).toBeLessThanOrEqual(FIELD_LIMITS.itemDescription);
      expect(i.itemCode.length).toBeLessThanOrEqual(FIELD_LIMITS.itemCode);
    }
    expect(convertPrice(100, 'USD', 'EUR')).toBe(92);
    expect(convertPrice(92, 'EUR', 'USD')).toBe(100);
  });

  it('streams 100,000 accounts one at a time without retaining them', () => {
    let count = 0;
    let contacts = 0;
    let lastCode = '';
    let ordered = true;
    for (const a of generateAccounts(2, 100_000)) {
      count += 1;
      contacts += a.contacts.length;
      ordered &&= a.businessRelation.businessRelationCode > lastCode;
      lastCode = a.businessRelation.businessRelationCode;
    }
    expect(ordered).toBe(true);
    expect(count).toBe(100_000);
    expect(contacts).toBeGreaterThan(150_000);
    expect(lastCode).toBe('BR0100000');
  });
});
