import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_SAFETY_LAG_MS } from '../../../src/config/flows.schema.js';
import { closedOnOrAfter, parseOrdersCutoff, planDealRead } from '../../../src/flows/orders/deal-reader.js';

const deal = (properties: Record<string, string | null>, createdAt = '2020-01-01T00:00:00.000Z') => ({
  id: '1',
  properties,
  createdAt,
  updatedAt: createdAt,
});

describe('orders cutoff (flows.orders.since)', () => {
  const cutoff = parseOrdersCutoff('2026-11-01');

  it('parses a date as UTC midnight and a date-time as given; absent means every deal', () => {
    expect(cutoff).toBe(Date.UTC(2026, 10, 1));
    expect(parseOrdersCutoff('2026-11-01T12:00:00+01:00')).toBe(Date.UTC(2026, 10, 1, 11));
    expect(parseOrdersCutoff(undefined)).toBe(0);
  });

  it('keeps deals closed on or after the cutoff and drops older ones', () => {
    expect(closedOnOrAfter(deal({ closedate: '2026-11-02T09:00:00.000Z' }), cutoff)).toBe(true);
    expect(closedOnOrAfter(deal({ closedate: String(Date.UTC(2026, 10, 1)) }), cutoff)).toBe(true);
    expect(closedOnOrAfter(deal({ closedate: '2024-03-02T09:00:00.000Z' }), cutoff)).toBe(false);
    expect(closedOnOrAfter(deal({ closedate: null }, '2025-01-01T00:00:00.000Z'), cutoff)).toBe(false);
    expect(closedOnOrAfter(deal({ closedate: '2024-03-02T09:00:00.000Z' }), 0)).toBe(true);
  });

  it('never searches below the cutoff, even on a first or full run', () => {
    const now = Date.UTC(2026, 10, 27);
    const plan = { safetyLagMs: DEFAULT_DEAL_SAFETY_LAG_MS, cutoffMs: cutoff };
    expect(planDealRead(null, now, false, plan).since.modifiedMs).toBe(cutoff);
    expect(planDealRead({ v: 1, modifiedMs: 5, id: '' }, now, true, plan).since.modifiedMs).toBe(cutoff);
    const later = Date.UTC(2026, 10, 20);
    expect(
      planDealRead({ v: 1, modifiedMs: later, id: '' }, now, false, plan).since.modifiedMs,
    ).toBeGreaterThan(cutoff);
  });
});
