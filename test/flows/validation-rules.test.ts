/**
 * A `2026-09` connection whose portal has a validation rule (contacts: North American phone numbers
 * only), through the real sandboxes: exactly the contacts whose QAD phone breaks the rule are
 * quarantined with the rule's message — counted against a run of the same data without the rule —
 * on the create path and on the upsert path, the rest of their batches is written, unchanged
 * quarantined records cost no call even on a full re-read, and a replay after the rule is lifted writes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayConnection } from '../../src/app/replay.js';
import type { FlowId, RecordLink } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { runPass, type PassResult } from '../../src/engine/runner.js';
import { accountsFlow, contactsFlow } from '../../src/flows/index.js';
import { startHarness, type Harness } from './harness.js';

const registry = new Map<FlowId, FlowDefinition>([
  ['accounts', accountsFlow],
  ['contacts', contactsFlow],
]);
const RULE = {
  objectType: 'contacts',
  property: 'phone',
  kind: 'regex',
  value: '^\\+1 ',
  message: 'Use a North American phone number (+1 …)',
};
const breaksRule = (phone: string): boolean => phone.trim() !== '' && !/^\+1 /.test(phone.trim());

interface QadContact {
  contactId: string;
  businessRelationCode: string;
  telephone: string;
}
const keyOf = (c: QadContact): string => `10USA/${c.businessRelationCode}/${c.contactId}`;

async function qadContacts(h: Harness): Promise<QadContact[]> {
  return (await h.qadControl<{ records: QadContact[] }>('GET', '/_sandbox/records/contacts?limit=10000'))
    .records;
}
async function contactLinks(h: Harness): Promise<Map<string, RecordLink>> {
  const keys = (await qadContacts(h)).map(keyOf);
  return h.rt.store.getLinks('acme', 'contacts', keys);
}
async function hubspotContactKeys(h: Harness): Promise<Map<string, Record<string, string | null>>> {
  const all = await h.hs<{ results: { archived: boolean; properties: Record<string, string | null> }[] }>(
    'GET',
    '/_sandbox/objects/contacts',
  );
  return new Map(
    all.results.filter((c) => !c.archived).map((c) => [c.properties['qad_contact_key'] ?? '', c.properties]),
  );
}
async function writeCalls(h: Harness): Promise<number> {
  return (await h.hs<{ writeCalls: number }>('GET', '/_sandbox/stats')).writeCalls;
}
const counts = (pass: PassResult) => pass.flows.find((f) => f.flow === 'contacts')?.counts;
const quarantinedByRule = (links: Map<string, RecordLink>): string[] =>
  [...links.values()]
    .filter((l) => l.state === 'quarantined' && l.lastError?.code === 'HUBSPOT_VALIDATION_RULE')
    .map((l) => l.sourceKey)
    .sort();

describe('2026-09: a portal validation rule quarantines exactly the offending records', () => {
  let h: Harness;
  /** Link states of a run over the same data without the rule: the ground truth. */
  let baseline: Map<string, RecordLink>;
  let offending: string[];
  let first: PassResult;

  beforeAll(async () => {
    const plain = await startHarness({ accounts: 30, items: 2, apiVersion: '2026-09' });
    try {
      await runPass(plain.rt, { registry, flows: ['accounts', 'contacts'] });
      baseline = await contactLinks(plain);
      const phones = new Map((await qadContacts(plain)).map((c) => [keyOf(c), c.telephone]));
      // offenders: contacts the run without the rule wrote, whose phone breaks the rule
      offending = [...baseline.values()]
        .filter((l) => l.state === 'ok' && breaksRule(phones.get(l.sourceKey) ?? ''))
        .map((l) => l.sourceKey)
        .sort();
    } finally {
      await plain.close();
    }
    h = await startHarness({ accounts: 30, items: 2, apiVersion: '2026-09' });
    await h.hs('POST', '/_sandbox/validation-rules', RULE);
    first = await runPass(h.rt, { registry, flows: ['accounts', 'contacts'] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('quarantines exactly the contacts whose phone breaks the rule, with its message; the rest is written', async () => {
    expect(offending.length).toBeGreaterThan(3);
    const links = await contactLinks(h);
    expect(quarantinedByRule(links)).toEqual(offending);
    const inHubSpot = await hubspotContactKeys(h);
    for (const key of offending) {
      const link = links.get(key);
      expect(link?.lastError?.message).toContain(`phone: ${RULE.message}`);
      expect(link?.targetId ?? null).toBeNull();
      expect(inHubSpot.has(key)).toBe(false);
      expect((await h.rt.store.auditHistory(key, { flow: 'contacts' })).at(-1)?.action).toBe('quarantined');
    }
    // every other contact ends as it did without the rule (written, or refused for its own reason)
    for (const [key, base] of baseline) {
      if (offending.includes(key)) continue;
      expect(links.get(key)?.state, key).toBe(base.state);
      if (base.state === 'ok') expect(inHubSpot.has(key), key).toBe(true);
    }
    const baseCreated = [...baseline.values()].filter((l) => l.state === 'ok').length;
    expect(counts(first)).toMatchObject({ created: baseCreated - offending.length });
  });

  it('a full re-run spends no call on the unchanged quarantined contacts', async () => {
    const before = await writeCalls(h);
    const again = await runPass(h.rt, { registry, flows: ['contacts'], full: true });
    expect(counts(again)).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(await writeCalls(h)).toBe(before);
    expect(quarantinedByRule(await contactLinks(h))).toEqual(offending);
  });

  it('on the upsert path only the changed contacts that now break the rule are quarantined', async () => {
    const links = await contactLinks(h);
    const synced = (await qadContacts(h)).filter((c) => links.get(keyOf(c))?.state === 'ok').slice(0, 5);
    expect(synced).toHaveLength(5);
    const phones = ['+49 30 1234567', '+1 212 5550100', '+44 20 7946000', '+1 212 5550101', '+33 1 4000000'];
    for (const [i, c] of synced.entries())
      await h.qadControl('PATCH', `/_sandbox/records/contacts/${encodeURIComponent(c.contactId)}`, {
        telephone: phones[i],
      });
    const pass = await runPass(h.rt, { registry, flows: ['contacts'] });
    expect(counts(pass)).toMatchObject({ updated: 2, failed: 3 });
    const after = await contactLinks(h);
    const inHubSpot = await hubspotContactKeys(h);
    for (const [i, c] of synced.entries()) {
      const key = keyOf(c);
      const bad = breaksRule(phones[i] ?? '');
      expect(after.get(key)?.state, key).toBe(bad ? 'quarantined' : 'ok');
      // a quarantined update leaves HubSpot's contact as it was; the good ones carry the new phone
      expect(inHubSpot.get(key)?.['phone']).toBe(bad ? c.telephone : phones[i]);
    }
    expect(quarantinedByRule(after)).toEqual(
      [...offending, ...[0, 2, 4].map((i) => keyOf(synced[i] as QadContact))].sort(),
    );
  });

  it('after the admin lifts the rule, replaying a quarantined contact writes it', async () => {
    await h.hs('DELETE', '/_sandbox/validation-rules');
    const key = offending[0] as string;
    const result = await replayConnection(h.rt, registry, { sourceKey: key });
    expect(result).toMatchObject({ replayed: 1, ok: 1, failed: 0 });
    expect((await contactLinks(h)).get(key)?.state).toBe('ok');
    expect((await hubspotContactKeys(h)).has(key)).toBe(true);
  });
});
