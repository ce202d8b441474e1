/**
 * The ledger's set-based hot path (src/store/bulk-sql.ts): commitBatch and the link lookups keep
 * the store's semantics exactly (checked against a model over random batches), store the same
 * text, and look links up by index probes even on a table the planner has no statistics for.
 */
import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import type {
  AuditEventInput,
  LinkState,
  OrderStage,
  RecordLink,
  RecordLinkUpsert,
} from '../../src/core/store-port.js';
import { linkLookupSql } from '../../src/store/bulk-sql.js';
import type { KyselyStore } from '../../src/store/index.js';
import { forEachDialect } from '../helpers/store.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

/** Small deterministic PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text that must survive the JSON round trip byte for byte. */
const AWKWARD = [
  'plain',
  'quote " and \\ backslash',
  'Zürich — 東京 🏭',
  'line\nbreak\t\u2028',
  '{"not":"json"}',
];

type Optional = Omit<RecordLinkUpsert, 'connection' | 'flow' | 'sourceKey' | 'state'>;

function randomUpsert(rand: () => number, connection: string, keys: number): RecordLinkUpsert {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const link: RecordLinkUpsert = {
    connection,
    flow: 'contacts',
    sourceKey: `k${Math.floor(rand() * keys)}`,
    state: pick<LinkState>(['ok', 'failed', 'quarantined']),
  };
  const optional: Optional = {};
  if (rand() < 0.5) optional.targetId = rand() < 0.2 ? null : String(Math.floor(rand() * 1e6));
  if (rand() < 0.5) optional.contentHash = rand() < 0.2 ? null : `h${Math.floor(rand() * 1e9)}`;
  if (rand() < 0.3) optional.orderStage = rand() < 0.2 ? null : pick<OrderStage>(['pending', 'confirmed']);
  if (rand() < 0.4) optional.lastError = rand() < 0.4 ? null : { code: 'E', message: pick(AWKWARD) };
  if (rand() < 0.5)
    optional.snapshot =
      rand() < 0.2
        ? null
        : { name: pick(AWKWARD), n: Math.floor(rand() * 1e6), nested: { ok: rand() < 0.5 } };
  if (rand() < 0.5) optional.lastRunId = `run-${Math.floor(rand() * 10)}`;
  // Sometimes spell "omitted" as an explicit undefined: it must not overwrite either.
  if (rand() < 0.2) Object.assign(link, { contentHash: undefined });
  return { ...link, ...optional };
}

/** What the store must hold after `batches`: omitted fields keep their value, later rows win. */
function model(batches: { links: RecordLinkUpsert[]; atMs: number }[]): Map<string, RecordLink> {
  const stored = new Map<string, RecordLink>();
  for (const { links, atMs } of batches) {
    for (const link of links) {
      const before = stored.get(link.sourceKey) ?? {
        connection: link.connection,
        flow: link.flow,
        sourceKey: link.sourceKey,
        targetId: null,
        contentHash: null,
        state: link.state,
        orderStage: null,
        lastError: null,
        snapshot: null,
        lastRunId: null,
        updatedAtMs: atMs,
      };
      const defined = Object.fromEntries(Object.entries(link).filter(([, v]) => v !== undefined));
      stored.set(link.sourceKey, { ...before, ...defined, updatedAtMs: atMs });
    }
  }
  return stored;
}

async function rawLinkText(store: KyselyStore, connection: string, key: string) {
  return store.db
    .selectFrom('links')
    .select(['snapshot', 'last_error'])
    .where('connection', '=', connection)
    .where('source_key', '=', key)
    .executeTakeFirstOrThrow();
}

