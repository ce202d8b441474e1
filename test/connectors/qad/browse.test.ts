import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeQadAccounts } from '../../../src/connectors/qad/merge-accounts.js';
import { normaliseContactRow } from '../../../src/connectors/qad/normalise/contact.js';
import {
  normaliseCustomerRow,
  normaliseSupplierRow,
} from '../../../src/connectors/qad/normalise/accounts.js';
import { normaliseItemRow } from '../../../src/connectors/qad/normalise/item.js';
import type { QadClient } from '../../../src/connectors/qad/client.js';
import type { QadBrowseOptions, QadRow } from '../../../src/connectors/qad/browse.js';
import type { QadEntity } from '../../../src/connectors/qad/defaults.js';
import { SystemError } from '../../../src/core/errors.js';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
let client: QadClient;
beforeAll(async () => {
  h = await startHarness({ accounts: 40, items: 15 });
  client = h.client();
});
afterAll(async () => {
  await h.close();
});

async function all(browseId: string, options?: QadBrowseOptions): Promise<{ rows: QadRow[]; pages: number }> {
  const rows: QadRow[] = [];
  let pages = 0;
  for await (const page of client.browse(browseId, options)) {
    pages += 1;
    rows.push(...page);
  }
  return { rows, pages };
}

const KIND: Record<Exclude<QadEntity, 'salesOrder' | 'salesOrderHeader' | 'salesOrderLine'>, string> = {
  customer: 'customers',
  supplier: 'suppliers',
  businessRelation: 'businessRelations',
  contact: 'contacts',
  item: 'items',
};

describe('browse', () => {
  it.each(Object.entries(KIND))(
    'pages through every %s row, matching the tenant count',
    async (entity, kind) => {
      const spec = client.browses[entity as QadEntity];
      const truth = await h.control<{ total: number }>('GET', `/records/${kind}?limit=1`);
      expect(truth.total).toBeGreaterThan(7);
      const { rows, pages } = await all(spec.browseId, { pageSize: 7 });
      expect(rows).toHaveLength(truth.total);
      expect(pages).toBe(Math.ceil(truth.total / 7));
      const keyColumn = Object.values(spec.columns as Record<string, string>)[0] ?? '';
      expect(new Set(rows.map((r) => r[keyColumn])).size).toBe(truth.total);
      expect(await client.totalCount(spec.browseId)).toBe(truth.total);
    },
  );

  it('applies eq / sw / cn / ge-date / rg filters', async () => {
    const spec = client.browses.customer;
    const { rows } = await all(spec.browseId);
    const first = rows[0] ?? {};
    const code = String(first[spec.columns.customerCode]);
    const eq = await all(spec.browseId, {
      filters: [{ field: spec.columns.customerCode, op: 'eq', value: code }],
    });
    expect(eq.rows.map((r) => r[spec.columns.customerCode])).toEqual([code]);

    const prefix = code.slice(0, 3);
    const sw = await all(spec.browseId, {
      filters: [{ field: spec.columns.customerCode, op: 'sw', value: prefix }],
    });
    expect(sw.rows.length).toBe(
      rows.filter((r) => String(r[spec.columns.customerCode]).startsWith(prefix)).length,
    );

    const dates = rows.map((r) => String(r[spec.columns.modifiedDate])).sort();
    const median = dates[Math.floor(dates.length / 2)] ?? '';
    const ge = await all(spec.browseId, {
      filters: [{ field: spec.columns.modifiedDate, op: 'ge', value: new Date(`${median}T15:30:00Z`) }],
    });
    expect(ge.rows.length).toBe(dates.filter((d) => d >= median).length);
    expect(ge.rows.length).toBeGreaterThan(0);

    const codes = rows.map((r) => String(r[spec.columns.customerCode])).sort();
    const [from, to] = [codes[2] ?? '', codes[5] ?? ''];
    const rg = await all(spec.browseId, {
      filters: [{ field: spec.columns.customerCode, op: 'rg', value: from, to }],
    });
    expect(rg.rows.map((r) => r[spec.columns.customerCode])).toEqual(codes.slice(2, 6));
    expect(
      await client.totalCount(spec.browseId, [
        { field: spec.columns.customerCode, op: 'rg', value: from, to },
      ]),
    ).toBe(4);
  });

  it('yields nothing for an unknown browse id (200 with no rows)', async () => {
    const { rows, pages } = await all('urn:browse:mfg:zz999');
    expect([rows.length, pages]).toEqual([0, 0]);
  });

  it('normalises every row of the tenant and merges customer + supplier roles', async () => {
    const ctx = { domain: '10USA' };
    const parts = [];
    for (const row of (await all(client.browses.customer.browseId)).rows) {
      const r = normaliseCustomerRow(row, client.browses.customer, ctx);
      expect(r.status, JSON.stringify(r)).toBe('ok');
      if (r.status === 'ok') parts.push(r.record);
    }
    for (const row of (await all(client.browses.supplier.browseId)).rows) {
      const r = normaliseSupplierRow(row, client.browses.supplier, ctx);
      expect(r.status, JSON.stringify(r)).toBe('ok');
      if (r.status === 'ok') parts.push(r.record);
    }
    const accounts = mergeQadAccounts(parts);
    const brs = new Set(parts.map((p) => p.businessRelationCode));
    expect(accounts).toHaveLength(brs.size);
    const both = accounts.filter((a) => a.roles.length === 2);
    const truthBrs = await h.control<{ records: { businessRelationCode: string }[] }>(
      'GET',
      '/records/customers?limit=1000',
    );
    const supplierBrs = await h.control<{ records: { businessRelationCode: string }[] }>(
      'GET',
      '/records/suppliers?limit=1000',
    );
    const customerSet = new Set(truthBrs.records.map((c) => c.businessRelationCode));
    const expectedBoth = new Set(
      supplierBrs.records.map((s) => s.businessRelationCode).filter((b) => customerSet.has(b)),
    );
    expect(both.length).toBe(expectedBoth.size);
    for (const a of both) expect(a.customerCode && a.supplierCode).toBeTruthy();

    for (const row of (await all(client.browses.contact.browseId)).rows) {
      const r = normaliseContactRow(row, client.browses.contact, ctx);
      // seeded contacts all have a name; bad e-mails would be 'invalid' naming the field
      if (r.status === 'invalid') expect(r.field).toBe('email');
    }
    for (const row of (await all(client.browses.item.browseId)).rows) {
      expect(normaliseItemRow(row, client.browses.item, ctx).status).toBe('ok');
    }
  });

  it('treats a page identical to the previous one as a loop, not an endless read', async () => {
    // A misbehaving tenant that ignores `page`: always the same rows, always "more".
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/clouderp/oauth/token')) {
        res.end(JSON.stringify({ access_token: 'abcdefgh12345678', token_type: 'bearer' }));
        return;
      }
      res.end(
        JSON.stringify({ data: [{ 'x.a': 1 }, { 'x.a': 2 }], auxillaryData: { HasMoreParams: 'true' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const looping = h.client({ baseUrl: `http://127.0.0.1:${port}/clouderp` });
      let pages = 0;
      let caught: unknown;
      try {
        for await (const _page of looping.browse('urn:browse:mfg:xx001', { pageSize: 2 })) pages += 1;
      } catch (error) {
        caught = error;
      }
      expect(pages).toBe(1);
      expect(caught).toBeInstanceOf(SystemError);
      expect((caught as SystemError).code).toBe('QAD_BROWSE_LOOP');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
