/**
 * The commerce Orders object through real HTTP: both path families and the `0-123`/`order`
 * spellings, default properties and pipeline, unique-key upserts, search, associations with
 * HubSpot's type ids both ways, and the orders scopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import type { SeedResult } from '../../../sandbox/hubspot/seed.js';
import { SandboxClient, type BatchBody, type ErrBody, type PageBody, type Rec } from './client.js';

const PIPELINE = '14a2e10e-5471-408a-906e-c51f3b04369e';
const OPEN = '4b27b500-f031-4927-9811-68a0b525cbae';
const SHIPPED = 'aa99e8d0-c1d5-4071-b915-d240bbb1aed9';
const spec = (associationTypeId: number) => [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }];

interface AssocPage {
  results: { toObjectId: string; associationTypes: { category: string; typeId: number; label?: string }[] }[];
}

describe('HubSpot sandbox orders object', () => {
  let now = Date.parse('2026-11-27T09:00:00.000Z');
  let hs: HubSpotSandbox;
  let api: SandboxClient;
  let ids: { company: string; contact: string; deal: string; lineItem: string; product: string };

  beforeAll(async () => {
    hs = await startHubSpotSandbox({ clock: () => now, rateLimit: { burst: 1_000, searchPerSecond: 100 } });
    api = new SandboxClient(hs);
    const seeded = await api.control<SeedResult>('POST', 'seed', {
      companies: [{ ref: 'acme', properties: { name: 'Acme' } }],
      contacts: [{ ref: 'ann', properties: { email: 'ann@acme.example' }, companyRef: 'acme' }],
      products: [{ ref: 'pump', properties: { name: 'Pump', hs_sku: 'PMP-1', price: '100' } }],
      deals: [
        {
          properties: { dealname: 'Won', dealstage: 'closedwon' },
          companyRef: 'acme',
          lineItems: [{ productRef: 'pump' }],
        },
      ],
    });
    ids = {
      company: seeded.refs['acme'] as string,
      contact: seeded.refs['ann'] as string,
      deal: seeded.deals[0]?.id as string,
      lineItem: seeded.deals[0]?.lineItemIds[0] as string,
      product: seeded.refs['pump'] as string,
    };
    await api.call('POST', '/crm/properties/2026-03/orders/groups', { name: 'qad', label: 'QAD' });
    const prop = await api.call('POST', '/crm/properties/2026-03/orders', {
      name: 'qad_order_key',
      label: 'QAD order key',
      type: 'string',
      fieldType: 'text',
      groupName: 'qad',
      hasUniqueValue: true,
    });
    expect(prop.status).toBe(201);
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('creates an order in the default pipeline, readable as orders, order and 0-123 in both families', async () => {
    const created = await api.call<Rec>('POST', '/crm/v3/objects/order', {
      properties: {
        hs_order_name: 'Camping supplies',
        hs_currency_code: 'USD',
        hs_source_store: 'REI - Portland',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({
      hs_order_name: 'Camping supplies',
      hs_currency_code: 'USD',
      hs_createdate: '2026-11-27T09:00:00.000Z',
      hs_lastmodifieddate: '2026-11-27T09:00:00.000Z',
      hs_object_id: created.body.id,
    });
    expect(created.body.properties).not.toHaveProperty('createdate');
    const full = await api.call<Rec>(
      'GET',
      `/crm/objects/2026-03/0-123/${created.body.id}?properties=hs_pipeline,hs_pipeline_stage,hs_exchange_rate,hs_source_store`,
    );
    expect(full.body.properties).toMatchObject({
      hs_pipeline: PIPELINE,
      hs_pipeline_stage: OPEN,
      hs_exchange_rate: '1.0',
      hs_source_store: 'REI - Portland',
    });
    const plain = await api.call<Rec>('GET', `/crm/v3/objects/orders/${created.body.id}`);
    expect(Object.keys(plain.body.properties).sort()).toEqual(
      [
        'hs_createdate',
        'hs_currency_code',
        'hs_lastmodifieddate',
        'hs_object_id',
        'hs_order_name',
        'hs_pipeline_stage',
      ].sort(),
    );
  });

  it('refuses unknown, read-only and out-of-pipeline values with HubSpot validation errors', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ nope: 'x' }, 'PROPERTY_DOESNT_EXIST'],
      [{ hs_createdate: '2026-01-01' }, 'READ_ONLY_VALUE'],
      [{ hs_pipeline_stage: 'closedwon' }, 'INVALID_OPTION'],
      [{ hs_pipeline: 'default' }, 'INVALID_OPTION'],
      [{ hs_currency_code: 'XXX' }, 'INVALID_OPTION'],
      [{ hs_total_price: 'ten' }, 'INVALID_INTEGER'],
    ];
    for (const [properties, code] of cases) {
      const r = await api.call<ErrBody>('POST', '/crm/objects/2026-03/orders', { properties });
      expect(r.status, JSON.stringify(properties)).toBe(400);
      expect(r.body.category).toBe('VALIDATION_ERROR');
      expect(r.body.errors?.[0]?.code).toBe(code);
    }
  });

  it('upserts on the unique order key: creates once, then updates the same records', async () => {
    const inputs = (stage: string) =>
      ['10USA/E0000001', '20DEU/E0000002'].map((key, i) => ({
        idProperty: 'qad_order_key',
        id: key,
        properties: {
          hs_order_name: `EDI ${i + 1}`,
          hs_total_price: String(100 * (i + 1)),
          hs_pipeline_stage: stage,
        },
      }));
    const first = await api.call<BatchBody>('POST', '/crm/objects/2026-03/orders/batch/upsert', {
      inputs: inputs(OPEN),
    });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.new)).toEqual([true, true]);
    now += 60_000;
    const second = await api.call<BatchBody>('POST', '/crm/v3/objects/orders/batch/upsert', {
      inputs: inputs(SHIPPED),
    });
    expect(second.body.results.map((r) => r.new)).toEqual([false, false]);
    expect(second.body.results.map((r) => r.id)).toEqual(first.body.results.map((r) => r.id));
    expect(second.body.results.map((r) => r.properties['hs_pipeline_stage'])).toEqual([SHIPPED, SHIPPED]);
    const dup = await api.call<ErrBody>('POST', '/crm/v3/objects/orders', {
      properties: { qad_order_key: '10USA/E0000001' },
    });
    expect(dup.status).toBe(409);
    const read = await api.call<BatchBody>('POST', '/crm/v3/objects/orders/batch/read?', {
      idProperty: 'qad_order_key',
      inputs: [{ id: '20DEU/E0000002' }],
      properties: ['hs_total_price'],
    });
    expect(read.body.results[0]?.properties['hs_total_price']).toBe('200');
    const found = await api.call<PageBody>('POST', '/crm/objects/2026-03/orders/search', {
      filterGroups: [{ filters: [{ propertyName: 'hs_pipeline_stage', operator: 'EQ', value: SHIPPED }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['qad_order_key'],
    });
    expect(found.body.results.map((r) => r.properties['qad_order_key'])).toEqual([
      '10USA/E0000001',
      '20DEU/E0000002',
    ]);
  });

  it('associates orders with company, contact, deal and line item, with the type ids both ways', async () => {
    const order = await api.call<Rec>('POST', '/crm/objects/2026-03/orders', {
      properties: { hs_order_name: 'From a deal' },
      associations: [
        { to: { id: ids.company }, types: spec(509) },
        { to: { id: ids.contact }, types: spec(507) },
        { to: { id: ids.deal }, types: spec(512) },
        { to: { id: ids.lineItem }, types: spec(513) },
      ],
    });
    expect(order.status).toBe(201);
    const expected: [string, string, number, number][] = [
      ['companies', ids.company, 509, 510],
      ['contacts', ids.contact, 507, 508],
      ['deals', ids.deal, 512, 511],
      ['line_items', ids.lineItem, 513, 514],
    ];
    for (const [type, id, forward, back] of expected) {
      const out = await api.call<AssocPage>(
        'GET',
        `/crm/v4/objects/orders/${order.body.id}/associations/${type}`,
      );
      expect(out.body.results).toEqual([
        { toObjectId: id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: forward }] },
      ]);
      const reverse = await api.call<AssocPage>('GET', `/crm/v4/objects/${type}/${id}/associations/orders`);
      expect(reverse.body.results).toEqual([
        { toObjectId: order.body.id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: back }] },
      ]);
      const labels = await api.call<{ results: unknown[] }>(
        'GET',
        `/crm/v4/associations/orders/${type}/labels`,
      );
      expect(labels.body.results).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: forward }]);
    }
    const v3 = await api.call<Rec>(
      'GET',
      `/crm/v3/objects/orders/${order.body.id}?associations=deals,companies`,
    );
    expect(v3.body.associations?.['deals']?.results).toEqual([{ id: ids.deal, type: 'order_to_deal' }]);
    const wrong = await api.call<ErrBody>(
      'PUT',
      `/crm/v4/objects/orders/${order.body.id}/associations/companies/${ids.company}`,
      spec(341),
    );
    expect(wrong.status).toBe(400);
    const product = await api.call<ErrBody>(
      'PUT',
      `/crm/v4/objects/orders/${order.body.id}/associations/default/products/${ids.product}`,
    );
    expect(product.status).toBe(400);
  });

  it('serves the order pipeline with its stages beside the deal pipeline', async () => {
    const pipes = await api.call<{
      results: { id: string; label: string; stages: { id: string; label: string }[] }[];
    }>('GET', '/crm/v3/pipelines/orders');
    expect(pipes.body.results.map((p) => [p.id, p.label])).toEqual([[PIPELINE, 'Order Pipeline']]);
    expect(pipes.body.results[0]?.stages.map((s) => s.label)).toEqual([
      'Open',
      'Processed',
      'Shipped',
      'Delivered',
      'Cancelled',
    ]);
    const stage = await api.call<{ id: string }>(
      'GET',
      `/crm/pipelines/2026-03/0-123/${PIPELINE}/stages/${SHIPPED}`,
    );
    expect(stage.body.id).toBe(SHIPPED);
    const deals = await api.call<{ results: { id: string }[] }>('GET', '/crm/v3/pipelines/deals');
    expect(deals.body.results.map((p) => p.id)).toEqual(['default']);
  });

  it('needs the orders scopes, which the all-scopes token holds', async () => {
    expect(ALL_SCOPES).toEqual(
      expect.arrayContaining(['crm.objects.orders.read', 'crm.objects.orders.write']),
    );
    const readOnly = await api.control<{ token: string }>('POST', 'tokens', {
      scopes: ['crm.objects.orders.read'],
    });
    const reader = api.withToken(readOnly.token);
    expect((await reader.call('GET', '/crm/v3/objects/orders')).status).toBe(200);
    expect((await reader.call('GET', '/crm/v3/pipelines/orders')).status).toBe(200);
    const write = await reader.call<ErrBody>('POST', '/crm/v3/objects/orders', { properties: {} });
    expect(write.status).toBe(403);
    expect(write.body.errors?.[0]?.context).toEqual({ requiredGranularScopes: ['crm.objects.orders.write'] });
    const dealsOnly = await api.control<{ token: string }>('POST', 'tokens', {
      scopes: ['crm.objects.deals.read'],
    });
    const denied = await api.withToken(dealsOnly.token).call<ErrBody>('GET', '/crm/objects/2026-03/orders');
    expect(denied.status).toBe(403);
    expect(denied.body.errors?.[0]?.context).toEqual({ requiredGranularScopes: ['crm.objects.orders.read'] });
    const info = await api.call<{ scopes: string[] }>(
      'POST',
      '/oauth/v2/private-apps/get/access-token-info',
      {
        tokenKey: hs.token,
      },
    );
    expect(info.body.scopes).toEqual(
      expect.arrayContaining(['crm.objects.orders.read', 'crm.objects.orders.write']),
    );
  });
});
