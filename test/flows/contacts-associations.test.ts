/**
 * Contacts and their company associations, counted by HubSpot route on the sandbox: new contacts
 * are created with the association inline (no association calls), a lost create answer still
 * ends as one associated contact, email conflicts end as they did through the upsert under both
 * policies, a contact whose company did not change is not re-associated, one whose company id
 * changed is. The QAD account's company is the contact's primary company (HubSpot keeps one),
 * also after the contact moved to another account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { runPass, type PassResult } from '../../src/engine/runner.js';
import { accountsFlow, contactsFlow } from '../../src/flows/index.js';
import { startHarness, type Harness } from './harness.js';

const registry = new Map<FlowId, FlowDefinition>([
  ['accounts', accountsFlow],
  ['contacts', contactsFlow],
]);

const ROUTES = {
  create: 'POST /crm/objects/{objectType}/batch/create',
  upsert: 'POST /crm/objects/{objectType}/batch/upsert',
  update: 'POST /crm/objects/{objectType}/batch/update',
  associate: 'POST /crm/associations/{fromObjectType}/{toObjectType}/batch/create',
} as const;
type Calls = Record<keyof typeof ROUTES, number>;

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
  associations?: Record<string, string[]>;
}
interface QadContact {
  contactId: string;
  businessRelationCode: string;
  email: string;
  contactFunction: string;
}

async function routeCalls(h: Harness): Promise<Calls> {
  const stats = await h.hs<{ requests: Record<string, Record<string, number>> }>('GET', '/_sandbox/stats');
  const total = (route: string): number =>
    Object.values(stats.requests[route] ?? {}).reduce((a, b) => a + b, 0);
  return {
    create: total(ROUTES.create),
    upsert: total(ROUTES.upsert),
    update: total(ROUTES.update),
    associate: total(ROUTES.associate),
  };
}

/** Runs `flows` and returns the pass with the HubSpot calls it made, by route. */
async function sync(
  h: Harness,
  flows: FlowId[],
  opts: { full?: boolean } = {},
): Promise<{ pass: PassResult; calls: Calls }> {
  const before = await routeCalls(h);
  const pass = await runPass(h.rt, { registry, flows, ...(opts.full === true ? { full: true } : {}) });
  const after = await routeCalls(h);
  const calls = Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Calls]]),
  ) as Calls;
  return { pass, calls };
}

const counts = (pass: PassResult, flow: FlowId) => pass.flows.find((f) => f.flow === flow)?.counts;

