/** HubSpot's error bodies and limits: 401, 403, 400 VALIDATION_ERROR, 409, whole-batch vs 207, daily 429, search caps, lag. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { SandboxClient, type BatchBody, type ErrBody, type PageBody, type Rec } from './client.js';

const T0 = Date.parse('2026-03-02T15:00:00.000Z'); // 10:00 in US/Eastern

describe('HubSpot sandbox error bodies and limits', () => {
  let now = T0;
  let hs: HubSpotSandbox;
  let api: SandboxClient;

  beforeAll(async () => {
    hs = await startHubSpotSandbox({
      clock: () => now,
      rateLimit: { burst: 10_000, searchPerSecond: 1_000, dailyLimit: 200 },
    });
    api = new SandboxClient(hs);
    await api.control('POST', 'seed', {
      properties: [
        {
          objectType: 'companies',
          name: 'erp_id',
          label: 'ERP',
          type: 'string',
          fieldType: 'text',
          groupName: 'erp',
          hasUniqueValue: true,
        },
      ],
      companies: [{ properties: { name: 'Taken', erp_id: 'E-1' } }],
      contacts: [{ ref: 'ann', properties: { email: 'ann@x.example' } }],
    });
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('401 INVALID_AUTHENTICATION for a missing or unknown token', async () => {
    for (const c of [api.withToken(''), api.withToken('pat-na1-nope')]) {
      const r = await c.call<ErrBody>('GET', '/crm/v3/objects/companies');
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    }
  });

  it('403 MISSING_SCOPES names the required scopes', async () => {
    const { token } = await api.control<{ token: string }>('POST', 'tokens', {
      scopes: ['crm.objects.companies.read'],
    });
    const c = api.withToken(token);
    expect((await c.call('GET', '/crm/v3/objects/companies')).status).toBe(200);
    const r = await c.call<ErrBody>('POST', '/crm/v3/objects/companies', { properties: { name: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.category).toBe('MISSING_SCOPES');
    expect(r.body.errors?.[0]?.context?.['requiredGranularScopes']).toEqual(['crm.objects.companies.write']);
    const info = await c.call<{ hubId: number; scopes: string[] }>(
      'POST',
      '/oauth/v2/private-apps/get/access-token-info',
      { tokenKey: token },
    );
    expect(info.body).toMatchObject({ hubId: 12345678, scopes: ['crm.objects.companies.read'] });
  });

  it('400 VALIDATION_ERROR for unknown, read-only, enumeration, number and date problems', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ nope: 'x' }, 'PROPERTY_DOESNT_EXIST'],
      [{ hs_object_id: '5' }, 'READ_ONLY_VALUE'],
      [{ type: 'SUPPLIER' }, 'INVALID_OPTION'],
      [{ annualrevenue: '1,000' }, 'INVALID_INTEGER'],
    ];
    for (const [properties, code] of cases) {
      const r = await api.call<ErrBody>('POST', '/crm/objects/2026-03/companies', { properties });
      expect(r.status).toBe(400);
      expect(r.body.category).toBe('VALIDATION_ERROR');
      expect(r.body.errors?.[0]?.code).toBe(code);
    }
    const d = await api.call<ErrBody>('POST', '/crm/objects/2026-03/deals', {
      properties: { dealname: 'x', closedate: 'soon' },
    });
    expect(d.body.errors?.[0]?.code).toBe('INVALID_DATETIME');
    const ok = await api.call<Rec>('POST', '/crm/objects/2026-03/deals', {
      properties: { dealname: 'x', closedate: '2026-04-01' },
    });
    expect(ok.body.properties['closedate']).toBe('2026-04-01T00:00:00.000Z');
  });

  it('a line item names a product by hs_product_id: unknown or archived is a 400, a live one fills the gaps', async () => {
    const product = await api.call<Rec>('POST', '/crm/objects/2026-03/products', {
      properties: { name: 'Pump', price: '12.5', hs_sku: 'P-1' },
    });
    const gone = await api.call<Rec>('POST', '/crm/objects/2026-03/products', {
      properties: { name: 'Old pump', price: '9' },
    });
    expect((await api.call('DELETE', `/crm/objects/2026-03/products/${gone.body.id}`)).status).toBe(204);
    for (const id of ['987654321', gone.body.id]) {
      const r = await api.call<ErrBody>('POST', '/crm/objects/2026-03/line_items', {
        properties: { hs_product_id: id, quantity: '2' },
      });
      expect(r.status).toBe(400);
      expect(r.body.category).toBe('VALIDATION_ERROR');
      expect(r.body.errors?.[0]).toMatchObject({
        code: 'INVALID_OBJECT_ID',
        context: { propertyName: ['hs_product_id'] },
      });
    }
    // created from the product: what the line does not say is the product's
    const line = await api.call<Rec>('POST', '/crm/objects/2026-03/line_items', {
      properties: { hs_product_id: product.body.id, quantity: '2', name: 'Pump, as ordered' },
    });
    expect(line.status).toBe(201);
    expect(line.body.properties).toMatchObject({
      hs_product_id: product.body.id,
      name: 'Pump, as ordered',
      price: '12.5',
      hs_sku: 'P-1',
      amount: '25',
    });
    // without a product a line item stands alone
    const alone = await api.call<Rec>('POST', '/crm/objects/2026-03/line_items', {
      properties: { name: 'Freight', quantity: '1', price: '30' },
    });
    expect(alone.status).toBe(201);
    expect(alone.body.properties['hs_product_id'] ?? null).toBeNull();
  });

  it('409 for a duplicate unique value and for an existing contact email', async () => {
    const dup = await api.call<ErrBody>('POST', '/crm/v3/objects/companies', {
      properties: { name: 'Again', erp_id: 'E-1' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.category).toBe('CONFLICT');
    const ann = await api.control<{ results: Rec[] }>('GET', 'objects/contacts');
    const email = await api.call<ErrBody>('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'ANN@x.example' },
    });
    expect(email.status).toBe(409);
    expect(email.body.message).toBe(`Contact already exists. Existing ID: ${ann.results[0]?.id ?? ''}`);
  });

  it('a bad input fails the whole batch unless every input has an objectWriteTraceId (then 207)', async () => {
    const inputs = [
      { idProperty: 'erp_id', id: 'E-10', properties: { name: 'good' } },
      { idProperty: 'erp_id', id: 'E-11', properties: { type: 'NOPE' } },
    ];
    const whole = await api.call<ErrBody>('POST', '/crm/v3/objects/companies/batch/upsert', { inputs });
    expect(whole.status).toBe(400);
    const before = await api.control<{ records: { companies: { live: number } } }>('GET', 'stats');
    expect(before.records.companies.live).toBe(1); // nothing of the failed batch was written
    const traced = inputs.map((i, k) => ({ ...i, objectWriteTraceId: `t${k}` }));
    const partial = await api.call<BatchBody>('POST', '/crm/v3/objects/companies/batch/upsert', {
      inputs: traced,
    });
    expect(partial.status).toBe(207);
    expect(partial.body.numErrors).toBe(1);
    expect(partial.body.errors?.[0]?.context?.['objectWriteTraceId']).toEqual(['t1']);
    expect(partial.body.results.map((r) => r.properties['erp_id'])).toEqual(['E-10']);
    const tooMany = await api.call<ErrBody>('POST', '/crm/v3/objects/companies/batch/read', {
      inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/maximum number of inputs supported in a batch is 100/);
    const nonUnique = await api.call<ErrBody>('POST', '/crm/v3/objects/companies/batch/upsert', {
      inputs: [{ idProperty: 'name', id: 'x', properties: {} }],
    });
    expect(nonUnique.status).toBe(400);
    const missing = await api.call<BatchBody>('POST', '/crm/v3/objects/companies/batch/read', {
      inputs: [{ id: '1' }],
    });
    expect(missing.status).toBe(207);
    expect(missing.body.errors?.[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['1'] } });
  });

  it('reads by a unique idProperty (batch and single) and refuses non-unique ones', async () => {
    const batch = await api.call<BatchBody>('POST', '/crm/objects/2026-03/companies/batch/read', {
      idProperty: 'erp_id',
      inputs: [{ id: 'E-1' }, { id: 'E-404' }],
      properties: ['name', 'erp_id'],
    });
    expect(batch.status).toBe(207);
    expect(batch.body.results.map((r) => r.properties['name'])).toEqual(['Taken']);
    expect(batch.body.errors?.[0]?.context?.['ids']).toEqual(['E-404']);
    const one = await api.call<Rec>('GET', '/crm/v3/objects/contacts/ann@x.example?idProperty=email');
    expect(one.status).toBe(200);
    const notUnique = await api.call<ErrBody>('GET', '/crm/v3/objects/companies/Taken?idProperty=name');
    expect(notUnique.status).toBe(400);
  });

  it('only 10 unique properties per object; hasUniqueValue cannot be changed later', async () => {
    const make = (i: number) =>
      api.call<ErrBody>('POST', '/crm/v3/properties/products', {
        name: `u${i}`,
        label: `u${i}`,
        type: 'string',
        fieldType: 'text',
        groupName: 'productinformation',
        hasUniqueValue: true,
      });
    for (let i = 0; i < 10; i++) expect((await make(i)).status).toBe(201);
    expect((await make(10)).status).toBe(400);
    const patched = await api.call<{ hasUniqueValue: boolean }>('PATCH', '/crm/v3/properties/products/u0', {
      hasUniqueValue: false,
      label: 'U0',
    });
    expect(patched.body.hasUniqueValue).toBe(true);
  });

  it('search caps: limit, filter groups, one sort, paging past 10,000', async () => {
    const search = (body: unknown) => api.call<ErrBody>('POST', '/crm/v3/objects/companies/search', body);
    expect((await search({ limit: 201 })).status).toBe(400);
    expect((await search({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [] })) })).status).toBe(
      400,
    );
    expect((await search({ sorts: ['name', '-createdate'] })).status).toBe(400);
    expect((await search({ after: '10000' })).status).toBe(400);
    expect((await search({ after: '9990', limit: 10 })).status).toBe(200);
  });

  it('writes are invisible to search during the indexing lag', async () => {
    await api.control('POST', 'config', { indexingLagMs: 5_000 });
    await api.call('POST', '/crm/v3/objects/companies', { properties: { name: 'Laggy Inc' } });
    const q = { filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: 'Laggy Inc' }] }] };
    expect((await api.call<PageBody>('POST', '/crm/v3/objects/companies/search', q)).body.total).toBe(0);
    now += 5_000;
    expect((await api.call<PageBody>('POST', '/crm/v3/objects/companies/search', q)).body.total).toBe(1);
    await api.control('POST', 'config', { indexingLagMs: 0 });
  });

  it('daily budget: 429 DAILY until local midnight of the portal', async () => {
    const details = await api.call<{ portalId: number; timeZone: string; utcOffset: string }>(
      'GET',
      '/account-info/2026-03/details',
    );
    expect(details.body).toMatchObject({ portalId: 12345678, timeZone: 'US/Eastern', utcOffset: '-05:00' });
    await api.control('POST', 'config', { rateLimit: { dailyLimit: 1 } });
    const r = await api.call<ErrBody>('GET', '/crm/v3/objects/companies');
    expect(r.status).toBe(429);
    expect(r.body.policyName).toBe('DAILY');
    expect(r.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    const usage = await api.control('GET', 'stats');
    expect(usage['dailyUsed']).toBeGreaterThan(1);
    now = Date.parse('2026-03-03T04:59:00.000Z'); // 23:59 US/Eastern: same local day
    expect((await api.call('GET', '/crm/v3/objects/companies')).status).toBe(429);
    now = Date.parse('2026-03-03T05:00:00.000Z'); // local midnight
    expect((await api.call('GET', '/crm/v3/objects/companies')).status).toBe(200);
  });
});
