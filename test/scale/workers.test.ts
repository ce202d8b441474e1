/**
 * Scale-out end to end: a scheduler and 3 worker processes of the built CLI share 10 connections
 * (10 HubSpot portals with a tight rate limit, 10 QAD tenants) through pg-boss on PostgreSQL. One
 * worker is SIGKILLed in the middle of a pass. Every connection still converges to its QAD data
 * with no duplicate in HubSpot, the killed pass was retried by another worker, and no portal ever
 * answered 429. Closed-won deals seeded mid-run become exactly one QAD order each, although a second
 * worker is killed as it starts an orders run. Needs DATABASE_URL and `npm run build` (the CLI runs from dist/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL } from '../helpers/store.js';
import { seedClosedWonDeals, ordersOf } from './deals.js';
import { getJson, postJson, startCluster, type Cluster, type CliProcess, type Tenant } from './cluster.js';

interface HsRecord {
  properties: Record<string, string | null>;
  archived: boolean;
}
const WORKERS = 3;
const TENANTS = 10;
/** Requests per 2 s window per portal: tight, so workers must share each budget correctly. */
const BURST = 30;

const suite = DATABASE_URL ? describe : describe.skip;

/** Per tenant: a description of what is still wrong (empty = converged). */
async function divergence(c: Cluster, t: Tenant): Promise<string[]> {
  const records = async <T>(kind: string): Promise<T[]> =>
    (await getJson<{ records: T[] }>(`${t.qad.origin}/_sandbox/records/${kind}?limit=10000`)).records;
  const objects = async (type: string): Promise<HsRecord[]> =>
    (await getJson<{ results: HsRecord[] }>(`${t.hubspot.url}/_sandbox/objects/${type}`)).results;
  const problems: string[] = [];
  const dupes = (values: (string | null | undefined)[]): string[] =>
    values.filter((v, i) => v != null && values.indexOf(v) !== i) as string[];

  const customers = await records<{ businessRelationCode: string }>('customers');
  const suppliers = await records<{ businessRelationCode: string }>('suppliers');
  const accountKeys = new Set([...customers, ...suppliers].map((r) => `10USA/${r.businessRelationCode}`));
  const companies = await objects('companies');
  const companyKeys = companies.map((r) => r.properties['qad_account_key']);
  if (dupes(companyKeys).length > 0) problems.push(`duplicate companies ${dupes(companyKeys).join(',')}`);
  const liveCompanies = new Set(
    companies.filter((r) => !r.archived).map((r) => r.properties['qad_account_key']),
  );
  if (liveCompanies.size !== accountKeys.size || [...accountKeys].some((k) => !liveCompanies.has(k)))
    problems.push(`companies ${liveCompanies.size}/${accountKeys.size}`);

  const items = await records<{ itemCode: string; isActive?: boolean }>('items');
  const products = await objects('products');
  const skus = products.map((p) => p.properties['hs_sku']);
  if (dupes(skus).length > 0) problems.push(`duplicate products ${dupes(skus).join(',')}`);
  const liveSkus = new Set(products.filter((p) => !p.archived).map((p) => p.properties['hs_sku']));
  const activeItems = items.filter((i) => i.isActive !== false).map((i) => i.itemCode);
  if (liveSkus.size !== activeItems.length || activeItems.some((code) => !liveSkus.has(code)))
    problems.push(`products ${liveSkus.size}/${activeItems.length}`);

  const qadContacts = await records<{ contactId: string }>('contacts');
  const contacts = await objects('contacts');
  const contactKeys = contacts.map((r) => r.properties['qad_contact_key']);
  if (dupes(contactKeys).length > 0) problems.push(`duplicate contacts ${dupes(contactKeys).join(',')}`);
  const [failed] = await c.query<{ n: string }>(
    `select count(*) as n from "${c.schema}".links where connection = $1 and flow = 'contacts' and state <> 'ok'`,
    [t.name],
  );
  if (contacts.length + Number(failed?.n ?? 0) !== qadContacts.length)
    problems.push(`contacts ${contacts.length}+${failed?.n ?? 0} failed/${qadContacts.length}`);
  return problems;
}

