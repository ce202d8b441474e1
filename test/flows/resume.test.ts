/**
 * Stopping a run mid-way (as SIGTERM or a crash after a commit would) and re-running never
 * duplicates HubSpot records; a held lease keeps a second runner out. Runs on SQLite and, when
 * DATABASE_URL is set, on PostgreSQL.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { GROUPS_IN_FLIGHT } from '../../src/engine/pipeline.js';
import { runPass } from '../../src/engine/runner.js';
import { accountsFlow } from '../../src/flows/index.js';
import { ACCOUNTS_PAGE_SIZE } from '../../src/flows/qad-source.js';
import { DATABASE_URL, uniqueSchemaName, withSchema } from '../helpers/store.js';
import { startHarness, type Harness } from './harness.js';

/** Enough pages that a stop after the first commit leaves some never started. */
const ACCOUNTS = 1_000;
const registry = new Map<FlowId, FlowDefinition>([['accounts', accountsFlow]]);
const stores: [string, string | undefined][] = [
  ['sqlite', './state.db'],
  ['postgres', DATABASE_URL ? withSchema(DATABASE_URL, uniqueSchemaName('mlc_engine')) : undefined],
];

for (const [dialect, store] of stores) {
  describe.skipIf(store === undefined)(`stop and resume (${dialect})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ accounts: ACCOUNTS, items: 5, ...(store ? { store } : {}) });
    });
    afterAll(async () => {
      await h?.close();
      if (dialect === 'postgres' && store && DATABASE_URL) {
        const client = new pg.Client({ connectionString: DATABASE_URL });
        await client.connect();
        await client.query(
          `DROP SCHEMA IF EXISTS "${new URL(store).searchParams.get('schema') ?? ''}" CASCADE`,
        );
        await client.end();
      }
    });

    it('a run stopped after its first batch resumes without duplicates', async () => {
      const stop = new AbortController();
      const off = h.rt.events.on('flow.batch.committed', () => stop.abort());
      const first = await runPass(h.rt, { registry, signal: stop.signal });
      off();
      expect(first.flows[0]?.outcome).toBe('aborted');
      const partialCreated = first.flows[0]?.counts.created ?? 0;
      expect(partialCreated).toBeGreaterThan(0);
      // a stop lets the write groups in flight finish and sends nothing new (every accounts page
      // here is one full batch, so a group is one page)
      expect(partialCreated).toBeLessThanOrEqual(GROUPS_IN_FLIGHT * ACCOUNTS_PAGE_SIZE);
      expect(partialCreated).toBeLessThan(ACCOUNTS);
      // the backfill did not complete: no incremental cursor day yet
      const cursor = JSON.parse((await h.rt.store.getCursor('acme', 'accounts')) ?? '{}') as {
        day?: string | null;
        backfillDay?: string;
      };
      expect(cursor.day ?? null).toBeNull();
      expect(cursor.backfillDay).toBeDefined();
      // the lease was released: the next run gets it, finishes the backfill
      const second = await runPass(h.rt, { registry });
      expect(second.flows[0]?.outcome).toBe('ok');
      expect(second.flows[0]?.counts.created).toBe(ACCOUNTS - partialCreated);
      expect(second.flows[0]?.counts.unchanged).toBe(partialCreated);
      const companies = (
        await h.hs<{ results: { properties: Record<string, string> }[] }>(
          'GET',
          '/_sandbox/objects/companies',
        )
      ).results;
      const keys = companies.map((c) => c.properties['qad_account_key']);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toHaveLength(ACCOUNTS);
      const done = JSON.parse((await h.rt.store.getCursor('acme', 'accounts')) ?? '{}') as {
        day?: string;
        backfillDay?: string;
      };
      expect(done.day).toBe(cursor.backfillDay);
      expect(done.backfillDay).toBeUndefined();
    });

    it('a held lease keeps a second runner out', async () => {
      const nowMs = h.rt.clock.nowMs();
      expect(await h.rt.store.acquireLease('acme', 'accounts', 'other-process', 60_000, nowMs)).toBe(true);
      try {
        const pass = await runPass(h.rt, { registry });
        expect(pass.flows[0]?.outcome).toBe('skipped');
        expect(pass.flows[0]?.error?.code).toBe('LEASE_HELD');
      } finally {
        await h.rt.store.releaseLease('acme', 'accounts', 'other-process');
      }
    });
  });
}