forEachDialect('store bulk path', (h) => {
  it('matches the upsert model over random batches with repeated keys and mixed field sets', async () => {
    const clock = new FakeClock(T0);
    const { store } = await h.fresh({ clock });
    const rand = prng(7);
    const batches: { links: RecordLinkUpsert[]; atMs: number }[] = [];
    for (let b = 0; b < 12; b++) {
      // Batch 5 crosses the 1000-rows-per-statement boundary.
      const size = b === 5 ? 2500 : 1 + Math.floor(rand() * 300);
      const links = Array.from({ length: size }, () => randomUpsert(rand, 'c-model', 400));
      await store.commitBatch({ links, events: [] });
      batches.push({ links, atMs: clock.nowMs() });
      await clock.advance(1000);
    }
    const expected = model(batches);
    const keys = Array.from({ length: 450 }, (_, i) => `k${i}`);
    const actual = await store.getLinks('c-model', 'contacts', keys);
    expect(actual.size).toBe(expected.size);
    for (const [key, link] of expected) expect(actual.get(key), key).toEqual(link);
    for (const [key, link] of [...expected].slice(0, 40)) {
      const raw = await rawLinkText(store, 'c-model', key);
      expect(raw.snapshot).toBe(link.snapshot === null ? null : JSON.stringify(link.snapshot));
      expect(raw.last_error).toBe(link.lastError === null ? null : JSON.stringify(link.lastError));
    }
  });

  it('appends audit events in batch order with the same text, across statement chunks', async () => {
    const events: AuditEventInput[] = Array.from({ length: 1203 }, (_, i) => ({
      connection: 'c-audit-bulk',
      flow: 'accounts',
      sourceKey: 'same-key',
      runId: i % 3 === 0 ? null : 'r-bulk',
      atMs: T0 + i,
      action: i % 2 === 0 ? 'created' : 'failed',
      targetId: i % 5 === 0 ? null : String(i),
      payloadHash: i % 7 === 0 ? null : `ph${i}`,
      payload: i % 4 === 0 ? null : { name: AWKWARD[i % AWKWARD.length], i },
      error: i % 2 === 0 ? null : { code: 'E', message: AWKWARD[i % AWKWARD.length]! },
      detail: i % 6 === 0 ? { retries: i, note: AWKWARD[(i + 1) % AWKWARD.length] } : null,
    }));
    await h.store.commitBatch({ links: [], events });
    const history = await h.store.auditHistory('same-key', { connection: 'c-audit-bulk' });
    expect(history.map(({ id: _id, ...rest }) => rest)).toEqual(events);
    const ids = history.map((e) => e.id);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    const raw = await h.store.db
      .selectFrom('audit_events')
      .select(['payload', 'detail'])
      .where('connection', '=', 'c-audit-bulk')
      .orderBy('id')
      .execute();
    expect(raw.map((r) => [r.payload, r.detail])).toEqual(
      events.map((e) => [
        e.payload === null ? null : JSON.stringify(e.payload),
        e.detail === null ? null : JSON.stringify(e.detail),
      ]),
    );
  });

  it('stores a key with a lone surrogate as a bind parameter would, instead of failing the batch', async () => {
    const key = 'BR\ud800-1';
    await h.store.commitBatch({
      links: [
        { connection: 'c-surrogate', flow: 'accounts', sourceKey: key, state: 'ok', snapshot: { name: key } },
      ],
      events: [
        {
          connection: 'c-surrogate',
          flow: 'accounts',
          sourceKey: key,
          runId: 'r',
          atMs: T0,
          action: 'created',
          targetId: `T\udc00`,
          payloadHash: null,
          payload: { name: key },
          error: null,
          detail: null,
        },
      ],
    });
    const links = await h.store.getLinks('c-surrogate', 'accounts', [key]);
    expect(links.size).toBe(1);
    // The JSON column keeps the escape JSON.stringify wrote, on both dialects.
    const raw = await h.store.db
      .selectFrom('links')
      .select('snapshot')
      .where('connection', '=', 'c-surrogate')
      .execute();
    expect(raw).toEqual([{ snapshot: '{"name":"BR\\ud800-1"}' }]);
    expect(await h.store.auditHistory(key, { connection: 'c-surrogate' })).toHaveLength(1);
  });

  it('resolves a target id linked from two source keys to the lowest key', async () => {
    await h.store.commitBatch({
      links: ['deal-c', 'deal-a', 'deal-b'].map((sourceKey, i) => ({
        connection: 'c-dup-target',
        flow: 'orders' as const,
        sourceKey,
        state: 'ok' as const,
        targetId: i === 2 ? 'SO-OTHER' : 'SO-1',
      })),
      events: [],
    });
    const byTarget = await h.store.getLinksByTarget('c-dup-target', 'orders', ['SO-1', 'SO-1', 'SO-OTHER']);
    expect([...byTarget.entries()].map(([t, l]) => [t, l.sourceKey]).sort()).toEqual([
      ['SO-1', 'deal-a'],
      ['SO-OTHER', 'deal-b'],
    ]);
    expect((await h.store.getLinks('c-dup-target', 'orders', [])).size).toBe(0);
  });

  it('looks links up by index probes, not by scanning the flow, without table statistics', async () => {
    const { store } = await h.fresh();
    const keys = Array.from({ length: 3000 }, (_, i) => `BR${String(i).padStart(6, '0')}`);
    await store.commitBatch({
      links: keys.map((sourceKey, i) => ({
        connection: 'c-plan',
        flow: 'accounts' as const,
        sourceKey,
        state: 'ok' as const,
        targetId: String(i),
      })),
      events: [],
    });
    const wanted = JSON.stringify(keys.filter((_, i) => i % 60 === 0));
    const targets = JSON.stringify(keys.filter((_, i) => i % 60 === 0).map((_, i) => String(i * 60)));
    if (h.dialect === 'sqlite') {
      const plan = async (column: 'source_key' | 'target_id', values: string) =>
        (
          await store.db.executeQuery<{ detail: string }>(
            CompiledQuery.raw(`explain query plan ${linkLookupSql('sqlite', column)}`, [
              'c-plan',
              'accounts',
              values,
            ]),
          )
        ).rows.map((r) => r.detail);
      expect(await plan('source_key', wanted)).toContain(
        'SEARCH links USING INDEX sqlite_autoindex_links_1 (connection=? AND flow=? AND source_key=?)',
      );
      expect(await plan('target_id', targets)).toContain(
        'SEARCH links USING INDEX links_by_target_id (target_id=? AND connection=? AND flow=?)',
      );
      return;
    }
    // PostgreSQL: the fresh table was never analysed (the test server runs without autovacuum,
    // and a first big load outruns it anyway). Every scan of links must be an index probe whose
    // condition holds the looked-up column, and must filter nothing away.
    const { rows } = await sql<{ reltuples: number }>`select reltuples from pg_class where relname = 'links'
      and relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(store.db);
    expect(rows[0]?.reltuples).toBeLessThanOrEqual(0);
    for (const [column, values] of [
      ['source_key', wanted],
      ['target_id', targets],
    ] as const) {
      const result = await store.db.executeQuery<{ 'QUERY PLAN': unknown }>(
        CompiledQuery.raw(`explain (analyze, format json) ${linkLookupSql('postgres', column)}`, [
          'c-plan',
          'accounts',
          values,
        ]),
      );
      const nodes: Record<string, unknown>[] = [];
      const walk = (node: Record<string, unknown>): void => {
        nodes.push(node);
        for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      const planJson = result.rows[0]!['QUERY PLAN'];
      const parsed = (typeof planJson === 'string' ? JSON.parse(planJson) : planJson) as {
        Plan: Record<string, unknown>;
      }[];
      walk(parsed[0]!.Plan);
      const scans = nodes.filter((n) => n['Relation Name'] === 'links');
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) {
        expect(['Index Scan', 'Bitmap Heap Scan']).toContain(scan['Node Type']);
        const condition = scan['Node Type'] === 'Index Scan' ? scan['Index Cond'] : scan['Recheck Cond'];
        expect(String(condition)).toContain(`${column} = k.v`);
        expect(scan['Rows Removed by Filter'] ?? 0).toBe(0);
      }
      expect(nodes[0]!['Actual Rows']).toBe(50);
    }
  });
});
