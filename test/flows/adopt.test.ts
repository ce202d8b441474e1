/**
 * Issue #15: matching before creating on a portal that already holds records (seeded through the
 * sandbox's control API the way sales would have made them by hand), through the real CLI. Covers
 * each matching rule, a candidate carrying another QAD key, ambiguity, each write policy, and a
 * dry run that predicts exactly what the real run then does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startHarness, type Harness } from './harness.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}
interface Relation {
  businessRelationCode: string;
  name1: string;
  domainCode: string;
  countryCode: string;
  webSite: string;
}
interface Item {
  itemCode: string;
  domainCode: string;
  description: string;
  isActive: boolean;
}
interface Contact {
  contactId: string;
  businessRelationCode: string;
  email: string;
  isActive: boolean;
}
interface Change {
  flow: string;
  sourceKey: string;
  action: string;
  targetId: string | null;
  rule?: string;
  candidates?: string[];
}
type Counts = Record<'read' | 'created' | 'adopted' | 'updated' | 'failed', number>;

async function cli(h: Harness, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(['node', 'ml-connector', '--config', h.configPath, ...args], {
    env: h.env,
    cwd: h.dir,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: () => true },
  });
  return { code, out };
}

const host = (url: string): string => new URL(url).hostname.replace(/^www\./, '');

describe('adopting the records a lived-in portal already holds', () => {
  let h: Harness;
  let relations: Relation[];
  let items: Item[];
  let contacts: Contact[];
  const seeded: Record<string, string> = {};

  const objects = async (type: string): Promise<HsRecord[]> =>
    (await h.hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results.filter(
      (r) => !r.archived,
    );
  const byId = async (type: string, id: string): Promise<HsRecord> => {
    const found = (await objects(type)).find((o) => o.id === id);
    if (!found) throw new Error(`${type} ${id} not found`);
    return found;
  };

  beforeAll(async () => {
    h = await startHarness({
      accounts: 16,
      items: 10,
      flowsYaml: ['      accounts:', '        writePolicy: { phone: never, city: always }'].join('\n'),
    });
    const rec = async <T>(kind: string): Promise<T[]> =>
      (await h.qadControl<{ records: T[] }>('GET', `/_sandbox/records/${kind}?limit=10000`)).records;
    relations = (await rec<Relation>('businessRelations')).filter(
      (r) => r.domainCode === '10USA' && r.webSite !== '' && r.countryCode === 'US',
    );
    items = (await rec<Item>('items')).filter((i) => i.domainCode === '10USA' && i.isActive);
    contacts = (await rec<Contact>('contacts')).filter((c) => c.email !== '');
    expect(relations.length).toBeGreaterThanOrEqual(5);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const [byDomain, byName, twice, taken, plain] = relations as [
      Relation,
      Relation,
      Relation,
      Relation,
      Relation,
    ];
    // a contact whose email is not shared with another QAD contact
    const counts = new Map<string, number>();
    for (const c of contacts) counts.set(c.email.toLowerCase(), (counts.get(c.email.toLowerCase()) ?? 0) + 1);
    const contact = contacts.find(
      (c) =>
        counts.get(c.email.toLowerCase()) === 1 &&
        relations.some((r) => r.businessRelationCode === c.businessRelationCode),
    ) as Contact;
    // the connector's properties exist once it has connected (a lived-in portal may hold them too)
    for (const flow of ['accounts', 'contacts', 'catalog'] as const) await h.rt.prepareFlow?.(flow);
    const seed = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
      companies: [
        // domain rule: same host, a name sales edited, a city we own (always), a phone we never write
        {
          ref: 'byDomain',
          properties: { domain: host(byDomain.webSite), name: 'Renamed by sales', city: 'Old town' },
        },
        // name rule: no domain, the name in another case without its suffix, the country spelled out
        {
          ref: 'byName',
          properties: {
            name: `${byName.name1
              .toUpperCase()
              .replace(/[.,]/g, '')
              .replace(/ (CORP|INC|LTD|GMBH|CO|LLC)$/, '')}`,
            country: 'United States',
          },
        },
        // two companies by hand for one customer: ambiguous
        { ref: 'twiceA', properties: { domain: host(twice.webSite), name: 'Twice A' } },
        { ref: 'twiceB', properties: { website: twice.webSite, name: 'Twice B' } },
        // the right domain, but already carrying another QAD key: never taken
        {
          ref: 'taken',
          properties: { domain: host(taken.webSite), name: 'Taken', qad_account_key: '10USA/OTHER' },
        },
        // unrelated to QAD
        { ref: 'unrelated', properties: { domain: 'nothing-to-do.example', name: 'Unrelated GmbH' } },
      ],
      contacts: [
        {
          ref: 'contact',
          properties: { email: contact.email.toUpperCase(), firstname: 'Kept' },
        },
      ],
      products: [
        { ref: 'bySku', properties: { hs_sku: (items[0] as Item).itemCode, name: 'Sales name' } },
        { ref: 'byProductName', properties: { name: (items[1] as Item).description } },
      ],
    });
    Object.assign(seeded, seed.refs);
    seeded['contactKey'] = `10USA/${contact.businessRelationCode}/${contact.contactId}`;
    seeded['plainKey'] = `10USA/${plain.businessRelationCode}`;
    for (const [name, r] of Object.entries({ byDomain, byName, twice, taken }))
      seeded[`${name}Key`] = `10USA/${r.businessRelationCode}`;
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  let preview: { flows: Record<string, Counts>; plan: Change[] };

  it('the dry run previews adoptions by rule and the ambiguous record with its candidates', async () => {
    const before = (await objects('companies')).length;
    const dry = await cli(
      h,
      'sync',
      'accounts',
      'contacts',
      'catalog',
      '--dry-run',
      '--limit',
      '100000',
      '--json',
    );
    const answer = JSON.parse(dry.out) as {
      flows: Record<string, Counts>;
      connections: {
        plan: { changes: Change[] };
        adoption: Record<
          string,
          Record<string, { ambiguous: { sourceKey: string; candidates: string[] }[] }>
        >;
      }[];
    };
    const connection = answer.connections[0]!;
    const ambiguousOnes = Object.entries(connection.adoption['acme'] ?? {}).flatMap(([flow, a]) =>
      a.ambiguous.map((x) => ({
        flow,
        sourceKey: x.sourceKey,
        action: 'quarantine',
        targetId: null,
        candidates: x.candidates,
      })),
    );
    preview = { flows: answer.flows, plan: [...connection.plan.changes, ...ambiguousOnes] };
    const adopts = preview.plan.filter((c) => c.action === 'adopt');
    const accountAdopts = Object.fromEntries(
      adopts.filter((c) => c.flow === 'accounts').map((c) => [c.sourceKey, { id: c.targetId, rule: c.rule }]),
    );
    expect(accountAdopts[seeded['byDomainKey'] as string]).toEqual({
      id: seeded['byDomain'],
      rule: 'domain',
    });
    expect(accountAdopts[seeded['byNameKey'] as string]).toEqual({ id: seeded['byName'], rule: 'name' });
    expect(accountAdopts[seeded['takenKey'] as string]).toBeUndefined();
    expect(Object.values(accountAdopts).map((a) => a.id)).not.toContain(seeded['taken']);
    const ambiguous = preview.plan.find((c) => c.sourceKey === seeded['twiceKey'] && c.flow === 'accounts');
    expect(ambiguous?.action).toBe('quarantine');
    expect(ambiguous?.candidates).toEqual(
      [seeded['twiceA'], seeded['twiceB']].sort((a, b) => Number(a) - Number(b)),
    );
    const contactAdopt = adopts.find((c) => c.flow === 'contacts');
    expect(contactAdopt).toMatchObject({
      sourceKey: seeded['contactKey'],
      targetId: seeded['contact'],
      rule: 'email',
    });
    const productAdopts = adopts.filter((c) => c.flow === 'catalog');
    expect(productAdopts.map((c) => [c.targetId, c.rule]).sort()).toEqual(
      [
        [seeded['bySku'], 'sku'],
        [seeded['byProductName'], 'name'],
      ].sort(),
    );
    expect(preview.flows['accounts']?.adopted).toBe(2);
    // nothing written
    expect((await objects('companies')).length).toBe(before);
    expect(await h.rt.store.listLinks({ limit: 10 })).toEqual([]);
  }, 60_000);

  it('the real run does exactly what the dry run predicted', async () => {
    const real = await cli(h, 'sync', 'accounts', 'contacts', 'catalog', '--json');
    const summary = JSON.parse(real.out) as { flows: Record<string, Counts> };
    for (const flow of ['accounts', 'contacts', 'catalog']) {
      expect(summary.flows[flow]?.adopted, flow).toBe(preview.flows[flow]?.adopted);
      expect(summary.flows[flow]?.created, flow).toBe(preview.flows[flow]?.created);
    }
    for (const c of preview.plan.filter((p) => p.action === 'adopt')) {
      const [link] = (await h.rt.store.getLinks('acme', c.flow as 'accounts', [c.sourceKey])).values();
      expect(link?.targetId, c.sourceKey).toBe(c.targetId);
      const history = await h.rt.store.auditHistory(c.sourceKey, { flow: c.flow as 'accounts' });
      expect(history.at(-1)?.action).toBe('adopted');
      expect(history.at(-1)?.detail?.['rule']).toBe(c.rule);
    }
    const ambiguous = (await h.rt.store.getLinks('acme', 'accounts', [seeded['twiceKey'] as string])).get(
      seeded['twiceKey'] as string,
    );
    expect(ambiguous?.state).toBe('quarantined');
    expect(ambiguous?.lastError?.code).toBe('AMBIGUOUS_MATCH');
    expect(ambiguous?.lastError?.message).toContain(seeded['twiceA']);
    // no duplicate: no company carries the ambiguous key, the adopted ones carry theirs
    const companies = await objects('companies');
    expect(companies.filter((c) => c.properties['qad_account_key'] === seeded['twiceKey'])).toEqual([]);
    for (const key of ['byDomainKey', 'byNameKey'])
      expect(companies.filter((c) => c.properties['qad_account_key'] === seeded[key])).toHaveLength(1);
    // the candidate carrying another key was left alone; its QAD record got a company of its own
    expect((await byId('companies', seeded['taken'] as string)).properties['qad_account_key']).toBe(
      '10USA/OTHER',
    );
    expect(companies.filter((c) => c.properties['qad_account_key'] === seeded['takenKey'])).toHaveLength(1);
    expect(
      (await byId('companies', seeded['unrelated'] as string)).properties['qad_account_key'] ?? null,
    ).toBeNull();
  }, 60_000);

  it('write policies: if-empty keeps what sales entered, always overwrites, never leaves alone', async () => {
    const company = await byId('companies', seeded['byDomain'] as string);
    expect(company.properties['qad_account_key']).toBe(seeded['byDomainKey']); // qad_*: always
    expect(company.properties['name']).toBe('Renamed by sales'); // if-empty (default)
    expect(company.properties['city']).not.toBe('Old town'); // always (config)
    expect(company.properties['city']).toBeTruthy();
    expect(company.properties['phone'] ?? '').toBe(''); // never (config)
    expect(company.properties['qad_customer_code'] ?? company.properties['qad_supplier_code']).toBeTruthy();
    const contact = await byId('contacts', seeded['contact'] as string);
    expect(contact.properties['firstname']).toBe('Kept');
    expect(contact.properties['qad_contact_key']).toBe(seeded['contactKey']);
    const product = await byId('products', seeded['bySku'] as string);
    expect(product.properties['name']).toBe('Sales name');
    expect(product.properties['qad_item_key']).toBe(`10USA/${(items[0] as Item).itemCode}`);
    // a created company gets everything
    const plain = (await objects('companies')).find(
      (c) => c.properties['qad_account_key'] === seeded['plainKey'],
    );
    expect(plain?.properties['phone']).toBeTruthy();
  });

  it('a second run adopts nothing more and writes nothing', async () => {
    const again = await cli(h, 'sync', 'accounts', 'catalog', '--json');
    const summary = JSON.parse(again.out) as { flows: Record<string, Counts> };
    expect(summary.flows['accounts']).toMatchObject({ adopted: 0, created: 0, updated: 0 });
    expect(summary.flows['catalog']).toMatchObject({ adopted: 0, created: 0, updated: 0 });
  });

  it('`match: []` turns matching off', async () => {
    const off = await startHarness({
      accounts: 4,
      items: 2,
      flowsYaml: ['      accounts:', '        match: []'].join('\n'),
    });
    try {
      const [br] = (
        await off.qadControl<{ records: Relation[] }>('GET', '/_sandbox/records/businessRelations?limit=100')
      ).records.filter((r) => r.domainCode === '10USA' && r.webSite !== '');
      await off.hs('POST', '/_sandbox/seed', {
        companies: [{ properties: { domain: host((br as Relation).webSite), name: 'Hand made' } }],
      });
      const run = await cli(off, 'sync', 'accounts', '--json');
      const summary = JSON.parse(run.out) as { flows: Record<string, Counts> };
      expect(summary.flows['accounts']?.adopted).toBe(0);
      const all = (await off.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/companies')).results;
      expect(all.filter((c) => c.properties['domain'] === host((br as Relation).webSite))).toHaveLength(2);
    } finally {
      await off.close();
    }
  }, 60_000);
});

describe('link and unlink by hand', () => {
  it('link settles an ambiguous match, refuses a record linked to another key, unlink undoes it', async () => {
    const h = await startHarness({ accounts: 6, items: 2 });
    try {
      for (const flow of ['accounts'] as const) await h.rt.prepareFlow?.(flow);
      const relations = (
        await h.qadControl<{ records: Relation[] }>('GET', '/_sandbox/records/businessRelations?limit=100')
      ).records.filter((r) => r.domainCode === '10USA' && r.webSite !== '');
      const [twice, other] = relations as [Relation, Relation];
      const seed = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
        companies: [
          { ref: 'a', properties: { domain: host(twice.webSite), name: 'Sales A' } },
          { ref: 'b', properties: { domain: host(twice.webSite), name: 'Sales B' } },
        ],
      });
      const key = `10USA/${twice.businessRelationCode}`;
      const otherKey = `10USA/${other.businessRelationCode}`;
      await cli(h, 'sync', 'accounts', '--json');
      expect((await h.rt.store.getLinks('acme', 'accounts', [key])).get(key)?.lastError?.code).toBe(
        'AMBIGUOUS_MATCH',
      );
      const linked = await cli(h, 'link', key, seed.refs['b'] as string, '--json');
      expect(linked.code).toBe(0);
      const link = (await h.rt.store.getLinks('acme', 'accounts', [key])).get(key);
      expect(link).toMatchObject({ state: 'ok', targetId: seed.refs['b'] });
      const b = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/companies')).results.find(
        (c) => c.id === seed.refs['b'],
      );
      expect(b?.properties['qad_account_key']).toBe(key);
      expect(b?.properties['name']).toBe('Sales B'); // if-empty: the name sales gave it stays
      expect((await h.rt.store.auditHistory(key)).at(-1)?.action).toBe('linked');
      // the other QAD record cannot take a HubSpot record linked to this key
      const refusedRun = await cli(h, 'link', otherKey, seed.refs['b'] as string, '--flow', 'accounts');
      expect(refusedRun.code).not.toBe(0);
      expect((await h.rt.store.getLinks('acme', 'accounts', [otherKey])).get(otherKey)?.targetId).not.toBe(
        seed.refs['b'],
      );
      // unlink: link gone, key cleared from the record, audited
      const unlinked = await cli(h, 'unlink', key, '--flow', 'accounts');
      expect(unlinked.code).toBe(0);
      expect((await h.rt.store.getLinks('acme', 'accounts', [key])).has(key)).toBe(false);
      const after = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/companies')).results.find(
        (c) => c.id === seed.refs['b'],
      );
      expect(after?.properties['qad_account_key'] ?? '').toBe('');
      expect((await h.rt.store.auditHistory(key)).at(-1)?.action).toBe('unlinked');
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('a HubSpot record two QAD records could claim', () => {
  it('is adopted by neither, whichever is read first: a shared e-mail, one product name for two items', async () => {
    const h = await startHarness({ accounts: 6, items: 6 });
    try {
      for (const flow of ['accounts', 'contacts', 'catalog'] as const) await h.rt.prepareFlow?.(flow);
      const rec = async <T>(kind: string): Promise<T[]> =>
        (await h.qadControl<{ records: T[] }>('GET', `/_sandbox/records/${kind}?limit=10000`)).records;
      const relations = new Set(
        (await rec<Relation>('businessRelations'))
          .filter((r) => r.domainCode === '10USA')
          .map((r) => r.businessRelationCode),
      );
      const contacts = (await rec<Contact>('contacts')).filter(
        (c) => c.isActive && c.email !== '' && relations.has(c.businessRelationCode),
      );
      const items = (await rec<Item>('items')).filter((i) => i.domainCode === '10USA' && i.isActive);
      const [first, second] = contacts as [Contact, Contact];
      const [itemA, itemB] = items as [Item, Item];
      expect(second).toBeDefined();
      expect(itemB).toBeDefined();
      // QAD data as it is found: two people filed under one mailbox, two items described alike
      const shared = `orders@${first.email.split('@')[1] ?? 'example.com'}`;
      for (const c of [first, second])
        await h.qadControl('PATCH', `/_sandbox/records/contacts/${encodeURIComponent(c.contactId)}`, {
          email: shared,
        });
      await h.qadControl('PATCH', `/_sandbox/records/items/${encodeURIComponent(itemB.itemCode)}`, {
        description: itemA.description,
      });
      const seed = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
        contacts: [{ ref: 'mailbox', properties: { email: shared.toUpperCase(), firstname: 'Orders' } }],
        products: [{ ref: 'product', properties: { name: itemA.description } }],
      });
      const contactKeys = [first, second].map((c) => `10USA/${c.businessRelationCode}/${c.contactId}`);
      const itemKeys = [itemA, itemB].map((i) => `10USA/${i.itemCode}`);
      // the dry run already says so, with who else matches
      const dry = await cli(h, 'sync', '--dry-run', '--json');
      const preview = JSON.parse(dry.out) as {
        connections: {
          adoption: Record<
            string,
            Record<string, { ambiguous: { sourceKey: string; contenders?: string[] }[] }>
          >;
        }[];
      };
      const ambiguous = Object.values(preview.connections[0]?.adoption['acme'] ?? {}).flatMap(
        (a) => a.ambiguous,
      );
      // the first contact read: ambiguous, naming the other; the second: the shared-email conflict
      expect(ambiguous.find((a) => a.sourceKey === contactKeys[0])?.contenders).toEqual([contactKeys[1]]);
      for (const [i, key] of itemKeys.entries())
        expect(ambiguous.find((a) => a.sourceKey === key)?.contenders).toEqual([itemKeys[1 - i]]);
      // records left to a human: exit 1, the rest committed
      const run = await cli(h, 'sync', '--json');
      expect(run.code).toBe(1);

      const contactLinks = await h.rt.store.getLinks('acme', 'contacts', contactKeys);
      const firstError = contactLinks.get(contactKeys[0] as string)?.lastError;
      expect(firstError?.code).toBe('AMBIGUOUS_MATCH');
      expect(firstError?.message).toContain(seed.refs['mailbox'] as string);
      expect(firstError?.message).toContain(contactKeys[1] as string);
      const secondError = contactLinks.get(contactKeys[1] as string)?.lastError;
      expect(secondError?.code).toBe('HUBSPOT_CONFLICT');
      expect(secondError?.message).toContain(contactKeys[0] as string);
      for (const key of contactKeys) expect(contactLinks.get(key)?.targetId ?? null).toBeNull();
      const itemLinks = await h.rt.store.getLinks('acme', 'catalog', itemKeys);
      for (const key of itemKeys) expect(itemLinks.get(key)?.lastError?.code).toBe('AMBIGUOUS_MATCH');

      // the rep's records carry no QAD key, and nothing beside them was created
      const all = async (type: string): Promise<HsRecord[]> =>
        (await h.hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results.filter(
          (r) => !r.archived,
        );
      const mailboxes = (await all('contacts')).filter(
        (c) => c.properties['email']?.toLowerCase() === shared,
      );
      expect(mailboxes.map((c) => c.id)).toEqual([seed.refs['mailbox']]);
      expect(mailboxes[0]?.properties['qad_contact_key'] ?? '').toBe('');
      const named = (await all('products')).filter((p) => p.properties['name'] === itemA.description);
      expect(named.map((p) => p.id)).toEqual([seed.refs['product']]);
      expect(named[0]?.properties['qad_item_key'] ?? '').toBe('');
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('a record refused once is matched again, never duplicated', () => {
  it('a failed adoption is retried by id under the write policies; an ambiguous one stays ambiguous', async () => {
    const h = await startHarness({ accounts: 8, items: 2 });
    try {
      await h.rt.prepareFlow?.('accounts');
      const relations = (
        await h.qadControl<{ records: Relation[] }>('GET', '/_sandbox/records/businessRelations?limit=100')
      ).records.filter((r) => r.domainCode === '10USA' && r.webSite !== '');
      const [adopted, twice] = relations as [Relation, Relation];
      const seed = await h.hs<{ refs: Record<string, string> }>('POST', '/_sandbox/seed', {
        companies: [
          { ref: 'rep', properties: { domain: host(adopted.webSite), name: 'Named by sales' } },
          { ref: 'a', properties: { domain: host(twice.webSite), name: 'Twice A' } },
          { ref: 'b', properties: { domain: host(twice.webSite), name: 'Twice B' } },
        ],
      });
      const adoptedKey = `10USA/${adopted.businessRelationCode}`;
      const twiceKey = `10USA/${twice.businessRelationCode}`;
      const companies = async (): Promise<HsRecord[]> =>
        (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/companies')).results.filter(
          (r) => !r.archived,
        );
      // HubSpot refuses the adoption's write once (a portal validation rule on a field we send)
      await h.hs('POST', '/_sandbox/validation-rules', {
        objectType: 'companies',
        property: 'qad_account_key',
        kind: 'regex',
        value: '^NEVER',
        message: 'blocked for the test',
      });
      await cli(h, 'sync', 'accounts');
      const refused = (await h.rt.store.getLinks('acme', 'accounts', [adoptedKey])).get(adoptedKey);
      expect(refused?.state).not.toBe('ok');
      expect(refused?.targetId).toBe(seed.refs['rep']); // the record it adopted, kept for the next try
      await h.hs('DELETE', '/_sandbox/validation-rules');

      // replay writes that record by id, leaving the name sales gave it (if-empty)
      const replay = await cli(h, 'replay', adoptedKey, '--json');
      expect(replay.code).toBe(0);
      const rep = (await companies()).find((c) => c.id === seed.refs['rep']);
      expect(rep?.properties['qad_account_key']).toBe(adoptedKey);
      expect(rep?.properties['name']).toBe('Named by sales');
      expect((await companies()).filter((c) => c.properties['qad_account_key'] === adoptedKey)).toHaveLength(
        1,
      );

      // the ambiguous one: replay does not re-send it, and a change in QAD does not create it
      expect((await h.rt.store.getLinks('acme', 'accounts', [twiceKey])).get(twiceKey)?.lastError?.code).toBe(
        'AMBIGUOUS_MATCH',
      );
      const replayTwice = await cli(h, 'replay', twiceKey, '--json');
      expect(replayTwice.code).not.toBe(0);
      await h.qadControl('PATCH', `/_sandbox/records/businessRelations/${twice.businessRelationCode}`, {
        name1: `${twice.name1} (renamed)`,
      });
      await cli(h, 'sync', 'accounts');
      expect((await h.rt.store.getLinks('acme', 'accounts', [twiceKey])).get(twiceKey)?.lastError?.code).toBe(
        'AMBIGUOUS_MATCH',
      );
      const sameDomain = (await companies()).filter((c) => c.properties['domain'] === host(twice.webSite));
      expect(sameDomain.map((c) => c.id).sort()).toEqual([seed.refs['a'], seed.refs['b']].sort());
    } finally {
      await h.close();
    }
  }, 60_000);
});
