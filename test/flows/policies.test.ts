/**
 * Per-record problems are outcomes, mapping problems stop the run before any write, and the
 * email-conflict policy `link-existing` links to the HubSpot contact that owns the email.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { runPass } from '../../src/engine/runner.js';
import { accountsFlow, catalogFlow, contactsFlow } from '../../src/flows/index.js';
import { startHarness, type Harness } from './harness.js';

const registry = new Map<FlowId, FlowDefinition>([
  ['accounts', accountsFlow],
  ['contacts', contactsFlow],
]);

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

describe('mapping checks, quarantine and email-conflict policy', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a constant that is not a valid option fails the run before any write, naming the property', async () => {
    h = await startHarness({
      accounts: 5,
      flowsYaml: "      accounts: { mapping: { type: { const: 'NOT_A_TYPE' } } }",
    });
    const pass = await runPass(h.rt, { registry, flows: ['accounts'] });
    expect(pass.flows[0]?.outcome).toBe('failed');
    expect(pass.flows[0]?.error?.code).toBe('HUBSPOT_PROPERTY_MISMATCH');
    expect(pass.flows[0]?.error?.message).toContain('companies.type: constant "NOT_A_TYPE" is not an option');
    const companies = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/companies')).results;
    expect(companies).toHaveLength(0);
    expect(await h.rt.store.getCursor('acme', 'accounts')).toBeNull();
  });

  it('an unknown mapping field is MAPPING_INVALID', async () => {
    h = await startHarness({
      accounts: 3,
      flowsYaml: '      accounts: { mapping: { description: nonexistentField } }',
    });
    const pass = await runPass(h.rt, { registry, flows: ['accounts'] });
    expect(pass.flows[0]?.error?.code).toBe('MAPPING_INVALID');
    expect(pass.flows[0]?.error?.message).toContain('mapping.description: unknown field "nonexistentField"');
  });

  it('a bad QAD row is quarantined with the field named; the rest of the batch is written', async () => {
    h = await startHarness({ accounts: 5 });
    const items = (await h.qadControl<{ records: { itemCode: string }[] }>('GET', '/_sandbox/records/items'))
      .records;
    await h.qadControl('PATCH', `/_sandbox/records/items/${encodeURIComponent(items[0]?.itemCode ?? '')}`, {
      listPrice: 'twelve',
    });
    const pass = await runPass(h.rt, {
      registry: new Map([['catalog', catalogFlow]]),
    });
    const catalog = pass.flows[0];
    expect(catalog?.outcome).toBe('partial');
    expect(catalog?.counts.failed).toBe(1);
    const quarantined = await h.rt.store.listLinks({ flow: 'catalog', states: ['quarantined'], limit: 10 });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.lastError?.code).toBe('RECORD_INVALID');
    expect(quarantined[0]?.lastError?.message).toMatch(/listPrice|pt_price/);
    expect(catalog?.counts.created).toBeGreaterThan(0);
  });

  it('link-existing links a QAD contact to the HubSpot contact that already has its email', async () => {
    h = await startHarness({ accounts: 5, flowsYaml: '      contacts: { emailConflict: link-existing }' });
    const qadContacts = (
      await h.qadControl<{ records: { contactId: string; businessRelationCode: string; email: string }[] }>(
        'GET',
        '/_sandbox/records/contacts',
      )
    ).records;
    const target = qadContacts.find((c) => c.email !== '');
    expect(target).toBeDefined();
    const seeded = await h.hs<{ contacts: string[] }>('POST', '/_sandbox/seed', {
      contacts: [{ properties: { email: target?.email, firstname: 'Already', lastname: 'There' } }],
    });
    const existingId = seeded.contacts[0];
    const pass = await runPass(h.rt, { registry });
    const key = `10USA/${target?.businessRelationCode ?? ''}/${target?.contactId ?? ''}`;
    const link = (await h.rt.store.getLinks('acme', 'contacts', [key])).get(key);
    expect(link?.state).toBe('ok');
    expect(link?.targetId).toBe(existingId);
    const contacts = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/contacts')).results;
    const existing = contacts.find((c) => c.id === existingId);
    expect(existing?.properties['qad_contact_key']).toBe(key);
    expect(contacts.filter((c) => c.properties['email'] === target?.email)).toHaveLength(1);
    expect(pass.flows.find((f) => f.flow === 'contacts')).toBeDefined();
  });
});
