/**
 * A record's primary company: contact → company "Primary" is type 1 (company → contact 2), the
 * unlabeled pair 279/280. A contact has at most one primary company: a new primary association
 * (inline on create, labelled PUT, batch create, from either side) moves the label and keeps the
 * old company associated unlabeled; a default association adds a primary only to a contact without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import type { SeedResult } from '../../../sandbox/hubspot/seed.js';
import { SandboxClient, type BatchBody, type Rec } from './client.js';

interface Target {
  toObjectId: string | number;
  associationTypes: { category: string; typeId: number; label?: string }[];
}

const spec = (typeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId });

describe('HubSpot sandbox: one primary company per contact', () => {
  let hs: HubSpotSandbox;
  let api: SandboxClient;
  let a: string;
  let b: string;
  let c: string;

  beforeAll(async () => {
    hs = await startHubSpotSandbox();
    api = new SandboxClient(hs);
    const seeded = await api.control<SeedResult>('POST', 'seed', {
      companies: [
        { properties: { name: 'A' } },
        { properties: { name: 'B' } },
        { properties: { name: 'C' } },
      ],
    });
    [a, b, c] = seeded.companies as [string, string, string];
  });
  afterAll(async () => {
    await hs?.close();
  });

  /** Type ids per company of one contact, and per contact of one company (both directions). */
  async function companiesOf(contactId: string): Promise<Record<string, number[]>> {
    const r = await api.call<{ results: Target[] }>(
      'GET',
      `/crm/v4/objects/contacts/${contactId}/associations/companies`,
    );
    return Object.fromEntries(
      r.body.results.map((t) => [String(t.toObjectId), t.associationTypes.map((x) => x.typeId).sort()]),
    );
  }
  async function contactTypesOf(companyId: string, contactId: string): Promise<number[]> {
    const r = await api.call<{ results: Target[] }>(
      'GET',
      `/crm/v4/objects/companies/${companyId}/associations/contacts`,
    );
    const t = r.body.results.find((x) => String(x.toObjectId) === contactId);
    return (t?.associationTypes ?? []).map((x) => x.typeId).sort();
  }

  async function newContact(email: string, companyId: string, types: number[]): Promise<string> {
    const r = await api.call<Rec>('POST', '/crm/objects/2026-03/contacts', {
      properties: { email },
      associations: types.map((t) => ({ to: { id: companyId }, types: [spec(t)] })),
    });
    expect(r.status).toBe(201);
    return r.body.id;
  }

  it('a contact created with types 1 and 279 has its company as primary, seen from both sides', async () => {
    const id = await newContact('p1@x.example', a, [1, 279]);
    expect(await companiesOf(id)).toEqual({ [a]: [1, 279] });
    expect(await contactTypesOf(a, id)).toEqual([2, 280]);
    const labels = await api.call<{ results: { typeId: number; label?: string }[] }>(
      'GET',
      '/crm/associations/2026-03/contacts/companies/labels',
    );
    expect(labels.body.results.map((l) => l.typeId).sort((x, y) => x - y)).toEqual([1, 279]);
  });

  it('a new primary company (batch create) moves the label; the old company stays unlabeled', async () => {
    const id = await newContact('p2@x.example', a, [1, 279]);
    const r = await api.call<BatchBody<unknown>>(
      'POST',
      '/crm/associations/2026-03/contacts/companies/batch/create',
      {
        inputs: [{ from: { id }, to: { id: b }, types: [spec(1), spec(279)] }],
      },
    );
    expect(r.status).toBe(201);
    expect(await companiesOf(id)).toEqual({ [a]: [279], [b]: [1, 279] });
    expect(await contactTypesOf(a, id)).toEqual([280]);
    expect(await contactTypesOf(b, id)).toEqual([2, 280]);
  });

  it('the company side (type 2, labelled PUT) moves the contact’s primary too', async () => {
    const id = await newContact('p3@x.example', a, [1, 279]);
    const r = await api.call('PUT', `/crm/v4/objects/companies/${c}/associations/contacts/${id}`, [spec(2)]);
    expect(r.status).toBe(201);
    expect(await companiesOf(id)).toEqual({ [a]: [279], [c]: [1, 279] });
  });

  it('a default association adds a primary only when the contact has none', async () => {
    const withPrimary = await newContact('p4@x.example', a, [1, 279]);
    await api.call('PUT', `/crm/v4/objects/contacts/${withPrimary}/associations/default/companies/${b}`);
    expect(await companiesOf(withPrimary)).toEqual({ [a]: [1, 279], [b]: [279] });
    const without = await newContact('p5@x.example', a, [279]);
    expect(await companiesOf(without)).toEqual({ [a]: [279] });
    await api.call('POST', '/crm/associations/v4/contacts/companies/batch/associate/default', {
      inputs: [{ from: { id: without }, to: { id: c } }],
    });
    expect(await companiesOf(without)).toEqual({ [a]: [279], [c]: [1, 279] });
  });

  it('a primary label alone still stores the unlabeled association', async () => {
    const id = await newContact('p6@x.example', b, [1]);
    expect(await companiesOf(id)).toEqual({ [b]: [1, 279] });
  });
});
