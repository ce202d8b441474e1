import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modifiedMsOf } from '../../../src/connectors/hubspot/search.js';
import type { HubSpotObject } from '../../../src/connectors/hubspot/index.js';
import { startHarness, type Harness, type SandboxStats } from './harness.js';

let h: Harness;
/** Ids per group, each group written at one sandbox instant, groups 50 ms apart. */
const groups: string[][] = [];
let untilMs = 0;

beforeAll(async () => {
  h = await startHarness({ sandbox: { rateLimit: { windowMs: 1000, searchPerSecond: 50 } } });
  await h.client.ensurePropertyGroup('companies', 'qad', 'QAD');
  await h.client.ensureProperties('companies', [
    {
      name: 'qad_account_key',
      label: 'Key',
      type: 'string',
      fieldType: 'text',
      groupName: 'qad',
      hasUniqueValue: true,
    },
  ]);
  for (let g = 0; g < 3; g += 1) {
    const outcomes = await h.client.batchUpsert(
      'companies',
      'qad_account_key',
      Array.from({ length: 20 }, (_, i) => ({ key: `G${g}-${i}`, properties: { name: `Group ${g} #${i}` } })),
    );
    groups.push(outcomes.map((o) => (o.ok ? o.id : 'failed')));
    await h.control('POST', '/_sandbox/clock', { advanceMs: 50 });
  }
  const clock = (await h.control('POST', '/_sandbox/clock', { advanceMs: 0 })) as { now: string };
  untilMs = Date.parse(clock.now) + 1000;
});
afterAll(async () => h.close());

async function collect(pages: AsyncIterable<{ results: HubSpotObject[] }>): Promise<HubSpotObject[]> {
  const out: HubSpotObject[] = [];
  for await (const page of pages) out.push(...page.results);
  return out;
}

const byNumber = (ids: string[]): string[] => [...ids].sort((a, b) => Number(a) - Number(b));

