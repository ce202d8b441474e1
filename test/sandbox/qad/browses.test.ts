/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- JSON bodies are asserted field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSE_IDS } from '../../../sandbox/qad/index.js';
import { startTenant, type QadTestTenant } from './qad-http.js';

describe('QAD sandbox browses', () => {
  let t: QadTestTenant;
  let nowMs = Date.UTC(2026, 10, 27, 10);
  beforeAll(async () => {
    t = await startTenant({ clock: { nowMs: () => nowMs } });
  });
  afterAll(() => t.close());

  it('pages through every browse deterministically, keyed and sorted by the browse key', async () => {
    const dumps = {
      customers: ['customerV2.customerCode', 'customerCode'],
      suppliers: ['supplierV2.supplierCode', 'supplierCode'],
      businessRelations: ['businessRelationV2.businessRelationCode', 'businessRelationCode'],
      contacts: ['contactV2.contactId', 'contactId'],
      items: ['pt_mstr.pt_part', 'itemCode'],
    } as const;
    for (const [kind, [column, field]] of Object.entries(dumps)) {
      const rows = await t.browseAll(BROWSE_IDS[kind as keyof typeof dumps]);
      const dump = await t.control('GET', `/records/${kind}`);
      const expected = (dump.body.records as Record<string, string>[]).map((r) => r[field]).sort();
      expect(rows.map((r) => r[column])).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
      expect(await t.browseAll(BROWSE_IDS[kind as keyof typeof dumps])).toEqual(rows);
    }
  });

  it('gives rows the documented columns', async () => {
    const expectColumns = async (browseId: string, prefix: string, fields: string) => {
      const res = await t.api(
        'GET',
        `/api/qracore/browses?browseId=${encodeURIComponent(browseId)}&page=1&pageSize=1&pageAction=first`,
      );
      expect(Object.keys(res.body.data[0])).toEqual(
        expect.arrayContaining(fields.split(' ').map((f) => `${prefix}.${f}`)),
      );
    };
    await expectColumns(
      BROWSE_IDS.customers,
      'customerV2',
      'customerCode businessRelationCode businessRelationName street1 street2 street3 city stateCode zipCode countryCode telephone currencyCode acceptedCurrencies isActive lastModifiedDate lastModifiedTime',
    );
    await expectColumns(
      BROWSE_IDS.suppliers,
      'supplierV2',
      'supplierCode businessRelationCode businessRelationName street1 street2 street3 city stateCode zipCode countryCode telephone currencyCode isActive lastModifiedDate',
    );
    await expectColumns(
      BROWSE_IDS.businessRelations,
      'businessRelationV2',
      'businessRelationCode businessRelationName1 headOfficeStreet1 headOfficeStreet2 headOfficeStreet3 headOfficeCity headOfficeStateCode headOfficeZipCode headOfficeCountryCode telephone isActive lastModifiedDate',
    );
    await expectColumns(
      BROWSE_IDS.contacts,
      'contactV2',
      'contactId businessRelationCode contactName contactEmail contactTelephone contactFunction lastModifiedDate',
    );
    await expectColumns(
      BROWSE_IDS.items,
      'pt_mstr',
      'pt_part pt_desc1 pt_prod_line pt_um pt_price pt_curr pt_status pt_domain pt_mod_date',
    );
  });

  it('serves contacts with their business relation, including contacts without e-mail', async () => {
    const rows = await t.browseAll(BROWSE_IDS.contacts, [], 500);
    expect(rows.some((r) => r['contactV2.contactEmail'] === '')).toBe(true);
    expect(rows.every((r) => typeof r['businessRelationV2.businessRelationName1'] === 'string')).toBe(true);
  });

  it('answers an unknown browse with 200 and no rows, and counts rows', async () => {
    const res = await t.api(
      'GET',
      '/api/qracore/browses?browseId=urn:browse:mfg:zz999&page=1&pageSize=10&pageAction=first',
    );
    expect(res).toEqual({ status: 200, body: { data: [], auxillaryData: { HasMoreParams: 'false' } } });
    const count = await t.api(
      'GET',
      `/api/qracore/browses/totalCount/?browseId=${encodeURIComponent(BROWSE_IDS.items)}`,
    );
    expect(count.body).toEqual({ data: 25 });
  });

  it('applies repeated filters with every operator', async () => {
    const all = await t.browseAll(BROWSE_IDS.customers, [], 500);
    const codes = all.map((r) => r['customerV2.customerCode'] as string);
    const pick = (filters: string[]) =>
      t
        .browseAll(BROWSE_IDS.customers, filters)
        .then((rows) => rows.map((r) => r['customerV2.customerCode']));
    const first = codes[0] as string;
    const fifth = codes[4] as string;
    const tenth = codes[9] as string;
    expect(await pick([`customerV2.customerCode,eq,${first},literal`])).toEqual([first]);
    expect(await pick([`customerV2.customerCode,eq,${first.toLowerCase()}`])).toEqual([first]);
    expect(await pick([`customerV2.customerCode,ge,${fifth},literal`])).toEqual(
      codes.filter((c) => c >= fifth),
    );
    expect(await pick([`customerV2.customerCode,gt,${fifth},literal`])).toEqual(
      codes.filter((c) => c > fifth),
    );
    expect(await pick([`customerV2.customerCode,lt,${fifth},literal`])).toEqual(
      codes.filter((c) => c < fifth),
    );
    expect(await pick([`customerV2.customerCode,le,${fifth},literal`])).toEqual(
      codes.filter((c) => c <= fifth),
    );
    expect(await pick([`customerV2.customerCode,rg,${fifth},literal,${tenth},literal`])).toEqual(
      codes.filter((c) => c >= fifth && c <= tenth),
    );
    expect(
      await pick([
        `customerV2.customerCode,sw,C00000`,
        `customerV2.customerCode,ew,${first.slice(-1)},literal`,
      ]),
    ).toEqual(codes.filter((c) => c.endsWith(first.slice(-1))));
    const deu = all
      .filter((r) => r['customerV2.domainCode'] === '20DEU')
      .map((r) => r['customerV2.customerCode']);
    expect(await pick(['customerV2.domainCode,eq,20DEU,literal'])).toEqual(deu);
    const withMu = all
      .filter((r) => String(r['customerV2.businessRelationName']).toLowerCase().includes('ü'))
      .map((r) => r['customerV2.customerCode']);
    expect(await pick(['customerV2.businessRelationName,cn,Ü,literal'])).toEqual(withMu);
    expect(await pick(['customerV2.noSuchColumn,eq,x,literal'])).toEqual([]);
  });

  it('filters by last-modified day and sees control-API changes with fresh stamps', async () => {
    const since = await t.browseAll(BROWSE_IDS.customers, [
      'customerV2.lastModifiedDate,ge,2026-11-27T00:00:00.000Z,literal',
    ]);
    expect(since).toEqual([]);
    const dump = await t.control('GET', '/records/customers?limit=1');
    const code = dump.body.records[0].customerCode as string;
    const patched = await t.control('PATCH', `/records/customers/${code}`, { creditTermsCode: 'N60' });
    expect(patched.status).toBe(200);
    nowMs += 3_600_000;
    const changed = await t.browseAll(BROWSE_IDS.customers, [
      'customerV2.lastModifiedDate,ge,2026-11-27T00:00:00.000Z,literal',
    ]);
    expect(changed.map((r) => r['customerV2.customerCode'])).toEqual([code]);
    expect(changed[0]).toMatchObject({
      'customerV2.lastModifiedDate': '2026-11-27',
      'customerV2.lastModifiedTime': 36_000,
      'customerV2.creditTermsCode': 'N60',
    });
    const sameDay = await t.browseAll(BROWSE_IDS.customers, [
      'customerV2.lastModifiedDate,eq,2026-11-27T17:45:00Z,literal',
    ]);
    expect(sameDay).toHaveLength(1);
    const br = dump.body.records[0].businessRelationCode as string;
    await t.control('PATCH', `/records/businessRelations/${br}`, { city: 'Köln' });
    const viaBr = await t.browseAll(BROWSE_IDS.businessRelations, [
      'businessRelationV2.lastModifiedDate,ge,2026-11-27,literal',
    ]);
    expect(viaBr.map((r) => r['businessRelationV2.businessRelationCode'])).toEqual([br]);
    expect(viaBr[0]?.['businessRelationV2.headOfficeCity']).toBe('Köln');
  });

  it('deactivates items and lets clients see it in the browse', async () => {
    const added = await t.control('POST', '/records/items', {
      itemCode: 'ZZ-NEW-1',
      description: 'Prüfstand 5kW',
      listPrice: 99.5,
    });
    expect(added.status).toBe(201);
    expect(
      (await t.control('POST', '/records/items', { itemCode: 'ZZ-NEW-1', description: 'dup' })).status,
    ).toBe(409);
    await t.control('POST', '/records/items/ZZ-NEW-1/deactivate');
    const rows = await t.browseAll(BROWSE_IDS.items, ['pt_mstr.pt_part,eq,ZZ-NEW-1,literal']);
    expect(rows[0]).toMatchObject({
      'pt_mstr.pt_status': 'INACTIVE',
      'pt_mstr.pt_desc1': 'Prüfstand 5kW',
      'pt_mstr.pt_price': 99.5,
    });
  });
});
