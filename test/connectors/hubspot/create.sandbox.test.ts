/**
 * batchCreate against the real HubSpot sandbox: inline associations made in the create call,
 * per-input 409s for a taken unique value (with the existing id) while the rest of the batch is
 * created, and a lost answer retried only when the inputs are guarded by a unique property.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTACT_TO_COMPANY_UNLABELED,
  type CreateOutcome,
  type HubSpotClient,
} from '../../../src/connectors/hubspot/index.js';
import { isConnectorError } from '../../../src/core/errors.js';
import { startHarness, type Harness, type SandboxStats } from './harness.js';

const CREATE = 'POST /crm/objects/{objectType}/batch/create';
const ASSOCIATE = 'POST /crm/associations/{fromObjectType}/{toObjectType}/batch/associate/default';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.client.ensurePropertyGroup('companies', 'qad', 'QAD');
  await h.client.ensureProperties('companies', [
    {
      name: 'qad_account_key',
      label: 'QAD account key',
      type: 'string',
      fieldType: 'text',
      groupName: 'qad',
      hasUniqueValue: true,
    },
  ]);
  await h.client.ensurePropertyGroup('contacts', 'qad', 'QAD');
  await h.client.ensureProperties('contacts', [
    {
      name: 'qad_contact_key',
      label: 'QAD contact key',
      type: 'string',
      fieldType: 'text',
      groupName: 'qad',
      hasUniqueValue: true,
    },
  ]);
});
afterAll(async () => h.close());

async function routeCount(route: string): Promise<number> {
  const stats = (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
  return Object.values(stats.requests[route] ?? {}).reduce((a, b) => a + b, 0);
}

interface SandboxRecord {
  id: string;
  properties: Record<string, string>;
  archived: boolean;
  associations?: Record<string, string[]>;
}

async function contactsByKey(): Promise<Map<string, SandboxRecord[]>> {
  const all = (await h.control('GET', '/_sandbox/objects/contacts')) as { results: SandboxRecord[] };
  const out = new Map<string, SandboxRecord[]>();
  for (const r of all.results.filter((x) => !x.archived)) {
    const key = r.properties['qad_contact_key'] ?? '';
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

async function companies(client: HubSpotClient, ...keys: string[]): Promise<string[]> {
  const outcomes = await client.batchUpsert(
    'companies',
    'qad_account_key',
    keys.map((key) => ({ key, properties: { name: key } })),
  );
  return outcomes.map((o) => (o.ok ? o.id : ''));
}

const idOf = (o: CreateOutcome | undefined): string => (o?.ok === true ? o.id : '');

describe('batch create with inline associations', () => {
  for (const apiVersion of ['2026-03', '2026-09', 'v3'] as const) {
    it(`${apiVersion}: creates records and their associations in one call, none afterwards`, async () => {
      const client = h.clientFor({ apiVersion });
      const tag = apiVersion.replace(/\W/g, '');
      const [co1, co2] = await companies(client, `IA-${tag}-1`, `IA-${tag}-2`);
      const creates = await routeCount(CREATE);
      const associates = await routeCount(ASSOCIATE);
      const outcomes = await client.batchCreate(
        'contacts',
        [
          {
            key: `IC-${tag}-1`,
            properties: { qad_contact_key: `IC-${tag}-1`, email: `one-${tag}@inline.example` },
            associations: [{ toId: co1 ?? '', associationTypeId: CONTACT_TO_COMPANY_UNLABELED }],
          },
          {
            key: `IC-${tag}-2`,
            properties: { qad_contact_key: `IC-${tag}-2`, firstname: 'Two' },
            associations: [{ toId: co2 ?? '', associationTypeId: CONTACT_TO_COMPANY_UNLABELED }],
          },
          { key: `IC-${tag}-3`, properties: { qad_contact_key: `IC-${tag}-3`, firstname: 'Three' } },
        ],
        { guardedBy: 'qad_contact_key' },
      );
      expect(outcomes.map((o) => [o.key, o.ok, o.ok && o.created])).toEqual([
        [`IC-${tag}-1`, true, true],
        [`IC-${tag}-2`, true, true],
        [`IC-${tag}-3`, true, true],
      ]);
      expect(await routeCount(CREATE)).toBe(creates + 1);
      expect(await routeCount(ASSOCIATE)).toBe(associates);
      const ids = outcomes.map(idOf);
      const read = await client.batchReadAssociations('contacts', 'companies', ids);
      expect(read.get(ids[0] ?? '')).toEqual([co1]);
      expect(read.get(ids[1] ?? '')).toEqual([co2]);
      expect(read.get(ids[2] ?? '')).toEqual([]);
      const stored = await contactsByKey();
      expect(stored.get(`IC-${tag}-1`)?.[0]?.properties['email']).toBe(`one-${tag}@inline.example`);
    });
  }

  it('a taken unique value is a per-input 409 with the existing id; the rest of the batch is created', async () => {
    const [co] = await companies(h.client, 'UQ-co');
    const first = await h.client.batchCreate(
      'contacts',
      [{ key: 'UQ-1', properties: { qad_contact_key: 'UQ-1', email: 'uq1@unique.example' } }],
      { guardedBy: 'qad_contact_key' },
    );
    const existing = idOf(first[0]);
    expect(existing).not.toBe('');
    const outcomes = await h.client.batchCreate(
      'contacts',
      [
        { key: 'UQ-2', properties: { qad_contact_key: 'UQ-2', firstname: 'Before' } },
        {
          key: 'UQ-1',
          properties: { qad_contact_key: 'UQ-1', firstname: 'Again' },
          associations: [{ toId: co ?? '', associationTypeId: CONTACT_TO_COMPANY_UNLABELED }],
        },
        { key: 'UQ-3', properties: { qad_contact_key: 'UQ-3', email: 'uq1@unique.example' } },
        { key: 'UQ-4', properties: { qad_contact_key: 'UQ-4', firstname: 'After' } },
      ],
      { guardedBy: 'qad_contact_key' },
    );
    expect(outcomes.map((o) => [o.key, o.ok])).toEqual([
      ['UQ-2', true],
      ['UQ-1', false],
      ['UQ-3', false],
      ['UQ-4', true],
    ]);
    const taken = outcomes[1];
    expect(taken?.ok === false && taken.error).toMatchObject({
      code: 'HUBSPOT_CONFLICT',
      category: 'CONFLICT',
      status: 207,
      existingId: existing,
    });
    const email = outcomes[2];
    expect(email?.ok === false && email.error).toMatchObject({
      code: 'HUBSPOT_CONFLICT',
      existingId: existing,
    });
    const stored = await contactsByKey();
    expect(stored.get('UQ-1')).toHaveLength(1);
    expect(stored.get('UQ-1')?.[0]?.properties['firstname']).toBeUndefined();
    // the rejected input's inline association was not made
    expect(stored.get('UQ-1')?.[0]?.associations?.['companies'] ?? []).toEqual([]);
    expect(stored.has('UQ-3')).toBe(false);
    expect(stored.get('UQ-2')).toHaveLength(1);
    expect(stored.get('UQ-4')).toHaveLength(1);
  });

  it('an association to a missing record fails only that input', async () => {
    const outcomes = await h.client.batchCreate(
      'contacts',
      [
        {
          key: 'MA-1',
          properties: { qad_contact_key: 'MA-1' },
          associations: [{ toId: '999999999', associationTypeId: CONTACT_TO_COMPANY_UNLABELED }],
        },
        { key: 'MA-2', properties: { qad_contact_key: 'MA-2' } },
      ],
      { guardedBy: 'qad_contact_key' },
    );
    expect(outcomes.map((o) => [o.key, o.ok])).toEqual([
      ['MA-1', false],
      ['MA-2', true],
    ]);
    expect(outcomes[0]?.ok === false && outcomes[0].error.code).toBe('HUBSPOT_VALIDATION');
  });

  it('does not merge a key given twice: one contact is created, never two', async () => {
    const outcomes = await h.client.batchCreate(
      'contacts',
      [
        { key: 'DK-1', properties: { qad_contact_key: 'DK-1', firstname: 'First', lastname: 'Kept' } },
        { key: 'DK-1', properties: { qad_contact_key: 'DK-1', firstname: 'Second' } },
      ],
      { guardedBy: 'qad_contact_key' },
    );
    expect(outcomes).toHaveLength(2);
    expect((await contactsByKey()).get('DK-1')).toHaveLength(1);
  });
});

describe('a lost create answer', () => {
  it('guarded inputs are retried: the repeat is a 409 naming the record the first call created', async () => {
    await h.control('POST', '/_sandbox/faults', { kind: 'truncated', route: CREATE, count: 1 });
    const before = await routeCount(CREATE);
    const outcomes = await h.client.batchCreate(
      'contacts',
      [
        { key: 'LR-1', properties: { qad_contact_key: 'LR-1' } },
        { key: 'LR-2', properties: { qad_contact_key: 'LR-2' } },
      ],
      { guardedBy: 'qad_contact_key' },
    );
    expect(await routeCount(CREATE)).toBe(before + 2);
    const stored = await contactsByKey();
    expect(stored.get('LR-1')).toHaveLength(1);
    expect(stored.get('LR-2')).toHaveLength(1);
    expect(outcomes.map((o) => o.ok === false && [o.error.code, o.error.existingId])).toEqual([
      ['HUBSPOT_CONFLICT', stored.get('LR-1')?.[0]?.id],
      ['HUBSPOT_CONFLICT', stored.get('LR-2')?.[0]?.id],
    ]);
  });

  it('unguarded inputs are never repeated: the lost answer is an error, one record exists', async () => {
    await h.control('POST', '/_sandbox/faults', { kind: 'truncated', route: CREATE, count: 1 });
    const before = await routeCount(CREATE);
    const error: unknown = await h.client
      .batchCreate('contacts', [{ key: 'x', properties: { firstname: 'Unguarded LR' } }])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isConnectorError(error) && error.code).toBe('HTTP_BAD_BODY');
    expect(await routeCount(CREATE)).toBe(before + 1);
    const all = (await h.control('GET', '/_sandbox/objects/contacts')) as { results: SandboxRecord[] };
    expect(all.results.filter((r) => r.properties['firstname'] === 'Unguarded LR')).toHaveLength(1);
  });
});