async function objects(h: Harness, type: string): Promise<HsRecord[]> {
  return (await h.hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results.filter(
    (r) => !r.archived,
  );
}

async function qadContacts(h: Harness): Promise<QadContact[]> {
  return (await h.qadControl<{ records: QadContact[] }>('GET', '/_sandbox/records/contacts?limit=10000'))
    .records;
}

const keyOf = (c: { businessRelationCode: string; contactId: string }): string =>
  `10USA/${c.businessRelationCode}/${c.contactId}`;

/** The association type ids of a contact per live company, as HubSpot's v4 API lists them. */
async function companyTypes(h: Harness, contactId: string): Promise<Record<string, number[]>> {
  const res = await fetch(`${h.hubspot.url}/crm/v4/objects/contacts/${contactId}/associations/companies`, {
    headers: { authorization: `Bearer ${h.hubspot.token}` },
  });
  const body = (await res.json()) as {
    results: { toObjectId: string | number; associationTypes: { typeId: number }[] }[];
  };
  return Object.fromEntries(
    body.results.map((r) => [
      String(r.toObjectId),
      r.associationTypes.map((t) => t.typeId).sort((a, b) => a - b),
    ]),
  );
}

/** Contact → company as its primary company (1) and unlabeled (279). */
const PRIMARY = [1, 279];

/** HubSpot contacts with this key (one expected). */
async function contactsWithKey(h: Harness, key: string): Promise<HsRecord[]> {
  return (await objects(h, 'contacts')).filter((c) => c.properties['qad_contact_key'] === key);
}

/** The company id the accounts flow linked for a business relation. */
async function companyIdOf(h: Harness, businessRelationCode: string): Promise<string | null> {
  const key = `10USA/${businessRelationCode}`;
  return (await h.rt.store.getLinks('acme', 'accounts', [key])).get(key)?.targetId ?? null;
}

/** Adds a QAD contact to an existing business relation. */
async function addQadContact(
  h: Harness,
  c: Partial<QadContact> & { contactId: string; businessRelationCode: string },
) {
  await h.qadControl('POST', '/_sandbox/records/contacts', { contactName: 'Added Contact', ...c });
}

describe('contacts: associations made with the create, skipped when the company did not change', () => {
  let h: Harness;
  beforeAll(async () => {
    // matching off: these tests pin the conflict paths of a contact whose email HubSpot already holds
    // (with matching on, such a contact is adopted by email: test/flows/adopt.test.ts)
    h = await startHarness({ accounts: 30, items: 2, flowsYaml: '      contacts: { match: [] }' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('the initial sync makes no association call and associates every contact to its company', async () => {
    expect((await sync(h, ['accounts'])).pass.flows[0]?.outcome).toBe('ok');
    const { pass, calls } = await sync(h, ['contacts']);
    const created = counts(pass, 'contacts')?.created ?? 0;
    expect(created).toBeGreaterThan(20);
    expect(calls).toEqual({ create: Math.ceil(created / 100), upsert: 0, update: 0, associate: 0 });
    const companyByKey = new Map(
      (await objects(h, 'companies')).map((c) => [c.properties['qad_account_key'], c.id]),
    );
    const contacts = await objects(h, 'contacts');
    expect(contacts).toHaveLength(created);
    for (const c of contacts) {
      const company = companyByKey.get(c.properties['qad_account_key'] ?? '');
      expect(company).toBeDefined();
      expect(c.associations?.['companies']).toEqual([company]);
    }
    // the QAD account's company is each contact's primary company
    for (const c of contacts.slice(0, 5))
      expect(await companyTypes(h, c.id)).toEqual({
        [companyByKey.get(c.properties['qad_account_key'] ?? '') ?? '']: PRIMARY,
      });
  });

  it("changing only a contact's function upserts it and makes no association call", async () => {
    const target = (await qadContacts(h)).find((c) => c.email !== '') as QadContact;
    await h.qadControl('PATCH', `/_sandbox/records/contacts/${encodeURIComponent(target.contactId)}`, {
      contactFunction: 'Head of Purchasing',
    });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(counts(pass, 'contacts')).toMatchObject({ updated: 1, created: 0, failed: 0 });
    expect(calls).toEqual({ create: 0, upsert: 1, update: 0, associate: 0 });
    const [contact] = await contactsWithKey(h, keyOf(target));
    expect(contact?.properties['jobtitle']).toBe('Head of Purchasing');
    expect(contact?.associations?.['companies']).toEqual([await companyIdOf(h, target.businessRelationCode)]);
  });

  it("a contact whose account's company changed is associated to the new company", async () => {
    const contacts = await qadContacts(h);
    const target = contacts.find((c) => c.email !== '') as QadContact;
    const br = target.businessRelationCode;
    const movedKeys = new Set(contacts.filter((c) => c.businessRelationCode === br).map(keyOf));
    const oldCompany = (await companyIdOf(h, br)) as string;
    // the company is deleted in HubSpot; the next accounts sync re-creates it under a new id
    await h.rt.hubspot.batchArchive('companies', [oldCompany]);
    await h.qadControl('PATCH', `/_sandbox/records/businessRelations/${encodeURIComponent(br)}`, {
      telephone: '+1 555 0199',
    });
    await sync(h, ['accounts']);
    const newCompany = await companyIdOf(h, br);
    expect(newCompany).not.toBe(oldCompany);
    const { pass, calls } = await sync(h, ['contacts'], { full: true });
    // only the contacts of that account changed (their company id is part of the hash)
    const moved = [...movedKeys].length;
    expect(counts(pass, 'contacts')).toMatchObject({ updated: moved, created: 0 });
    expect(calls).toEqual({ create: 0, upsert: 1, update: 0, associate: 1 });
    for (const key of movedKeys) {
      const [contact] = await contactsWithKey(h, key);
      expect(contact?.associations?.['companies']).toContain(newCompany);
      expect(await companyTypes(h, contact?.id ?? '')).toEqual({ [newCompany ?? '']: PRIMARY });
    }
  });

  it('a lost create answer is retried and still ends as one contact, associated', async () => {
    const br = (await qadContacts(h))[0]?.businessRelationCode as string;
    await addQadContact(h, { contactId: 'LOST1', businessRelationCode: br, email: 'lost1@example.test' });
    await addQadContact(h, { contactId: 'LOST2', businessRelationCode: br, email: 'lost2@example.test' });
    await h.hs('POST', '/_sandbox/faults', { kind: 'truncated', route: ROUTES.create, count: 1 });
    const { pass, calls } = await sync(h, ['contacts']);
    // the first create went through, its answer was lost; the retry's 409s send both to the upsert
    expect(calls).toEqual({ create: 2, upsert: 1, update: 0, associate: 1 });
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 0, updated: 2 });
    const company = await companyIdOf(h, br);
    for (const id of ['LOST1', 'LOST2']) {
      const key = `10USA/${br}/${id}`;
      const found = await contactsWithKey(h, key);
      expect(found).toHaveLength(1);
      expect(found[0]?.associations?.['companies']).toEqual([company]);
      const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
      expect(link).toMatchObject({ state: 'ok', targetId: found[0]?.id });
    }
  });

  it('a contact a lost run created (not in the ledger) is updated and associated, not duplicated', async () => {
    const br = (await qadContacts(h))[1]?.businessRelationCode as string;
    const key = `10USA/${br}/ORPHAN1`;
    // what a run killed after HubSpot created the contact leaves behind: the contact, no link
    const seeded = await h.hs<{ contacts: string[] }>('POST', '/_sandbox/seed', {
      contacts: [{ properties: { qad_contact_key: key, email: 'orphan1@example.test', firstname: 'Old' } }],
    });
    await addQadContact(h, { contactId: 'ORPHAN1', businessRelationCode: br, email: 'orphan1@example.test' });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(calls).toEqual({ create: 1, upsert: 1, update: 0, associate: 1 });
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 0, updated: 1 });
    const found = await contactsWithKey(h, key);
    expect(found.map((c) => c.id)).toEqual(seeded.contacts);
    expect(found[0]?.properties['firstname']).not.toBe('Old');
    expect(found[0]?.associations?.['companies']).toEqual([await companyIdOf(h, br)]);
  });

  it('report: an email a synced contact owns fails as before, without an upsert call', async () => {
    const owner = (await qadContacts(h)).find((c) => c.email !== '' && c.contactId !== 'LOST1') as QadContact;
    const ownerId = (await contactsWithKey(h, keyOf(owner)))[0]?.id as string;
    await addQadContact(h, {
      contactId: 'DUP1',
      businessRelationCode: owner.businessRelationCode,
      email: owner.email,
    });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(calls).toEqual({ create: 1, upsert: 0, update: 0, associate: 0 });
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 1, created: 0 });
    const key = `10USA/${owner.businessRelationCode}/DUP1`;
    const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
    expect(link?.state).toBe('failed');
    // a refused record is never pointed at the contact that owns its email (issue 19); the audit keeps that id
    expect(link?.targetId).toBeNull();
    expect(link?.lastError?.code).toBe('HUBSPOT_CONFLICT');
    expect(link?.lastError?.message).toContain(`Existing ID: ${ownerId}`);
    const audit = (await h.rt.store.auditHistory(key)).at(-1);
    expect(audit?.detail).toMatchObject({ existingId: ownerId });
    expect(await contactsWithKey(h, key)).toHaveLength(0);
  });

  it("report: the ledger's first link to the owner being another refused contact's is evidence too", async () => {
    const owner = (await qadContacts(h)).find((c) => c.email !== '' && c.contactId !== 'LOST1') as QadContact;
    const ownerId = (await contactsWithKey(h, keyOf(owner)))[0]?.id as string;
    const br = owner.businessRelationCode;
    // keys that sort before the owner's: the first refused one becomes the first link to ownerId
    await addQadContact(h, { contactId: 'AAA2', businessRelationCode: br, email: owner.email });
    expect((await sync(h, ['contacts'])).calls).toMatchObject({ create: 1, upsert: 0 });
    await addQadContact(h, { contactId: 'AAA3', businessRelationCode: br, email: owner.email });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(calls).toEqual({ create: 1, upsert: 0, update: 0, associate: 0 });
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 1 });
    const key = `10USA/${br}/AAA3`;
    const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
    expect(link).toMatchObject({ state: 'failed', targetId: null });
    expect(link?.lastError?.message).toContain(`Existing ID: ${ownerId}`);
  });

  it('report: an email owned by a contact we never wrote goes through the upsert and fails as before', async () => {
    const br = (await qadContacts(h))[2]?.businessRelationCode as string;
    const seeded = await h.hs<{ contacts: string[] }>('POST', '/_sandbox/seed', {
      contacts: [{ properties: { email: 'someone@elsewhere.test', firstname: 'Manual' } }],
    });
    await addQadContact(h, { contactId: 'DUP2', businessRelationCode: br, email: 'someone@elsewhere.test' });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(calls).toEqual({ create: 1, upsert: 1, update: 0, associate: 0 });
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 1 });
    const key = `10USA/${br}/DUP2`;
    const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
    expect(link).toMatchObject({ state: 'failed', targetId: null });
    expect(link?.lastError?.code).toBe('HUBSPOT_CONFLICT');
    expect(link?.lastError?.message).toContain(`Existing ID: ${seeded.contacts[0] ?? ''}`);
  });
});

