/**
 * Array query parameters: HubSpot's specs declare `properties`, `propertiesWithHistory` and
 * `associations` as repeated keys (what the official client sends); comma-separated values work
 * too. The sandbox reads every form on list and read, not just the first key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import type { SeedResult } from '../../../sandbox/hubspot/seed.js';
import { SandboxClient, type PageBody, type Rec } from './client.js';

type WithHistory = Rec & { propertiesWithHistory?: Record<string, { value: string }[]> };

describe('HubSpot sandbox array query parameters', () => {
  let hs: HubSpotSandbox;
  let api: SandboxClient;
  let companyId: string;

  beforeAll(async () => {
    hs = await startHubSpotSandbox();
    api = new SandboxClient(hs);
    const seeded = await api.control<SeedResult>('POST', 'seed', {
      companies: [{ ref: 'acme', properties: { name: 'Acme', city: 'Berlin', zip: '10115', phone: '1' } }],
      contacts: [{ properties: { email: 'ann@acme.example' }, companyRef: 'acme' }],
      deals: [{ properties: { dealname: 'Order', dealstage: 'qualifiedtobuy' }, companyRef: 'acme' }],
    });
    companyId = seeded.refs['acme'] as string;
  });
  afterAll(async () => {
    await hs?.close();
  });

  const picked = (r: Rec) => ['name', 'city', 'zip', 'phone'].filter((p) => p in r.properties);

  it.each([
    ['repeated keys', 'properties=name&properties=city&properties=zip'],
    ['comma-separated', 'properties=name,city,zip'],
    ['both mixed', 'properties=name,city&properties=zip'],
  ])('read returns every property named by %s', async (_form, query) => {
    for (const v of ['/crm/v3/objects', '/crm/objects/2026-03', '/crm/objects/2026-09']) {
      const one = await api.call<Rec>('GET', `${v}/companies/${companyId}?${query}`);
      expect(one.status).toBe(200);
      expect(picked(one.body)).toEqual(['name', 'city', 'zip']);
      const page = await api.call<PageBody>('GET', `${v}/companies?limit=5&${query}`);
      expect(page.body.results.map(picked)).toEqual([['name', 'city', 'zip']]);
    }
  });

  it('associations and propertiesWithHistory are read in both forms', async () => {
    for (const q of ['associations=contacts&associations=deals', 'associations=contacts,deals']) {
      const r = await api.call<Rec>('GET', `/crm/v3/objects/companies/${companyId}?${q}`);
      expect(Object.keys(r.body.associations ?? {}).sort()).toEqual(['contacts', 'deals']);
    }
    for (const q of [
      'propertiesWithHistory=name&propertiesWithHistory=city',
      'propertiesWithHistory=name,city',
    ]) {
      const r = await api.call<WithHistory>('GET', `/crm/objects/2026-03/companies/${companyId}?${q}`);
      expect(Object.keys(r.body.propertiesWithHistory ?? {}).sort()).toEqual(['city', 'name']);
      expect(r.body.propertiesWithHistory?.['city']?.[0]?.value).toBe('Berlin');
      const page = await api.call<{ results: WithHistory[] }>('GET', `/crm/v3/objects/companies?${q}`);
      expect(Object.keys(page.body.results[0]?.propertiesWithHistory ?? {}).sort()).toEqual(['city', 'name']);
    }
  });

  it('no properties parameter still answers the default properties only', async () => {
    const r = await api.call<Rec>('GET', `/crm/v3/objects/companies/${companyId}`);
    expect(r.body.properties['name']).toBe('Acme');
    expect(r.body.properties['city']).toBeUndefined();
  });
});
