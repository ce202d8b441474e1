/**
 * A scripted session using only documented HubSpot calls: unique property, upsert 250 companies
 * twice, page, incremental search by modified date, contact associations, a closed-won deal with
 * line items, and finally hammering into the burst limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { SandboxClient, type BatchBody, type ErrBody, type PageBody, type Rec } from './client.js';

const T0 = Date.parse('2026-03-02T15:00:00.000Z');

describe('scripted HubSpot session against the sandbox', () => {
  let now = T0;
  let hs: HubSpotSandbox;
  let api: SandboxClient;

  beforeAll(async () => {
    hs = await startHubSpotSandbox({ clock: () => now, rateLimit: { burst: 1_000, searchPerSecond: 100 } });
    api = new SandboxClient(hs);
  });
  afterAll(async () => {
    await hs?.close();
  });

  const upsertAll = async (city: (i: number) => string) => {
    const flags: boolean[] = [];
    for (let start = 0; start < 250; start += 100) {
      const inputs = Array.from({ length: Math.min(100, 250 - start) }, (_, k) => ({
        idProperty: 'erp_customer_id',
        id: `10USA/C${start + k}`,
        objectWriteTraceId: `c${start + k}`,
        properties: { name: `Customer ${start + k}`, city: city(start + k), lifecyclestage: 'customer' },
      }));
      const r = await api.call<BatchBody>('POST', '/crm/objects/2026-03/companies/batch/upsert', { inputs });
      expect(r.status).toBe(200);
      expect(r.body.results).toHaveLength(inputs.length);
      flags.push(...r.body.results.map((x) => x.new as boolean));
    }
    return flags;
  };

  it('creates a unique property and upserts 250 companies twice without duplicates', async () => {
    expect(
      (await api.call('POST', '/crm/properties/2026-03/companies/groups', { name: 'qad', label: 'QAD' }))
        .status,
    ).toBe(201);
    const prop = await api.call<{ hasUniqueValue: boolean }>('POST', '/crm/properties/2026-03/companies', {
      name: 'erp_customer_id',
      label: 'ERP customer id',
      type: 'string',
      fieldType: 'text',
      groupName: 'qad',
      hasUniqueValue: true,
    });
    expect(prop.status).toBe(201);
    expect(prop.body.hasUniqueValue).toBe(true);

    const first = await upsertAll(() => 'Chicago');
    expect(first.every((f) => f)).toBe(true);
    now += 60_000;
    const second = await upsertAll((i) => (i % 2 === 0 ? 'Boston' : 'Chicago'));
    expect(second.every((f) => !f)).toBe(true);

    const dump = await api.control<{ results: Rec[] }>('GET', 'objects/companies');
    expect(dump.results).toHaveLength(250);
    expect(new Set(dump.results.map((r) => r.properties['erp_customer_id'])).size).toBe(250);
  });

  it('pages through the companies with limit and after', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const r = await api.call<PageBody>(
        'GET',
        `/crm/v3/objects/companies?limit=100&properties=erp_customer_id${after ? `&after=${after}` : ''}`,
      );
      expect(r.status).toBe(200);
      ids.push(...r.body.results.map((x) => x.id));
      after = r.body.paging?.next?.after;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(250);
  });

  it('finds exactly the records modified since a cursor, in modified-date order', async () => {
    const seen: Rec[] = [];
    let after: string | undefined;
    let total = 0;
    do {
      const r = await api.call<PageBody>('POST', '/crm/objects/2026-03/companies/search', {
        filterGroups: [
          { filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(T0 + 60_000) }] },
        ],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: ['city', 'erp_customer_id'],
        limit: 100,
        ...(after ? { after } : {}),
      });
      expect(r.status).toBe(200);
      total = r.body.total as number;
      seen.push(...r.body.results);
      after = r.body.paging?.next?.after;
    } while (after);
    expect(total).toBe(125);
    expect(seen).toHaveLength(125);
    expect(seen.every((r) => r.properties['city'] === 'Boston')).toBe(true);
    expect(r0(seen).properties['hs_lastmodifieddate']).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('associates contacts to companies and reads them back both ways', async () => {
    const created = await api.call<BatchBody>('POST', '/crm/objects/2026-03/contacts/batch/create', {
      inputs: [0, 1, 2].map((i) => ({
        properties: { email: `buyer${i}@c0.example`, firstname: `Buyer${i}` },
      })),
    });
    expect(created.status).toBe(201);
    const dump = await api.control<{ results: Rec[] }>('GET', 'objects/companies');
    const company = r0(dump.results).id;
    const assoc = await api.call<BatchBody>(
      'POST',
      '/crm/associations/2026-03/contacts/companies/batch/associate/default',
      {
        inputs: created.body.results.map((c) => ({ from: { id: c.id }, to: { id: company } })),
      },
    );
    expect(assoc.status).toBe(200);
    const read = await api.call<
      BatchBody<{
        from: { id: string };
        to: { toObjectId: string; associationTypes: { typeId: number }[] }[];
      }>
    >('POST', '/crm/associations/2026-03/companies/contacts/batch/read', { inputs: [{ id: company }] });
    expect(read.status).toBe(200);
    expect(read.body.results[0]?.to.map((t) => t.toObjectId).sort()).toEqual(
      created.body.results.map((c) => c.id).sort(),
    );
    expect(read.body.results[0]?.to[0]?.associationTypes.map((t) => t.typeId)).toContain(280);
    const c = await api.call<Rec>(
      'GET',
      `/crm/v3/objects/contacts/${r0(created.body.results).id}?associations=companies`,
    );
    const types = c.body.associations?.['companies']?.results.map((x) => x.type);
    expect(types).toEqual(expect.arrayContaining(['contact_to_company', 'contact_to_company_unlabeled']));
  });

  it('reads a closed-won deal with its line items', async () => {
    const pipes = await api.call<{
      results: { id: string; stages: { id: string; metadata: Record<string, string> }[] }[];
    }>('GET', '/crm/pipelines/2026-03/deals');
    const won = pipes.body.results
      .flatMap((p) => p.stages)
      .find((s) => s.metadata['isClosed'] === 'true' && s.metadata['probability'] === '1.0');
    expect(won?.id).toBe('closedwon');
    const products = await api.call<BatchBody>('POST', '/crm/objects/2026-03/products/batch/create', {
      inputs: [{ properties: { name: 'Bolt M8', hs_sku: 'BOLT-M8', price: '0.25' } }],
    });
    const productId = r0(products.body.results).id;
    const deal = await api.call<Rec>('POST', '/crm/objects/2026-03/deals', {
      properties: {
        dealname: 'Order 1',
        pipeline: 'default',
        dealstage: 'contractsent',
        amount: '25',
        deal_currency_code: 'USD',
      },
    });
    expect(deal.status).toBe(201);
    expect(deal.body.properties['hs_is_closed_won']).toBe('false');
    const items = await api.call<BatchBody>('POST', '/crm/objects/2026-03/line_items/batch/create', {
      inputs: [
        {
          properties: { hs_product_id: productId, quantity: '100' },
          associations: [
            {
              to: { id: deal.body.id },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 20 }],
            },
          ],
        },
      ],
    });
    expect(items.status).toBe(201);
    const moved = await api.call<Rec>('PATCH', `/crm/objects/2026-03/deals/${deal.body.id}`, {
      properties: { dealstage: won?.id },
    });
    expect(moved.body.properties['hs_is_closed_won']).toBe('true');

    const found = await api.call<PageBody>('POST', '/crm/objects/2026-03/deals/search', {
      filterGroups: [{ filters: [{ propertyName: 'hs_is_closed_won', operator: 'EQ', value: 'true' }] }],
      properties: ['dealname', 'amount', 'deal_currency_code'],
      limit: 200,
    });
    expect(found.body.results.map((d) => d.id)).toEqual([deal.body.id]);
    const links = await api.call<BatchBody<{ to: { toObjectId: string }[] }>>(
      'POST',
      '/crm/associations/2026-03/deals/line_items/batch/read',
      {
        inputs: [{ id: deal.body.id }],
      },
    );
    const lineIds = r0(links.body.results).to.map((t) => ({ id: t.toObjectId }));
    const lines = await api.call<BatchBody>('POST', '/crm/objects/2026-03/line_items/batch/read', {
      inputs: lineIds,
      properties: ['name', 'quantity', 'price', 'amount', 'hs_product_id'],
    });
    expect(lines.body.results.map((l) => l.properties)).toEqual([
      expect.objectContaining({
        name: 'Bolt M8',
        quantity: '100',
        price: '0.25',
        amount: '25',
        hs_product_id: productId,
      }),
    ]);
  });

  it('hammered past a tiny burst limit it answers 429 TEN_SECONDLY_ROLLING, then recovers when the window rolls', async () => {
    let t = T0;
    const tiny = await startHubSpotSandbox({
      clock: () => t,
      rateLimit: { windowMs: 1_000, burst: 5, searchPerSecond: 2 },
    });
    try {
      const c = new SandboxClient(tiny);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await c.call('GET', '/crm/v3/objects/companies')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const limited = c.log[5];
      expect(limited?.body).toMatchObject({
        status: 'error',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      });
      expect((limited?.body as ErrBody).correlationId).toMatch(/[0-9a-f-]{36}/);
      expect(limited?.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
      expect(limited?.headers.get('x-hubspot-ratelimit-max')).toBe('5');
      expect(limited?.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('1000');
      expect(c.log[0]?.headers.get('x-hubspot-ratelimit-remaining')).toBe('4');
      // the search bucket is separate and carries no rate-limit headers
      const s1 = await c.call('POST', '/crm/v3/objects/companies/search', {});
      await c.call('POST', '/crm/v3/objects/companies/search', {});
      const s3 = await c.call<ErrBody>('POST', '/crm/v3/objects/companies/search', {});
      expect(s1.status).toBe(200);
      expect(s1.headers.get('x-hubspot-ratelimit-max')).toBeNull();
      expect(s3.status).toBe(429);
      expect(s3.body.message).toBe('You have reached your secondly limit.');
      t += 1_000;
      expect((await c.call('GET', '/crm/v3/objects/companies')).status).toBe(200);
      const stats = await c.control<{ rateLimited: number }>('GET', 'stats');
      expect(stats.rateLimited).toBe(4);
    } finally {
      await tiny.close();
    }
  });
});

function r0<T>(list: T[]): T {
  const first = list[0];
  if (first === undefined) throw new Error('empty list');
  return first;
}
