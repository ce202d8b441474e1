/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON bodies */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSE_IDS } from '../../../sandbox/qad/index.js';
import { startTenant, type QadTestTenant } from './qad-http.js';

const count = async (t: QadTestTenant, browseId: string, filters: string[] = []): Promise<number> => {
  const q = new URLSearchParams({ browseId });
  for (const f of filters) q.append('filter', f);
  return (await t.api('GET', `/api/qracore/browses/totalCount/?${q.toString()}`)).body.data as number;
};

/**
 * The benchmark's size: 20,000 accounts (~40,000 contacts), 5,000 items and 20,000 sales orders
 * (~100,000 lines, with their shipments and invoices), paged 500 rows at a time.
 */
describe('QAD sandbox at benchmark scale', () => {
  let t: QadTestTenant;
  const nowMs = Date.UTC(2026, 10, 27, 9);
  beforeAll(async () => {
    t = await startTenant({ accounts: 20_000, items: 5_000, orders: 20_000, clock: { nowMs: () => nowMs } });
  }, 120_000);
  afterAll(() => t.close());

  it(
    'pages every contact and a modified-since slice of customers in 500-row pages',
    { timeout: 120_000 },
    async () => {
      const contacts = await t.browseAll(BROWSE_IDS.contacts, [], 500);
      expect(contacts).toHaveLength(await count(t, BROWSE_IDS.contacts));
      expect(contacts.length).toBeGreaterThan(35_000);
      const recent = await t.browseAll(
        BROWSE_IDS.customers,
        ['customerV2.lastModifiedDate,ge,2025-12-01,literal'],
        500,
      );
      expect(recent.length).toBeGreaterThan(0);
      expect(recent.every((r) => String(r['customerV2.lastModifiedDate']) >= '2025-12-01')).toBe(true);
    },
  );

  it(
    'serves 20,000 orders and ~100,000 lines, and a 5 % business day shows up in the modified-since slice',
    { timeout: 120_000 },
    async () => {
      expect(await count(t, BROWSE_IDS.salesOrders)).toBe(20_000);
      const lines = await t.browseAll(BROWSE_IDS.salesOrderLines, [], 500);
      expect(lines.length).toBeGreaterThan(95_000);
      expect(lines.length).toBeLessThan(105_000);
      expect(await count(t, BROWSE_IDS.invoices)).toBeGreaterThan(10_000);
      const today = 'so_mstr.so_mod_date,ge,2026-11-27,literal';
      expect(await count(t, BROWSE_IDS.salesOrders, [today])).toBe(0);
      const day = await t.control('POST', '/sales-orders/business-day', { share: 0.05, newOrders: 20 });
      const changed = await t.browseAll(BROWSE_IDS.salesOrders, [today], 500);
      expect(changed).toHaveLength((day.body.moved as number) + 20);
      expect(day.body.moved).toBeGreaterThan(day.body.movable * 0.04);
      expect(day.body.moved).toBeLessThan(day.body.movable * 0.06);
      const changedLines = await count(t, BROWSE_IDS.salesOrderLines, [
        'sod_det.sod_mod_date,ge,2026-11-27,literal',
      ]);
      expect(changedLines).toBeGreaterThan(0);
      expect(changedLines).toBeLessThan(lines.length * 0.1);
    },
  );
});