describe('contacts: email conflicts under link-existing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      accounts: 8,
      items: 2,
      flowsYaml: '      contacts: { emailConflict: link-existing, match: [] }',
    });
    await sync(h, ['accounts', 'contacts']);
  });
  afterAll(async () => {
    await h.close();
  });

  it('a new contact whose email a synced contact owns is linked to it and associated to its own company', async () => {
    const contacts = await qadContacts(h);
    const owner = contacts.find((c) => c.email !== '') as QadContact;
    const other = contacts.find((c) => c.businessRelationCode !== owner.businessRelationCode) as QadContact;
    const ownerId = (await contactsWithKey(h, keyOf(owner)))[0]?.id as string;
    await addQadContact(h, {
      contactId: 'DUP3',
      businessRelationCode: other.businessRelationCode,
      email: owner.email,
    });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 0, updated: 1 });
    // create (409, owner known from the ledger) → update by id → association: no upsert
    expect(calls).toEqual({ create: 1, upsert: 0, update: 1, associate: 1 });
    const key = keyOf({ businessRelationCode: other.businessRelationCode, contactId: 'DUP3' });
    const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
    expect(link).toMatchObject({ state: 'ok', targetId: ownerId });
    const existing = (await objects(h, 'contacts')).find((c) => c.id === ownerId);
    // the owner keeps its key; the contact is now also associated to the new contact's company
    expect(existing?.properties['qad_contact_key']).toBe(keyOf(owner));
    expect(existing?.associations?.['companies']).toContain(await companyIdOf(h, other.businessRelationCode));
  });

  it('a new contact whose email a contact we never wrote owns is linked to that contact', async () => {
    const br = (await qadContacts(h))[0]?.businessRelationCode as string;
    const seeded = await h.hs<{ contacts: string[] }>('POST', '/_sandbox/seed', {
      contacts: [{ properties: { email: 'manual@elsewhere.test', firstname: 'Manual' } }],
    });
    await addQadContact(h, { contactId: 'DUP4', businessRelationCode: br, email: 'manual@elsewhere.test' });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 0, updated: 1 });
    expect(calls).toEqual({ create: 1, upsert: 1, update: 1, associate: 1 });
    const key = `10USA/${br}/DUP4`;
    const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
    expect(link).toMatchObject({ state: 'ok', targetId: seeded.contacts[0] });
    const existing = (await objects(h, 'contacts')).find((c) => c.id === seeded.contacts[0]);
    expect(existing?.properties['qad_contact_key']).toBe(key);
    expect(existing?.associations?.['companies']).toEqual([await companyIdOf(h, br)]);
  });

  it('a contact moved to another QAD account gets that account’s company as its primary company', async () => {
    const contacts = await qadContacts(h);
    const mover = contacts.find(
      (c) => c.email !== '' && contacts.filter((o) => o.email === c.email).length === 1,
    ) as QadContact;
    const target = contacts.find((c) => c.businessRelationCode !== mover.businessRelationCode) as QadContact;
    const hsId = (await contactsWithKey(h, keyOf(mover)))[0]?.id as string;
    const oldCompany = (await companyIdOf(h, mover.businessRelationCode)) as string;
    const newCompany = (await companyIdOf(h, target.businessRelationCode)) as string;
    expect(await companyTypes(h, hsId)).toEqual({ [oldCompany]: PRIMARY });
    await h.qadControl('PATCH', `/_sandbox/records/contacts/${encodeURIComponent(mover.contactId)}`, {
      businessRelationCode: target.businessRelationCode,
    });
    const { pass, calls } = await sync(h, ['contacts']);
    expect(counts(pass, 'contacts')).toMatchObject({ failed: 0, updated: 1 });
    expect(calls).toMatchObject({ update: 1, associate: 1 });
    const movedKey = keyOf({ businessRelationCode: target.businessRelationCode, contactId: mover.contactId });
    expect((await h.rt.store.getLinks('acme', 'contacts', [movedKey])).get(movedKey)?.targetId).toBe(hsId);
    // one primary company, the new account's; the old company stays associated without the label
    expect(await companyTypes(h, hsId)).toEqual({ [oldCompany]: [279], [newCompany]: PRIMARY });
  });
});

