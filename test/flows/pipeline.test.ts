/**
 * The pipelined write path against both sandboxes: several pages' HubSpot writes overlap, outcomes
 * are committed in page order (an infrastructure failure commits only the pages before it and a
 * re-run converges without duplicates), and a record HubSpot rejected as bad data is not re-sent
 * while its content is unchanged — only `replay` sends it again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { runPass } from '../../src/engine/runner.js';
import { accountsFlow, contactsFlow } from '../../src/flows/index.js';
import { ACCOUNTS_PAGE_SIZE } from '../../src/flows/qad-source.js';
import { replayFailed } from '../../src/flows/replay.js';
import { startHarness, type Harness } from './harness.js';

const UPSERT = 'POST /crm/objects/{objectType}/batch/upsert';
const accountsOnly = new Map<FlowId, FlowDefinition>([['accounts', accountsFlow]]);
const masterData = new Map<FlowId, FlowDefinition>([
  ['accounts', accountsFlow],
  ['contacts', contactsFlow],
]);

interface Stats {
  writeCalls: number;
  requests: Record<string, Record<string, number>>;
}

async function companyKeys(h: Harness): Promise<string[]> {
  const { results } = await h.hs<{ results: { properties: Record<string, string> }[] }>(
    'GET',
    '/_sandbox/objects/companies',
  );
  return results.map((c) => c.properties['qad_account_key'] ?? '');
}

describe('pipelined writes', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('keeps several pages of HubSpot writes in flight', async () => {
    h = await startHarness({ accounts: 1_000, items: 1 });
    // every company upsert answers after 150 ms, so overlapping calls are visible
    await h.hs('POST', '/_sandbox/faults', {
      kind: 'slow',
      delayMs: 150,
      route: UPSERT,
      objectType: 'companies',
      count: 100,
    });
    const intervals: [number, number][] = [];
    const off = h.rt.events.on('http.request', (e) => {
      if (e.system === 'hubspot' && e.route.endsWith('/batch/upsert')) {
        const end = performance.now();
        intervals.push([end - e.durationMs, end]);
      }
    });
    const pass = await runPass(h.rt, { registry: accountsOnly });
    off();
    expect(pass.flows[0]?.outcome).toBe('ok');
    expect(pass.flows[0]?.counts.created).toBe(1_000);
    const overlap = Math.max(
      ...intervals.map(([start]) => intervals.filter(([s, e]) => s <= start && start < e).length),
    );
    expect(intervals.length).toBe(1_000 / h.rt.hubspot.writeBatchSize);
    expect(overlap).toBeGreaterThan(1);
    const keys = await companyKeys(h);
    expect(keys).toHaveLength(1_000);
    expect(new Set(keys).size).toBe(1_000);
  });

  it('commits only whole pages before an infrastructure failure; the re-run converges', async () => {
    h = await startHarness({ accounts: 1_000, items: 1, maxRetries: 0 });
    // the first two upserts succeed, every later one fails with a 503 (no retries configured)
    await h.hs('POST', '/_sandbox/faults', {
      kind: '503',
      route: UPSERT,
      objectType: 'companies',
      skip: 2,
      count: 1_000,
    });
    const failed = await runPass(h.rt, { registry: accountsOnly });
    expect(failed.flows[0]?.outcome).toBe('failed');
    const committed = await h.rt.store.listLinks({ connection: 'acme', flow: 'accounts', limit: 10_000 });
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.length).toBeLessThan(1_000);
    expect(committed.length % ACCOUNTS_PAGE_SIZE).toBe(0);
    expect(committed.every((l) => l.state === 'ok')).toBe(true);
    const cursor = JSON.parse((await h.rt.store.getCursor('acme', 'accounts')) ?? '{}') as { key?: string };
    expect(committed.map((l) => l.sourceKey)).toContain(cursor.key);

    await h.hs('DELETE', '/_sandbox/faults');
    const again = await runPass(h.rt, { registry: accountsOnly });
    expect(again.flows[0]?.outcome).toBe('ok');
    const counts = again.flows[0]?.counts;
    expect(counts?.unchanged).toBe(committed.length);
    expect((counts?.created ?? 0) + (counts?.updated ?? 0)).toBe(1_000 - committed.length);
    const keys = await companyKeys(h);
    expect(keys).toHaveLength(1_000);
    expect(new Set(keys).size).toBe(1_000);
  });

  it('changes spread over many pages share full batches', async () => {
    h = await startHarness({ accounts: 1_000, items: 1 });
    expect((await runPass(h.rt, { registry: accountsOnly })).flows[0]?.counts.created).toBe(1_000);
    const { records } = await h.qadControl<{ records: { businessRelationCode: string }[] }>(
      'GET',
      '/_sandbox/records/businessRelations?limit=100000',
    );
    // every 7th business relation changes: 143 changes spread over all 10 pages of the read, so
    // no page boundary falls on a batch boundary
    const changed = records.filter((_, i) => i % 7 === 0);
    for (const br of changed) {
      await h.qadControl('PATCH', `/_sandbox/records/businessRelations/${br.businessRelationCode}`, {
        telephone: '+1 555 0199',
      });
    }
    const before = await h.hs<Stats>('GET', '/_sandbox/stats');
    const pass = await runPass(h.rt, { registry: accountsOnly, full: true });
    const after = await h.hs<Stats>('GET', '/_sandbox/stats');
    expect(pass.flows[0]?.counts.updated).toBe(changed.length);
    expect(pass.flows[0]?.counts.unchanged).toBe(1_000 - changed.length);
    expect(after.writeCalls - before.writeCalls).toBe(
      Math.ceil(changed.length / h.rt.hubspot.writeBatchSize),
    );
  });

  it('under report, a contact whose email an earlier page already sent is refused without a call', async () => {
    h = await startHarness({ accounts: 600, items: 1 });
    const pass = await runPass(h.rt, { registry: masterData });
    expect(pass.flows.map((f) => f.outcome)).toEqual(['ok', 'partial']);
    const refused = await h.rt.store.listLinks({
      connection: 'acme',
      flow: 'contacts',
      states: ['failed'],
      limit: 10_000,
    });
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((l) => l.lastError?.code === 'HUBSPOT_CONFLICT')).toBe(true);
    const stats = await h.hs<Stats>('GET', '/_sandbox/stats');
    // every contact create answered 201: HubSpot refused no input, none was sent to be refused
    expect(Object.keys(stats.requests['POST /crm/objects/{objectType}/batch/create'] ?? {})).toEqual(['201']);
  });

  it('does not re-send a record rejected as bad data until it changes or is replayed', async () => {
    h = await startHarness({ accounts: 300, items: 1 });
    const first = await runPass(h.rt, { registry: masterData });
    expect(first.flows.map((f) => f.outcome)).toEqual(['ok', 'partial']);
    const rejected = await h.rt.store.listLinks({
      connection: 'acme',
      flow: 'contacts',
      states: ['failed'],
      limit: 10_000,
    });
    // precondition: the generated data has contacts sharing an email
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((l) => l.lastError?.code === 'HUBSPOT_CONFLICT')).toBe(true);

    const before = await h.hs<Stats>('GET', '/_sandbox/stats');
    const full = await runPass(h.rt, { registry: masterData, full: true });
    const after = await h.hs<Stats>('GET', '/_sandbox/stats');
    expect(after.writeCalls - before.writeCalls).toBe(0);
    expect(full.flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);
    const still = await h.rt.store.listLinks({
      connection: 'acme',
      flow: 'contacts',
      states: ['failed'],
      limit: 10_000,
    });
    expect(still.map((l) => [l.sourceKey, l.lastError])).toEqual(
      rejected.map((l) => [l.sourceKey, l.lastError]),
    );

    const replayed = await replayFailed(h.rt);
    const afterReplay = await h.hs<Stats>('GET', '/_sandbox/stats');
    expect(replayed.find((r) => r.flow === 'contacts')?.counts.failed).toBe(rejected.length);
    expect(afterReplay.writeCalls).toBeGreaterThan(after.writeCalls);
  });
});
