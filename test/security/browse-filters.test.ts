/**
 * Finding 7 (QAD browse filter values are not escaped). A browse filter is the text
 * `<field>,<op>,<value>,literal`, and QAD documents no escape for a comma inside the value, so a
 * comma in a value changes the condition: against the real QAD sandbox, the value
 * `C0000001,literal` (which names no customer) matched customer C0000001. Such values are refused
 * before any request. Through the real CLI, behind a recording proxy in front of the QAD sandbox:
 * QAD codes containing commas (a business relation, a customer) never put an extra comma into a
 * filter, and the records they belong to still sync — the account keeps both roles, the deal
 * still becomes its order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { DataError } from '../../src/core/errors.js';
import { startHarness as startQadHarness } from '../connectors/qad/helpers.js';
import { startRecordingProxy, type RecordingProxy } from '../reliability/recording-proxy.js';
import { cliFolder, connectionYaml, type CliFolder } from './cli.js';

const DAY_MS = 86_400_000;

describe('a comma in a browse filter value is refused before any request', () => {
  it('the QAD client throws QAD_FILTER_VALUE_INVALID and sends nothing', async () => {
    const q = await startQadHarness();
    try {
      const client = q.client();
      const before = (await q.control<{ total: number }>('GET', '/stats')).total;
      const rows: unknown[] = [];
      const error = await (async () => {
        for await (const page of client.browse(client.browses.customer.browseId, {
          filters: [
            { field: client.browses.customer.columns.customerCode, op: 'eq', value: 'C0000001,literal' },
          ],
        }))
          rows.push(...page);
      })().catch((e: unknown) => e);
      expect(rows).toEqual([]);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('QAD_FILTER_VALUE_INVALID');
      expect((error as DataError).message).toMatch(/customerV2\.customerCode.*comma/);
      expect((await q.control<{ total: number }>('GET', '/stats')).total).toBe(before);
    } finally {
      await q.close();
    }
  });
});

describe('QAD codes with commas never reshape a filter, and their records still sync', () => {
  let hubspot: HubSpotSandbox;
  let qad: QadSandbox;
  let proxy: RecordingProxy;
  let folder: CliFolder;
  const offset = { ms: -10 * DAY_MS };
  const env = (): Record<string, string> => ({ HS_TOKEN: hubspot.token, QAD_PASSWORD: qad.password });
  const control = async (method: string, p: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${qad.origin}/_sandbox${p}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  /** Every `filter` parameter the connector sent to QAD. */
  const sentFilters = (): string[] =>
    proxy.requests.flatMap((r) => new URL(r.path, 'http://x').searchParams.getAll('filter'));

  beforeAll(async () => {
    hubspot = await startHubSpotSandbox();
    await fetch(`${hubspot.url}/_sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMs: -120_000 }),
    });
    // the QAD sandbox's clock is ours: the comma account is created ten days ago
    qad = await startQadSandbox({
      seed: 5,
      accounts: 8,
      items: 5,
      clock: { nowMs: () => Date.now() + offset.ms },
    });
    proxy = await startRecordingProxy(qad.origin);
    folder = await cliFolder('mlc-filter-');
    await control('POST', '/records/businessRelations', {
      businessRelationCode: 'BR,COMMA',
      name1: 'Comma & Co',
    });
    await control('POST', '/records/customers', {
      customerCode: 'C,COMMA',
      businessRelationCode: 'BR,COMMA',
      currencyCode: 'USD',
      acceptedCurrencies: ['USD'],
    });
    await control('POST', '/records/suppliers', {
      supplierCode: 'S,COMMA',
      businessRelationCode: 'BR,COMMA',
    });
    offset.ms = 0;
    await folder.writeConfig([
      `store: ${folder.dir}/state.db`,
      ...connectionYaml({
        hubId: hubspot.portalId,
        hubspotUrl: hubspot.url,
        qadUrl: `${proxy.origin}${new URL(qad.url).pathname}`,
        clientId: qad.clientId,
        username: qad.username,
      }),
    ]);
  });
  afterAll(async () => {
    await proxy?.close();
    await qad?.close();
    await hubspot?.close();
    await folder?.close();
  });

  const commaCompany = async (): Promise<
    { id: string; properties: Record<string, string | null> } | undefined
  > => {
    const res = await fetch(`${hubspot.url}/_sandbox/objects/companies`);
    const { results } = (await res.json()) as {
      results: { id: string; properties: Record<string, string | null> }[];
    };
    return results.find((c) => c.properties['qad_account_key'] === '10USA/BR,COMMA');
  };

  it('an incremental accounts run completes the unchanged supplier half without a comma in a filter', async () => {
    expect((await folder.cli(['sync', 'accounts', 'catalog', '--json'], env())).code).toBe(0);
    expect((await commaCompany())?.properties['qad_account_roles']).toBe('customer;supplier');
    // only the customer half changes: the next run reads it and must look up the supplier half
    await control('PATCH', `/records/customers/${encodeURIComponent('C,COMMA')}`, { creditTermsCode: 'N60' });
    proxy.requests.length = 0;
    const run = await folder.cli(['sync', 'accounts', '--json'], env());
    expect(run.code).toBe(0);
    expect(sentFilters().length).toBeGreaterThan(0);
    for (const filter of sentFilters()) expect(filter.split(',').length, filter).toBe(4);
    expect((await commaCompany())?.properties['qad_account_roles']).toBe('customer;supplier');
  });

  it('a deal for customer C,COMMA becomes its order; the currency lookup sends no comma', async () => {
    const company = await commaCompany();
    const products = (await (await fetch(`${hubspot.url}/_sandbox/objects/products`)).json()) as {
      results: { id: string; archived: boolean; properties: Record<string, string | null> }[];
    };
    const product = products.results.find((p) => !p.archived && p.properties['qad_uom'] === 'EA');
    if (company === undefined || product === undefined) throw new Error('sync did not create the records');
    const price = Number(product.properties['price']);
    const seeded = (await (
      await fetch(`${hubspot.url}/_sandbox/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          deals: [
            {
              properties: {
                dealname: 'comma customer',
                amount: price.toFixed(2),
                dealstage: 'contractsent',
                pipeline: 'default',
                deal_currency_code: 'USD',
              },
              companyId: company.id,
              lineItems: [{ productId: product.id, quantity: 1, price }],
            },
          ],
        }),
      })
    ).json()) as { deals: { id: string }[] };
    const dealId = seeded.deals[0]?.id ?? '';
    await fetch(`${hubspot.url}/_sandbox/deals/${dealId}/stage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stageId: 'closedwon' }),
    });
    proxy.requests.length = 0;
    const run = await folder.cli(['sync', 'orders', '--json'], env());
    expect(JSON.parse(run.stdout)).toMatchObject({ flows: { orders: { created: 1, failed: 0 } } });
    for (const filter of sentFilters()) expect(filter.split(',').length, filter).toBe(4);
    const orders = (await control('GET', `/sales-orders?purchaseOrder=HS-${dealId}`)) as {
      salesOrders: Record<string, unknown>[];
    };
    expect(orders.salesOrders.map((o) => o['soldToCustomerCode'])).toEqual(['C,COMMA']);
    expect(run.stderr).toMatch(/"event":"orders\.currency_lookup\.skipped".*C,COMMA/);
  });
});