describe('contacts adopted on a lived-in portal', () => {
  it('a contact a rep already made its company’s primary contact costs no association call', async () => {
    const h = await startHarness({ accounts: 6, items: 2 });
    try {
      for (const flow of ['accounts', 'contacts'] as const) await h.rt.prepareFlow?.(flow);
      const relations = (
        await h.qadControl<{
          records: { businessRelationCode: string; domainCode: string; webSite: string }[];
        }>('GET', '/_sandbox/records/businessRelations?limit=100')
      ).records.filter((r) => r.domainCode === '10USA' && r.webSite !== '');
      const contacts = (
        await h.qadControl<{ records: QadContact[] }>('GET', '/_sandbox/records/contacts?limit=1000')
      ).records;
      const emails = new Map<string, number>();
      for (const c of contacts)
        emails.set(c.email.toLowerCase(), (emails.get(c.email.toLowerCase()) ?? 0) + 1);
      const relation = relations.find((r) =>
        contacts.some(
          (c) => c.businessRelationCode === r.businessRelationCode && emails.get(c.email.toLowerCase()) === 1,
        ),
      );
      const contact = contacts.find(
        (c) =>
          c.businessRelationCode === relation?.businessRelationCode &&
          emails.get(c.email.toLowerCase()) === 1,
      ) as QadContact;
      // the rep's company (adopted by domain) and its contact (adopted by e-mail), associated by hand
      const seed = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
        companies: [
          {
            ref: 'company',
            properties: { domain: new URL(relation?.webSite ?? '').hostname, name: 'By hand' },
          },
        ],
        contacts: [{ ref: 'contact', companyRef: 'company', properties: { email: contact.email } }],
      });
      const { calls } = await sync(h, ['accounts', 'contacts']);
      const key = keyOf(contact);
      expect((await h.rt.store.getLinks('acme', 'contacts', [key])).get(key)?.targetId).toBe(
        seed.refs['contact'],
      );
      expect(await companyIdOf(h, contact.businessRelationCode)).toBe(seed.refs['company']);
      // already its primary company: nothing to associate (the other contacts were created with it inline)
      expect(calls.associate).toBe(0);
      expect((await companyTypes(h, seed.refs['contact'] as string))[seed.refs['company'] as string]).toEqual(
        PRIMARY,
      );
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('a contact linked by hand', () => {
  it('is associated to its QAD account’s company as its primary company', async () => {
    const h = await startHarness({ accounts: 4, items: 2 });
    try {
      for (const flow of ['accounts', 'contacts'] as const) await h.rt.prepareFlow?.(flow);
      // the contact's first write is refused (a portal rule), so the ledger holds its payload only
      await h.hs('POST', '/_sandbox/validation-rules', {
        objectType: 'contacts',
        property: 'qad_contact_key',
        kind: 'regex',
        value: '^NEVER',
        message: 'blocked for the test',
      });
      await sync(h, ['accounts', 'contacts']);
      await h.hs('DELETE', '/_sandbox/validation-rules');
      const contact = (
        await h.qadControl<{ records: QadContact[] }>('GET', '/_sandbox/records/contacts?limit=1000')
      ).records.find((c) => c.businessRelationCode !== '') as QadContact;
      const key = keyOf(contact);
      expect((await h.rt.store.getLinks('acme', 'contacts', [key])).get(key)?.targetId ?? null).toBeNull();
      const companyId = (await companyIdOf(h, contact.businessRelationCode)) as string;
      expect(companyId).not.toBeNull();
      // the rep's own record of that person, under another address and with no company
      const seed = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
        contacts: [{ ref: 'rep', properties: { email: 'the.same.person@elsewhere.example' } }],
      });
      const { runCli } = await import('../../src/cli/program.js');
      let out = '';
      const code = await runCli(
        ['node', 'ml-connector', '--config', h.configPath, 'link', key, seed.refs['rep'] as string],
        {
          env: h.env,
          cwd: h.dir,
          stdout: { write: (t: string) => (out += t) },
          stderr: { write: () => true },
        },
      );
      expect(code).toBe(0);
      expect(out).toContain(`associated to company ${companyId}`);
      expect((await companyTypes(h, seed.refs['rep'] as string))[companyId]).toEqual(PRIMARY);
      expect((await h.rt.store.getLinks('acme', 'contacts', [key])).get(key)).toMatchObject({
        state: 'ok',
        targetId: seed.refs['rep'],
      });

      // a company HubSpot no longer has: the link is made, the association is not — said, exit 1
      const other = (
        await h.qadControl<{ records: QadContact[] }>('GET', '/_sandbox/records/contacts?limit=1000')
      ).records.find(
        (c) => c.businessRelationCode !== contact.businessRelationCode && c.businessRelationCode !== '',
      ) as QadContact;
      const otherKey = keyOf(other);
      const otherCompany = (await companyIdOf(h, other.businessRelationCode)) as string;
      const gone = await fetch(`${h.hubspot.url}/crm/v3/objects/companies/${otherCompany}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${h.hubspot.token}` },
      });
      expect(gone.status).toBe(204);
      const rep2 = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
        contacts: [{ ref: 'rep2', properties: { email: 'another.person@elsewhere.example' } }],
      });
      let out2 = '';
      const code2 = await runCli(
        ['node', 'ml-connector', '--config', h.configPath, 'link', otherKey, rep2.refs['rep2'] as string],
        {
          env: h.env,
          cwd: h.dir,
          stdout: { write: (t: string) => (out2 += t) },
          stderr: { write: () => true },
        },
      );
      expect(code2).toBe(1);
      expect(out2).toContain('NOT associated to its company');
      const failed = (await h.rt.store.getLinks('acme', 'contacts', [otherKey])).get(otherKey);
      expect(failed).toMatchObject({ state: 'failed', targetId: rep2.refs['rep2'] });
      expect(failed?.lastError?.message).toContain(otherCompany);
    } finally {
      await h.close();
    }
  }, 60_000);
});
