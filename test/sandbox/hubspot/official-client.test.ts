/**
 * The HubSpot sandbox driven by HubSpot's official Node client (`@hubspot/api-client`, pointed at
 * the sandbox with `basePath`): it sends array query parameters as repeated keys, deserialises
 * every response into its typed models, and speaks v3/v4. Scenario: a unique property, batch
 * upsert, list and read with several properties, search, associations (primary company), pipelines,
 * and closing a deal (HubSpot stamps the close date).
 */
import { AssociationTypes, Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies/index.js';
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import {
  CONTACT_TO_COMPANY_PRIMARY,
  CONTACT_TO_COMPANY_UNLABELED,
} from '../../../src/connectors/hubspot/index.js';

const T0 = Date.parse('2026-11-02T10:00:00.000Z');
const primary = {
  associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
  associationTypeId: AssociationTypes.primaryContactToCompany,
};

describe('the HubSpot sandbox through the official Node client', () => {
  let now = T0;
  let hs: HubSpotSandbox;
  let client: Client;
  const companyIds: Record<string, string> = {};

  beforeAll(async () => {
    hs = await startHubSpotSandbox({ clock: () => now });
    client = new Client({ accessToken: hs.token, basePath: hs.url, numberOfApiCallRetries: 0 });
  });
  afterAll(async () => {
    await hs?.close();
  });

  it("uses the association type ids the connector sends (the client's own table)", () => {
    expect(AssociationTypes.primaryContactToCompany).toBe(CONTACT_TO_COMPANY_PRIMARY);
    expect(AssociationTypes.contactToCompany).toBe(CONTACT_TO_COMPANY_UNLABELED);
  });

  it('creates a unique property and batch-upserts companies by it', async () => {
    const prop = await client.crm.properties.coreApi.create('companies', {
      name: 'erp_key',
      label: 'ERP key',
      type: PropertyCreateTypeEnum.String,
      fieldType: PropertyCreateFieldTypeEnum.Text,
      groupName: 'companyinformation',
      hasUniqueValue: true,
    });
    expect(prop.hasUniqueValue).toBe(true);
    const up = await client.crm.companies.batchApi.upsert({
      inputs: [
        { idProperty: 'erp_key', id: 'C-1', properties: { name: 'Acme', city: 'Berlin', zip: '10115' } },
        { idProperty: 'erp_key', id: 'C-2', properties: { name: 'Globex', city: 'Lyon', zip: '69001' } },
      ],
    });
    expect(up.status).toBe('COMPLETE');
    expect(up.results.map((r) => r._new)).toEqual([true, true]);
    for (const r of up.results) companyIds[r.properties['erp_key'] ?? ''] = r.id;
    const again = await client.crm.companies.batchApi.upsert({
      inputs: [{ idProperty: 'erp_key', id: 'C-1', properties: { phone: '+49 30 1' } }],
    });
    expect(again.results[0]).toMatchObject({ id: companyIds['C-1'], _new: false });
  });

  it('lists and reads with several properties (repeated query keys), history and associations', async () => {
    const page = await client.crm.companies.basicApi.getPage(10, undefined, ['name', 'city', 'zip']);
    expect(
      page.results.map((r) => [r.properties['name'], r.properties['city'], r.properties['zip']]),
    ).toEqual([
      ['Acme', 'Berlin', '10115'],
      ['Globex', 'Lyon', '69001'],
    ]);
    const one = await client.crm.companies.basicApi.getById(
      'C-1',
      ['name', 'city', 'zip', 'phone'],
      ['city', 'name'],
      undefined,
      false,
      'erp_key',
    );
    expect(one.properties).toMatchObject({ name: 'Acme', city: 'Berlin', zip: '10115', phone: '+49 30 1' });
    expect(Object.keys(one.propertiesWithHistory ?? {}).sort()).toEqual(['city', 'name']);
    expect(one.propertiesWithHistory?.['city']?.[0]?.value).toBe('Berlin');
  });

  it('searches with filters, a sort and paging', async () => {
    const found = await client.crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'city', operator: FilterOperatorEnum.Eq, value: 'Lyon' }] }],
      sorts: ['name'],
      properties: ['name', 'city'],
      limit: 10,
      after: '0',
    });
    expect(found.total).toBe(1);
    expect(found.results[0]?.properties).toMatchObject({ name: 'Globex', city: 'Lyon' });
    const paged = await client.crm.companies.searchApi.doSearch({
      filterGroups: [],
      sorts: ['-name'],
      properties: ['name'],
      limit: 1,
      after: '0',
    });
    expect(paged.results[0]?.properties['name']).toBe('Globex');
    expect(paged.paging?.next?.after).toBe('1');
  });

  it('associates a contact to a primary company and moves it (v4), keeping one primary', async () => {
    const [acme, globex] = [companyIds['C-1'] ?? '', companyIds['C-2'] ?? ''];
    const contact = await client.crm.contacts.basicApi.create({
      properties: { email: 'ann@acme.example', firstname: 'Ann' },
      associations: [{ to: { id: acme }, types: [primary] }],
    });
    const typesOf = async (): Promise<Record<string, number[]>> => {
      const page = await client.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies');
      return Object.fromEntries(
        page.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId).sort()]),
      );
    };
    expect(await typesOf()).toEqual({ [acme]: [1, 279] });
    const moved = await client.crm.associations.v4.batchApi.create('contacts', 'companies', {
      inputs: [{ _from: { id: contact.id }, to: { id: globex }, types: [primary] }],
    });
    expect(moved.results).toHaveLength(1);
    expect(await typesOf()).toEqual({ [acme]: [279], [globex]: [1, 279] });
    const withAssoc = await client.crm.contacts.basicApi.getById(contact.id, ['email'], undefined, [
      'companies',
    ]);
    // v3 lists one entry per association type: the primary company twice (primary, unlabeled)
    const listed = withAssoc.associations?.['companies']?.results ?? [];
    expect(listed.map((r) => `${r.id}:${r.type}`).sort()).toEqual(
      [
        `${acme}:contact_to_company_unlabeled`,
        `${globex}:contact_to_company`,
        `${globex}:contact_to_company_unlabeled`,
      ].sort(),
    );
  });

  it('reads the deal pipelines and closes a deal: HubSpot stamps the close date', async () => {
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    const won = pipelines.results[0]?.stages.find((s) => s.id === 'closedwon');
    expect(won?.metadata?.['isClosed']).toBe('true');
    now = T0;
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: 'Acme order', dealstage: 'contractsent', amount: '100' },
      associations: [],
    });
    now = T0 + 3_600_000;
    await client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: won?.id ?? '' } });
    const closed = await client.crm.deals.basicApi.getById(deal.id, [
      'closedate',
      'hs_is_closed_won',
      'hs_date_entered_closedwon',
    ]);
    expect(closed.properties).toMatchObject({
      closedate: new Date(now).toISOString(),
      hs_is_closed_won: 'true',
      hs_date_entered_closedwon: new Date(now).toISOString(),
    });
  });
});