suite(
  `scale-out: scheduler + ${WORKERS} workers, ${TENANTS} connections${DATABASE_URL ? '' : ' (skipped: DATABASE_URL is not set)'}`,
  () => {
    let c: Cluster;
    let scheduler: CliProcess;
    const workers: CliProcess[] = [];
    /** Workers still alive after the kills. */
    let last: CliProcess[] = [];
    beforeAll(async () => {
      c = await startCluster({
        databaseUrl: DATABASE_URL as string,
        tenants: TENANTS,
        accounts: 6,
        items: 5,
        windowMs: 2000,
        burst: BURST,
        everyMs: 4000,
      });
    }, 60_000);
    afterAll(async () => {
      await c?.close();
    }, 60_000);

    it('--role worker on SQLite is a clear config error (exit 2)', async () => {
      const { spawnSqlite } = await import('./sqlite-role.js');
      const r = await spawnSqlite(c, ['run', '--role', 'worker']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error[SCALE_NEEDS_POSTGRES]');
    }, 30_000);

    it('a killed worker loses nothing: every connection converges, no duplicates, no 429', async () => {
      const ready = (line: string): boolean => line.includes('running on queue schema');
      const args = ['run', '--expire-seconds', '4'];
      // every tenant's first browses answer 1.5 s late, so the victim is surely mid-pass when it is
      // killed (a 6-account pass can otherwise end before its run.started line is read)
      for (const t of c.tenants) {
        await postJson(`${t.qad.origin}/_sandbox/faults`, {
          method: 'GET',
          path: '/api/qracore/browses*',
          kind: 'latency',
          latencyMs: 1500,
          count: 3,
        });
      }
      scheduler = c.spawnCli([...args, '--role', 'scheduler']);
      for (let i = 0; i < WORKERS; i++) workers.push(c.spawnCli([...args, '--role', 'worker']));
      await Promise.all([scheduler, ...workers].map((p) => p.waitForLine(ready)));

      // kill worker 0 in the middle of a pass: right after it started a flow run
      const victim = workers[0] as CliProcess;
      const started = await victim.waitForLine((l) => l.includes('"event":"run.started"'));
      const victimConnection = (JSON.parse(started) as { connection: string }).connection;
      victim.child.kill('SIGKILL');
      await victim.exited;

      // converge: poll the sandboxes' dumps (the workers are separate processes: no shared events)
      const deadline = Date.now() + 100_000;
      let remaining: Record<string, string[]> = {};
      for (;;) {
        remaining = {};
        for (const t of c.tenants) {
          const problems = await divergence(c, t);
          if (problems.length > 0) remaining[t.name] = problems;
        }
        if (Object.keys(remaining).length === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(remaining).toEqual({});

      // the killed pass was handed to another worker (a retried job of that connection exists)
      const retried = await c.query<{ key: string; retry_count: number; state: string }>(
        `select singleton_key as key, retry_count, state from "${c.schema}_boss".job where retry_count > 0`,
      );
      expect(retried.map((r) => r.key)).toContain(victimConnection);

      // the retry held the portal's burst bucket for a window first (the dead worker's spend is unknown)
      const starts = workers
        .slice(1)
        .flatMap((w) => w.lines)
        .filter((l) => l.includes('"event":"scale.pass.started"'))
        .map((l) => JSON.parse(l) as { connection: string; retryCount: number; handoverWaitMs: number });
      const retry = starts.find((s) => s.connection === victimConnection && s.retryCount > 0);
      expect(retry?.handoverWaitMs).toBeGreaterThan(0);
    }, 150_000);

    it('closed-won deals become exactly one QAD order each, with a worker killed in the orders run', async () => {
      const survivors = workers.slice(1);
      const from = survivors.map((w) => w.lines.length);
      const seeded: { t: Tenant; dealIds: string[] }[] = [];
      for (const t of c.tenants) {
        const dealIds = await seedClosedWonDeals(t, 2);
        if (dealIds.length > 0) seeded.push({ t, dealIds });
      }
      expect(seeded.length).toBeGreaterThanOrEqual(5);

      // kill whichever worker first starts an orders run after the deals exist
      const ordersRun = (l: string): boolean =>
        l.includes('"event":"run.started"') && l.includes('"flow":"orders"');
      const victimIndex = await Promise.race(
        survivors.map((w, i) =>
          w.waitForLine(ordersRun, from[i]).then(
            () => i,
            () => -1,
          ),
        ),
      );
      expect(victimIndex).toBeGreaterThanOrEqual(0);
      const victim = survivors[victimIndex] as CliProcess;
      victim.child.kill('SIGKILL');
      await victim.exited;
      last = survivors.filter((w) => w !== victim);

      const deadline = Date.now() + 100_000;
      let wrong: Record<string, { perDeal: number[]; total: number }> = {};
      for (;;) {
        wrong = {};
        for (const { t, dealIds } of seeded) {
          const orders = await ordersOf(t, dealIds);
          if (orders.total !== dealIds.length || orders.perDeal.some((n) => n !== 1)) wrong[t.name] = orders;
        }
        if (Object.keys(wrong).length === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(wrong).toEqual({});
    }, 150_000);

    it('no portal ever answered 429; the survivors stop gracefully', async () => {
      // every portal's limit held across workers and hand-overs
      for (const t of c.tenants) {
        const stats = await getJson<{ rateLimited: number; totalRequests: number }>(
          `${t.hubspot.url}/_sandbox/stats`,
        );
        expect({ tenant: t.name, rateLimited: stats.rateLimited }).toEqual({
          tenant: t.name,
          rateLimited: 0,
        });
        // more than one window's worth per portal: the limit really bound the workers
        expect(stats.totalRequests).toBeGreaterThan(BURST);
      }

      // graceful stop of the survivors
      for (const p of [scheduler, ...last]) p.child.kill('SIGTERM');
      const codes = await Promise.all([scheduler, ...last].map((p) => p.exited));
      expect(codes).toEqual([0, 0]);
    }, 150_000);
  },
);
