import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTACT_TO_COMPANY_PRIMARY,
  CONTACT_TO_COMPANY_UNLABELED,
  type HubSpotClient,
  type PropertyDefinition,
  type UpsertInput,
} from '../../../src/connectors/hubspot/index.js';
import { startHarness, type Harness, type SandboxStats } from './harness.js';

const COMPANY_PROPS: PropertyDefinition[] = [
  {
    name: 'qad_account_key',
    label: 'QAD account key',
    type: 'string',
    fieldType: 'text',
    groupName: 'qad',
    hasUniqueValue: true,
  },
  { name: 'qad_credit_limit', label: 'Credit limit', type: 'number', fieldType: 'number', groupName: 'qad' },
];
const CONTACT_PROPS: PropertyDefinition[] = [
  {
    name: 'qad_contact_key',
    label: 'QAD contact key',
    type: 'string',
    fieldType: 'text',
    groupName: 'qad',
    hasUniqueValue: true,
  },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ limiter: { maxConcurrent: 8 } });
  for (const [type, defs] of [
    ['companies', COMPANY_PROPS],
    ['contacts', CONTACT_PROPS],
  ] as const) {
    await h.client.ensurePropertyGroup(type, 'qad', 'QAD');
    await h.client.ensureProperties(type, defs);
  }
});
afterAll(async () => h.close());

