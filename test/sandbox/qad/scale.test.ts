/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON bodies */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSE_IDS } from '../../../sandbox/qad/index.js';
import { startTenant, type QadTestTenant } from './qad-http.js';

/** The benchmark's size: 20,000 accounts (~40,000 contacts) and 5,000 items, paged 500 rows at a time. */
describe('QAD sandbox at benchmark scale', () => {
  let t: QadTestTenant;
  beforeAll(async () => {
    t = await startTenant({ accounts: 20_000, items: 5_000 });
  }, 120_000);
  afterAll(() => t.close());

  it(
    'pages every contact and a modified-since slice of customers in 500-row pages',
    { timeout: 120_000 },
    async () => {
      const contacts = await t.browseAll(BROWSE_IDS.contacts, [], 500);
      const count = await t.api(
        'GET',
        `/api/qracore/browses/totalCount/?browseId=${encodeURIComponent(BROWSE_IDS.contacts)}`,
      );
      expect(contacts).toHaveLength(count.body.data as number);
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
});