describe('searchModifiedSince against the sandbox', () => {
  it('reads everything once, ascending by modified date, without splitting', async () => {
    const records = await collect(
      h.client.searchModifiedSince('companies', {
        since: { modifiedMs: 0, id: '0' },
        until: untilMs,
        properties: ['name'],
      }),
    );
    expect(byNumber(records.map((r) => r.id))).toEqual(byNumber(groups.flat()));
    const times = records.map((r) => modifiedMsOf(r, 'hs_lastmodifieddate'));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('splits a window by time when it holds more than the threshold', async () => {
    const before = ((await h.control('GET', '/_sandbox/stats')) as SandboxStats).searchCalls;
    const records = await collect(
      h.client.searchModifiedSince('companies', {
        since: { modifiedMs: 0, id: '0' },
        until: untilMs,
        properties: ['name'],
        splitThreshold: 25,
        limit: 10,
      }),
    );
    expect(records).toHaveLength(60);
    expect(byNumber(records.map((r) => r.id))).toEqual(byNumber(groups.flat()));
    const calls = ((await h.control('GET', '/_sandbox/stats')) as SandboxStats).searchCalls - before;
    expect(calls).toBeGreaterThan(6); // more than plain paging (60 / 10): the window was split
  });

  it('walks one instant by hs_object_id when it alone exceeds the threshold', async () => {
    const records = await collect(
      h.client.searchModifiedSince('companies', {
        since: { modifiedMs: 0, id: '0' },
        until: untilMs,
        properties: ['name'],
        splitThreshold: 8,
        limit: 5,
      }),
    );
    expect(records.map((r) => r.id)).toEqual(groups.flatMap((g) => byNumber(g)));
  });

  it('gives each page a checkpoint from which resuming never skips a record', async () => {
    const pages: { results: HubSpotObject[]; checkpoint?: { modifiedMs: number; id: string } }[] = [];
    for await (const page of h.client.searchModifiedSince('companies', {
      since: { modifiedMs: 0, id: '0' },
      until: untilMs,
      properties: ['name'],
      limit: 7,
    }))
      pages.push(page);
    const all = new Set(groups.flat());
    for (const [n, page] of pages.entries()) {
      const seenBefore = new Set(pages.slice(0, n + 1).flatMap((p) => p.results.map((r) => r.id)));
      const resumed = await collect(
        h.client.searchModifiedSince('companies', {
          since: page.checkpoint ?? { modifiedMs: 0, id: '0' },
          until: untilMs,
          properties: ['name'],
        }),
      );
      const union = new Set([...seenBefore, ...resumed.map((r) => r.id)]);
      expect([...all].every((id) => union.has(id))).toBe(true);
    }
  });

  it('resumes strictly after a composite (modified, id) cursor', async () => {
    const all = await collect(
      h.client.searchModifiedSince('companies', {
        since: { modifiedMs: 0, id: '0' },
        until: untilMs,
        properties: ['name'],
      }),
    );
    const group1 = byNumber(groups[1] ?? []);
    const cursorId = group1[4] ?? '';
    const cursorRecord = all.find((r) => r.id === cursorId) as HubSpotObject;
    const since = { modifiedMs: modifiedMsOf(cursorRecord, 'hs_lastmodifieddate'), id: cursorId };
    const rest = await collect(
      h.client.searchModifiedSince('companies', {
        since,
        until: untilMs,
        properties: ['name'],
        splitThreshold: 8,
        limit: 5,
      }),
    );
    expect(rest.map((r) => r.id)).toEqual([...group1.slice(5), ...byNumber(groups[2] ?? [])]);
  });

  it('searches contacts on lastmodifieddate', async () => {
    await h.client.ensureProperties('contacts', [
      {
        name: 'qad_contact_key',
        label: 'Key',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        hasUniqueValue: true,
      },
    ]);
    const written = await h.client.batchUpsert('contacts', 'qad_contact_key', [
      { key: 'P1', properties: { email: 'p1@search.example' } },
      { key: 'P2', properties: { email: 'p2@search.example' } },
    ]);
    const found = await collect(
      h.client.searchModifiedSince('contacts', {
        since: { modifiedMs: 0, id: '0' },
        until: untilMs + 60_000,
        properties: ['email'],
      }),
    );
    expect(byNumber(found.map((r) => r.id))).toEqual(byNumber(written.map((o) => (o.ok ? o.id : ''))));
    expect(found.every((r) => Number.isFinite(modifiedMsOf(r, 'lastmodifieddate')))).toBe(true);
  });

  it('lists every record once through list paging (backfill)', async () => {
    const pages: { results: HubSpotObject[]; after?: string }[] = [];
    for await (const page of h.client.listPages('companies', { limit: 7, properties: ['name'] }))
      pages.push(page);
    expect(pages).toHaveLength(Math.ceil(60 / 7));
    expect(pages.slice(0, -1).every((p) => typeof p.after === 'string')).toBe(true);
    expect(pages.at(-1)?.after).toBeUndefined();
    expect(byNumber(pages.flatMap((p) => p.results.map((r) => r.id)))).toEqual(byNumber(groups.flat()));
    // resuming from a checkpointed cursor reads the rest
    const rest: HubSpotObject[] = [];
    for await (const page of h.client.listPages('companies', { limit: 7, after: pages[2]?.after ?? '' }))
      rest.push(...page.results);
    expect(rest).toHaveLength(60 - 21);
  });

  it('stays inside the 5-per-second search bucket: zero 429s', async () => {
    const strict = await startHarness({ sandbox: { rateLimit: { windowMs: 1000 } } });
    try {
      await Promise.all(
        Array.from({ length: 15 }, () =>
          collect(
            strict.client.searchModifiedSince('companies', {
              since: { modifiedMs: 0, id: '0' },
              until: Date.now() + 60_000,
              properties: [],
            }),
          ),
        ),
      );
      const stats = (await strict.control('GET', '/_sandbox/stats')) as SandboxStats;
      expect(stats.searchCalls).toBe(15);
      expect(stats.rateLimited).toBe(0);
    } finally {
      await strict.close();
    }
  });
});
