/** The `/_sandbox/…` control API as documented in sandbox/hubspot/README.md. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import type { SeedResult } from '../../../sandbox/hubspot/seed.js';
import { SandboxClient, type PageBody, type Rec } from './client.js';

interface Dumped extends Omit<Rec, 'associations'> {
  associations: Record<string, string[]>;
}
interface Stats {
  requests: Record<string, Record<string, number>>;
  writeCalls: number;
  searchCalls: number;
  rateLimited: number;
  records: Record<string, { live: number; archived: number }>;
}

describe('HubSpot sandbox control API', () => {
  let now = Date.parse('2026-05-04T12:00:00.000Z');
  let hs: HubSpotSandbox;
  let api: SandboxClient;
  let seeded: SeedResult;

  beforeAll(async () => {
    hs = await startHubSpotSandbox({ clock: () => now, portalId: 777 });
    api = new SandboxClient(hs);
    seeded = await api.control<SeedResult>('POST', 'seed', {
      pipelines: [
        {
          label: 'Export',
          stages: [
            { label: 'Negotiation', isClosed: false, probability: 0.5 },
            { label: 'Won', isClosed: true, probability: 1.0 },
          ],
        },
      ],
      companies: [{ ref: 'acme', properties: { name: 'Acme', type: 'VENDOR' } }],
      contacts: [{ ref: 'ann', properties: { email: 'ann@acme.example' }, companyRef: 'acme' }],
      products: [{ ref: 'bolt', properties: { name: 'Bolt', hs_sku: 'BOLT', price: '0.5' } }],
      deals: [
        {
          properties: { dealname: 'Order', dealstage: 'contractsent', amount: '7' },
          companyRef: 'acme',
          contactRefs: ['ann'],
          lineItems: [
            { sku: 'BOLT', quantity: 10 },
            { productRef: 'bolt', quantity: 4, price: 0.5, name: 'Bolt (promo)' },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('seeds records with refs, line items by sku or product, and associations', async () => {
    expect(seeded.companies).toHaveLength(1);
    expect(seeded.deals[0]?.lineItemIds).toHaveLength(2);
    const deals = await api.control<{ results: Dumped[] }>('GET', 'objects/deals');
    expect(deals.results[0]?.associations).toMatchObject({
      companies: [seeded.refs['acme']],
      contacts: [seeded.refs['ann']],
      line_items: seeded.deals[0]?.lineItemIds,
    });
    const lines = await api.control<{ results: Dumped[] }>('GET', 'objects/0-8');
    expect(
      lines.results.map((l) => [l.properties['name'], l.properties['amount'], l.properties['hs_product_id']]),
    ).toEqual([
      ['Bolt', '5', seeded.refs['bolt']],
      ['Bolt (promo)', '2', seeded.refs['bolt']],
    ]);
  });

  it('seeded pipelines get numeric ids and stage metadata as strings', async () => {
    const r = await api.call<{
      results: { id: string; stages: { id: string; metadata: Record<string, string> }[] }[];
    }>('GET', '/crm/v3/pipelines/deals');
    const extra = r.body.results.find((p) => p.id !== 'default');
    expect(extra?.id).toMatch(/^\d+$/);
    expect(extra?.stages.map((s) => s.metadata)).toEqual([
      { isClosed: 'false', probability: '0.5' },
      { isClosed: 'true', probability: '1.0' },
    ]);
  });

  it('moves a deal to a stage, bumping hs_lastmodifieddate and hs_is_closed_won', async () => {
    const dealId = seeded.deals[0]?.id as string;
    now += 30_000;
    const moved = await api.control<Rec>('POST', `deals/${dealId}/stage`, { stageId: 'closedwon' });
    expect(moved.properties).toMatchObject({
      dealstage: 'closedwon',
      hs_is_closed_won: 'true',
      hs_lastmodifieddate: new Date(now).toISOString(),
    });
    const search = await api.call<PageBody>('POST', '/crm/objects/2026-03/deals/search', {
      filterGroups: [{ filters: [{ propertyName: 'hs_is_closed_won', operator: 'EQ', value: 'true' }] }],
    });
    expect(search.body.results.map((d) => d.id)).toEqual([dealId]);
    const bad = await fetch(`${hs.url}/_sandbox/deals/${dealId}/stage`, {
      method: 'POST',
      body: JSON.stringify({ stageId: 'nope' }),
    });
    expect(bad.status).toBe(400);
  });

  it('dumps archived records with their flag and counts them in stats', async () => {
    const id = seeded.refs['bolt'] as string;
    expect((await api.call('DELETE', `/crm/v3/objects/products/${id}`)).status).toBe(204);
    const dump = await api.control<{ results: Dumped[] }>('GET', 'objects/products');
    expect(dump.results.find((p) => p.id === id)).toMatchObject({ archived: true });
    const listed = await api.call<PageBody>('GET', '/crm/v3/objects/products?archived=true');
    expect(listed.body.results.map((p) => p.id)).toEqual([id]);
    const stats = await api.control<Stats>('GET', 'stats');
    expect(stats.records['products']).toEqual({ live: 0, archived: 1 });
    expect(stats.requests['DELETE /crm/objects/{objectType}/{objectId}']).toEqual({ '204': 1 });
    expect(stats.writeCalls).toBe(1);
    expect(stats.searchCalls).toBe(1);
  });

  it('sets the clock offset and reports account details for the configured portal', async () => {
    const c = await api.control<{ now: string; offsetMs: number }>('POST', 'clock', { advanceMs: 1_000 });
    expect(c).toEqual({ now: new Date(now + 1_000).toISOString(), offsetMs: 1_000 });
    const d = await api.call<{ portalId: number; companyCurrency: string }>(
      'GET',
      '/account-info/v3/details',
    );
    expect(d.body).toMatchObject({ portalId: 777, companyCurrency: 'USD' });
  });

  it('reset empties the portal but keeps tokens', async () => {
    await api.control('POST', 'reset');
    const stats = await api.control<Stats>('GET', 'stats');
    expect(Object.values(stats.records).every((r) => r.live === 0 && r.archived === 0)).toBe(true);
    expect(stats.writeCalls).toBe(0);
    const r = await api.call<{ results: { id: string }[] }>('GET', '/crm/v3/pipelines/deals');
    expect(r.status).toBe(200);
    expect(r.body.results.map((p) => p.id)).toEqual(['default']);
    const unknown = await fetch(`${hs.url}/_sandbox/nope`);
    expect(unknown.status).toBe(404);
  });
});
