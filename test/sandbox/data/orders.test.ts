import { describe, expect, it } from 'vitest';
import {
  FIELD_LIMITS,
  GENERATOR_EPOCH_MS,
  charLength,
  convertPrice,
  generateOrders,
  orderAt,
  salesOrderNumberAt,
  type OrderCatalogue,
} from '../../../sandbox/data/index.js';

const catalogue: OrderCatalogue = {
  customers: [
    {
      customerCode: 'C0000001',
      domainCode: '10USA',
      currencyCode: 'USD',
      creditTermsCode: 'N30',
      contactIds: ['CN1'],
    },
    {
      customerCode: 'C0000002',
      domainCode: '20DEU',
      currencyCode: 'EUR',
      creditTermsCode: 'N60',
      contactIds: [],
    },
  ],
  items: [
    {
      itemCode: 'PMP-000001',
      description: 'Pump',
      unitOfMeasure: 'EA',
      listPrice: 1000,
      currencyCode: 'USD',
    },
    { itemCode: 'HOS-000005', description: 'Hose', unitOfMeasure: 'M', listPrice: 12.5, currencyCode: 'USD' },
  ],
};

describe('generated EDI/phone sales orders', () => {
  it('is deterministic per seed, and order i is computed on its own', () => {
    const all = [...generateOrders(4, 50, catalogue)];
    expect([...generateOrders(4, 50, catalogue)]).toEqual(all);
    expect(JSON.stringify([...generateOrders(5, 50, catalogue)])).not.toEqual(JSON.stringify(all));
    expect([...generateOrders(4, 10, catalogue, { start: 40 })]).toEqual(all.slice(40));
    expect(orderAt(4, 17, catalogue)).toEqual(all[17]);
  });

  it('references only catalogue customers and items, in the customer currency, without a deal reference', () => {
    const orders = [...generateOrders(1, 2000, catalogue)].map((g) => g.order);
    const lines = orders.flatMap((o) => o.lines);
    expect(lines.length / orders.length).toBeGreaterThan(4.5);
    expect(lines.length / orders.length).toBeLessThan(5.5);
    for (const o of orders) {
      const customer = catalogue.customers.find((c) => c.customerCode === o.soldToCustomerCode);
      expect(customer).toBeDefined();
      expect(o).toMatchObject({
        domainCode: customer?.domainCode,
        currencyCode: customer?.currencyCode,
        status: '',
      });
      expect(o.purchaseOrder.startsWith('HS-')).toBe(false);
      expect(charLength(o.purchaseOrder)).toBeLessThanOrEqual(FIELD_LIMITS.purchaseOrder);
      expect(charLength(o.salesOrderNumber)).toBeLessThanOrEqual(FIELD_LIMITS.salesOrderNumber);
      expect(['', ...(customer?.contactIds ?? [])]).toContain(o.contactId);
      expect(o.lines.map((l) => l.salesOrderLine)).toEqual(o.lines.map((_, i) => i + 1));
      for (const l of o.lines) {
        const item = catalogue.items.find((i) => i.itemCode === l.itemCode);
        expect(l.listPrice).toBe(convertPrice(item?.listPrice ?? NaN, 'USD', o.currencyCode));
        expect(l.quantityShipped).toBe(0);
      }
    }
    expect(new Set(orders.map((o) => o.createdVia))).toEqual(new Set(['edi', 'phone']));
    expect(salesOrderNumberAt(0)).toBe('E0000001');
  });

  it('gives older orders longer histories, all steps dated between the order and asOf', () => {
    const generated = [...generateOrders(2, 1000, catalogue)];
    for (const g of generated) {
      const orderMs = g.order.lastModifiedMs;
      let last = orderMs;
      for (const h of g.history) {
        expect(h.atMs).toBeGreaterThanOrEqual(last);
        expect(h.atMs).toBeLessThanOrEqual(GENERATOR_EPOCH_MS);
        last = h.atMs;
      }
    }
    const closed = generated.filter((g) => g.history.some((h) => h.step === 'close'));
    const untouched = generated.filter((g) => g.history.length === 0);
    expect(closed.length).toBeGreaterThan(200);
    expect(untouched.length).toBeGreaterThan(20);
    const fresh = orderAt(2, 5, catalogue, { asOfMs: Date.UTC(2026, 10, 27, 9), fresh: true });
    expect(fresh.history).toEqual([]);
    expect(fresh.order.orderDate).toBe('2026-11-27');
  });
});
