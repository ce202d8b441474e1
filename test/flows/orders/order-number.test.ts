import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { deriveOrderNumber, orderPoReference } from '../../../src/flows/orders/order-number.js';

describe('order number derivation', () => {
  it('uses <prefix><dealId> when it fits the field', () => {
    expect(deriveOrderNumber('123456')).toBe('HS123456');
    expect(deriveOrderNumber('42', { prefix: 'SO', maxLength: 8 })).toBe('SO42');
    expect(deriveOrderNumber('12345678901', { prefix: 'HS', maxLength: 20 })).toBe('HS12345678901');
  });

  it('falls back to a stable hash suffix of the right length when too long', () => {
    const a = deriveOrderNumber('12345678901');
    expect(a).toHaveLength(8);
    expect(a).toMatch(/^HS[0-9A-Z]{6}$/);
    expect(deriveOrderNumber('12345678901')).toBe(a); // deterministic
    expect(deriveOrderNumber('12345678902')).not.toBe(a);
    expect(deriveOrderNumber('12345678901', { prefix: 'X', maxLength: 10 })).toMatch(/^X[0-9A-Z]{9}$/);
  });

  it('gives a different stable candidate per attempt (collision fallback)', () => {
    const first = deriveOrderNumber('123', { attempt: 0 });
    const second = deriveOrderNumber('123', { attempt: 1 });
    const third = deriveOrderNumber('123', { attempt: 2 });
    expect(first).toBe('HS123');
    expect(new Set([first, second, third]).size).toBe(3);
    expect(second).toMatch(/^HS[0-9A-Z]{6}$/);
    expect(deriveOrderNumber('123', { attempt: 1 })).toBe(second);
  });

  it('hash suffixes spread well over many deal ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(deriveOrderNumber(String(10_000_000_000 + i)));
    expect(seen.size).toBe(5000);
  });

  it('rejects a prefix that leaves too little room', () => {
    expect(() => deriveOrderNumber('12345678901', { prefix: 'ORDER', maxLength: 8 })).toThrow(ConfigError);
    expect(() => deriveOrderNumber('12345678901', { prefix: 'ORDER', maxLength: 8 })).toThrow(
      /orderNumberPrefix/,
    );
  });

  it('refuses non-numeric deal ids (a bug upstream, not data)', () => {
    expect(() => deriveOrderNumber('12a')).toThrow(/numeric/);
  });

  it('puts the deal reference in the PO', () => {
    expect(orderPoReference('987')).toBe('HS-987');
  });
});