async function stats(): Promise<SandboxStats> {
  return (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
}

async function companiesByKey(): Promise<Map<string, Record<string, string>>> {
  const all = (await h.control('GET', '/_sandbox/objects/companies')) as {
    results: { properties: Record<string, string> }[];
  };
  return new Map(all.results.map((r) => [r.properties['qad_account_key'] ?? '', r.properties]));
}

describe('batch upsert outcomes against the sandbox', () => {
  it('chunks by 100 (the writer owns the batch size), reports created vs updated', async () => {
    const inputs: UpsertInput[] = Array.from({ length: 250 }, (_, i) => ({
      key: `C-${i}`,
      properties: { name: `Company ${i}` },
    }));
    expect(h.client.writeBatchSize).toBe(100);
    const before = (await stats()).requests['POST /crm/objects/{objectType}/batch/upsert']?.['200'] ?? 0;
    const outcomes = await h.client.batchUpsert('companies', 'qad_account_key', inputs);
    expect(outcomes).toHaveLength(250);
    expect(outcomes.every((o) => o.ok && o.created)).toBe(true);
    expect((await stats()).requests['POST /crm/objects/{objectType}/batch/upsert']?.['200']).toBe(before + 3);
    const stored = await companiesByKey();
    expect(stored.get('C-7')?.['name']).toBe('Company 7');
    const again = await h.client.batchUpsert('companies', 'qad_account_key', [
      { key: 'C-1', properties: { name: 'One' } },
    ]);
    expect(again).toEqual([
      { key: 'C-1', ok: true, id: outcomes[1]?.ok ? outcomes[1].id : '', created: false },
    ]);
  });

  it('does not merge a key given twice: HubSpot refuses the call and bisection writes each input', async () => {
    const before = (await stats()).requests['POST /crm/objects/{objectType}/batch/upsert'] ?? {};
    const outcomes = await h.client.batchUpsert('companies', 'qad_account_key', [
      { key: 'D-1', properties: { name: 'First' } },
      { key: 'D-2', properties: { name: 'Other' } },
      { key: 'D-1', properties: { name: 'Second' } },
    ]);
    expect(outcomes.map((o) => [o.key, o.ok])).toEqual([
      ['D-1', true],
      ['D-2', true],
      ['D-1', true],
    ]);
    const after = (await stats()).requests['POST /crm/objects/{objectType}/batch/upsert'] ?? {};
    expect((after['400'] ?? 0) - (before['400'] ?? 0)).toBeGreaterThan(0);
    expect((await companiesByKey()).get('D-1')?.['name']).toBe('Second');
  });

  for (const apiVersion of ['2026-03', '2026-09', 'v3'] as const) {
    it(`${apiVersion}: maps per-input errors back to their records; the good ones are written`, async () => {
      const client: HubSpotClient = h.clientFor({ apiVersion });
      const tag = apiVersion.replace(/\W/g, '');
      const outcomes = await client.batchUpsert('companies', 'qad_account_key', [
        { key: `V-${tag}-1`, properties: { name: 'Good 1' } },
        { key: `V-${tag}-2`, properties: { name: 'Bad number', qad_credit_limit: '12,5x' } },
        { key: `V-${tag}-3`, properties: { name: 'Good 3' } },
        { key: `V-${tag}-4`, properties: { name: 'Unknown prop', no_such_property: 'x' } },
      ]);
      expect(outcomes.map((o) => [o.key, o.ok])).toEqual([
        [`V-${tag}-1`, true],
        [`V-${tag}-2`, false],
        [`V-${tag}-3`, true],
        [`V-${tag}-4`, false],
      ]);
      const bad = outcomes[1];
      expect(bad?.ok === false && bad.error).toMatchObject({
        code: 'HUBSPOT_VALIDATION',
        category: 'VALIDATION_ERROR',
        status: apiVersion === '2026-09' ? 200 : 207,
      });
      const unknown = outcomes[3];
      expect(unknown?.ok === false && unknown.error.message).toContain('no_such_property');
      const stored = await companiesByKey();
      expect(stored.has(`V-${tag}-1`) && stored.has(`V-${tag}-3`)).toBe(true);
      expect(stored.has(`V-${tag}-2`) || stored.has(`V-${tag}-4`)).toBe(false);
    });
  }

  it('a contact email owned by another contact is a conflict outcome carrying the existing id', async () => {
    const first = await h.client.batchUpsert('contacts', 'qad_contact_key', [
      { key: 'P-1', properties: { email: 'ann@acme.example', firstname: 'Ann' } },
    ]);
    const second = await h.client.batchUpsert('contacts', 'qad_contact_key', [
      { key: 'P-2', properties: { email: 'ann@acme.example', firstname: 'Other Ann' } },
      { key: 'P-3', properties: { email: 'bob@acme.example', firstname: 'Bob' } },
    ]);
    const conflict = second[0];
    expect(conflict?.ok).toBe(false);
    expect(conflict?.ok === false && conflict.error).toMatchObject({
      code: 'HUBSPOT_CONFLICT',
      existingId: first[0]?.ok ? first[0].id : 'x',
    });
    expect(second[1]?.ok).toBe(true);
  });
});

describe('batch read, update, archive and associations against the sandbox', () => {
  it('reads by id and by unique property, reporting missing keys', async () => {
    const [a, b] = await h.client.batchUpsert('companies', 'qad_account_key', [
      { key: 'R-1', properties: { name: 'Read 1' } },
      { key: 'R-2', properties: { name: 'Read 2' } },
    ]);
    const ids = [a, b].map((o) => (o?.ok ? o.id : ''));
    const byId = await h.client.batchRead('companies', { ids: [...ids, '999999999'] }, ['name']);
    expect(byId.results.map((r) => r.properties['name']).sort()).toEqual(['Read 1', 'Read 2']);
    expect(byId.notFound).toEqual(['999999999']);
    const byKey = await h.client.batchRead(
      'companies',
      { idProperty: 'qad_account_key', values: ['R-2', 'R-404'] },
      ['name', 'qad_account_key'],
    );
    expect(byKey.results.map((r) => r.id)).toEqual([ids[1]]);
    expect(byKey.notFound).toEqual(['R-404']);
  });

  it('updates by id with a not-found outcome for a missing id, and archives', async () => {
    const [a] = await h.client.batchUpsert('companies', 'qad_account_key', [
      { key: 'U-1', properties: { name: 'Before' } },
    ]);
    const id = a?.ok ? a.id : '';
    const outcomes = await h.client.batchUpdate('companies', [
      { id, properties: { name: 'After' } },
      { id: '987654321', properties: { name: 'Ghost' } },
    ]);
    expect(outcomes[0]).toEqual({ key: id, ok: true, id, created: false });
    expect(outcomes[1]?.ok === false && outcomes[1].error.code).toBe('HUBSPOT_OBJECT_NOT_FOUND');
    expect((await companiesByKey()).get('U-1')?.['name']).toBe('After');
    expect(await h.client.batchArchive('companies', [id])).toEqual([
      { key: id, ok: true, id, created: false },
    ]);
    const read = await h.client.batchRead('companies', { ids: [id] }, ['name']);
    expect(read.notFound).toEqual([id]);
  });

  it('associates contacts with companies by default type and reads them back', async () => {
    const companies = await h.client.batchUpsert('companies', 'qad_account_key', [
      { key: 'A-1', properties: { name: 'Assoc 1' } },
      { key: 'A-2', properties: { name: 'Assoc 2' } },
    ]);
    const contacts = await h.client.batchUpsert('contacts', 'qad_contact_key', [
      { key: 'AC-1', properties: { email: 'c1@assoc.example' } },
      { key: 'AC-2', properties: { email: 'c2@assoc.example' } },
    ]);
    const [co1, co2] = companies.map((o) => (o.ok ? o.id : ''));
    const [ct1, ct2] = contacts.map((o) => (o.ok ? o.id : ''));
    const outcomes = await h.client.batchAssociateDefault('contacts', 'companies', [
      { from: ct1 ?? '', to: co1 ?? '' },
      { from: ct2 ?? '', to: co1 ?? '' },
      { from: ct2 ?? '', to: co2 ?? '' },
      { from: ct1 ?? '', to: '999999999' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    const read = await h.client.batchReadAssociations('contacts', 'companies', [ct1 ?? '', ct2 ?? '']);
    expect(read.get(ct1 ?? '')).toEqual([co1]);
    expect(read.get(ct2 ?? '')?.sort()).toEqual([co1, co2].sort());
    const back = await h.client.batchReadAssociations('companies', 'contacts', [co1 ?? '']);
    expect(back.get(co1 ?? '')?.sort()).toEqual([ct1, ct2].sort());
  });

  it('associates with labelled types: a new primary company moves the label, one outcome per pair', async () => {
    const companies = await h.client.batchUpsert('companies', 'qad_account_key', [
      { key: 'P-1', properties: { name: 'Primary 1' } },
      { key: 'P-2', properties: { name: 'Primary 2' } },
    ]);
    const [contact] = await h.client.batchUpsert('contacts', 'qad_contact_key', [
      { key: 'PC-1', properties: { email: 'pc1@assoc.example' } },
    ]);
    const [co1, co2] = companies.map((o) => (o.ok ? o.id : ''));
    const ct = contact?.ok ? contact.id : '';
    const types = [CONTACT_TO_COMPANY_PRIMARY, CONTACT_TO_COMPANY_UNLABELED];
    const first = await h.client.batchAssociate(
      'contacts',
      'companies',
      [{ from: ct, to: co1 ?? '' }],
      types,
    );
    expect(first).toEqual([{ key: `${ct}->${co1 ?? ''}`, ok: true, id: co1, created: true }]);
    const moved = await h.client.batchAssociate(
      'contacts',
      'companies',
      [
        { from: ct, to: co2 ?? '' },
        { from: ct, to: '999999999' },
      ],
      types,
    );
    expect(moved.map((o) => o.ok)).toEqual([true, false]);
    expect(moved[1]?.ok === false && moved[1].error.code).toBe('HUBSPOT_OBJECT_NOT_FOUND');
    const res = await h.client.transport.call('GET', `/crm/v4/objects/contacts/${ct}/associations/companies`);
    const listed = res.json<{ results: { toObjectId: number; associationTypes: { typeId: number }[] }[] }>();
    const typesOf = Object.fromEntries(
      listed.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId).sort()]),
    );
    expect(typesOf).toEqual({ [co1 ?? '']: [279], [co2 ?? '']: [1, 279] });
  });
});
