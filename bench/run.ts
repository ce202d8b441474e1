/**
 * `npm run bench` (node dist/bench/run.js [--quick] [--out FILE]): runs every figure of issue 9,
 * writes BENCHMARKS.md and exits 1 when a target is missed. PostgreSQL comes from DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres); each PostgreSQL run uses a fresh database.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAccountRead, type AccountReadResult } from './account-read.js';
import { runOverhead, type OverheadResult } from './overhead.js';
import { runPerRecordBench } from './per-record.js';
import { loadNow, renderReport, type LoadInfo, type Section } from './report.js';
import { livedInSection, runLivedInBench, type LivedInResult } from './lived-in.js';
import { buildSections, POLL_MS } from './sections.js';
import type { BenchLimits } from './env.js';
import { runInitialLoad, runSyncBench, type InitialLoadResult, type SyncBenchResult } from './sync-bench.js';
import { runQadOrdersBench, type QadOrdersBenchResult } from './qad-orders-bench.js';
import { qadOrdersSection } from './qad-orders-section.js';
import { runLatencyBench, type LatencyBenchResult } from './latency-modes.js';
import { latencySection } from './latency-section.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const outFile = outIndex >= 0 ? (args[outIndex + 1] ?? 'BENCHMARKS.md') : 'BENCHMARKS.md';
const databaseUrl = process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
/** `--only qad-orders|latency`: run that section alone and print it (writes a file only with `--out`). */
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

/** Sizes of a full and a quick run. */
const SIZES = quick
  ? { accounts: 2_000, items: 500, deals: 10, sample: 100, overhead: [10_000, 100_000] }
  : { accounts: 20_000, items: 5_000, deals: 40, sample: 1_000, overhead: [100_000, 1_000_000] };
/** Figure 6's tenant and deals: latency does not grow with the tenant, the run stays a few minutes. */
const LATENCY_SIZES = quick
  ? { accounts: 300, items: 100, deals: 10, eventDeals: 10, eventSpanMs: 10_000 }
  : { accounts: 1_000, items: 300, deals: SIZES.deals, eventDeals: 20, eventSpanMs: 20_000 };
/** The qad-orders figure's tenant: the 20,000 orders (≈100,000 lines). */
const ORDER_SIZES = quick
  ? { orders: 2_000, accounts: 500, items: 200 }
  : { orders: 20_000, accounts: 5_000, items: 1_000 };

/** HubSpot's professional tier: 190 calls per rolling 10 s, search 5 per second. */
const PROFESSIONAL = {
  windowMs: 10_000,
  burst: 190,
  searchWindowMs: 1_000,
  searchPerSecond: 5,
  maxConcurrent: 16,
};
/** The tier with time compressed k×: every window k times shorter, so k times the calls per second. */
const compressed = (k: number): BenchLimits => ({
  ...PROFESSIONAL,
  windowMs: PROFESSIONAL.windowMs / k,
  searchWindowMs: PROFESSIONAL.searchWindowMs / k,
});
/**
 * Figures 1–4 run at this compression: fast enough to keep the bench short, slow enough that
 * HubSpot's limit, not this 2-core machine, is the ceiling being measured (see the report).
 */
export const GATED_COMPRESSION = 2;
/** Figure 1 is also run here, to show where the connector's own work becomes the ceiling. */
export const HEADROOM_COMPRESSIONS = [10];
const LIMITS = compressed(GATED_COMPRESSION);
/** The per-record pattern's sample runs at this compression. */
export const PER_RECORD_COMPRESSION = 10;
const SEED = 42;

const progress = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

/** The qad-orders figure on SQLite (and PostgreSQL with `--only qad-orders --postgres`). */
async function qadOrders(workDir: string, dialects: (string | undefined)[]): Promise<QadOrdersBenchResult[]> {
  const out: QadOrdersBenchResult[] = [];
  for (const url of dialects) {
    progress(`figure 8: qad-orders on ${url ? 'postgres' : 'sqlite'}: ${ORDER_SIZES.orders} orders`);
    out.push(
      await runQadOrdersBench({ ...ORDER_SIZES, seed: SEED, limits: LIMITS, databaseUrl: url, workDir }),
    );
  }
  return out;
}

/** Figure 7 alone: the lived-in first sync, against figure 1's empty-portal load of the same size. */
async function livedInOnly(workDir: string): Promise<Section> {
  const base = {
    accounts: SIZES.accounts,
    items: SIZES.items,
    seed: SEED,
    deals: 0,
    cadenceMs: POLL_MS,
    databaseUrl: undefined,
    workDir,
  };
  progress(`figure 1 (empty portal) on sqlite: ${SIZES.accounts} accounts, ${SIZES.items} items`);
  const empty = await runInitialLoad({ ...base, limits: LIMITS });
  progress(`figure 7 on sqlite: first sync on a lived-in portal of the same size`);
  const livedIn = await runLivedInBench({ ...base, limits: LIMITS });
  return livedInSection(livedIn, empty.initial.hubspotCalls);
}

/** Figure 6 (deal-to-order latency per mode) on each store dialect. */
async function latency(workDir: string, dialects: (string | undefined)[]): Promise<LatencyBenchResult[]> {
  const out: LatencyBenchResult[] = [];
  for (const url of dialects) {
    progress(
      `figure 6: latency per mode on ${url ? 'postgres' : 'sqlite'}: ${LATENCY_SIZES.deals} deals polled`,
    );
    out.push(
      await runLatencyBench({
        ...LATENCY_SIZES,
        seed: SEED,
        cadenceMs: POLL_MS,
        limits: LIMITS,
        databaseUrl: url,
        workDir,
      }),
    );
  }
  return out;
}

/** The sections `--only` can run alone, on SQLite (and PostgreSQL with `--postgres`). */
const ONLY: Record<string, (workDir: string, dialects: (string | undefined)[]) => Promise<Section>> = {
  'qad-orders': async (workDir, dialects) =>
    qadOrdersSection(await qadOrders(workDir, dialects), GATED_COMPRESSION),
  latency: async (workDir, dialects) => latencySection(await latency(workDir, dialects)),
  'lived-in': async (workDir) => livedInOnly(workDir),
};

async function onlySection(name: string): Promise<number> {
  const section = ONLY[name];
  if (section === undefined)
    throw new Error(`--only: unknown section ${name} (known: ${Object.keys(ONLY).join(', ')})`);
  const t0 = Date.now();
  const loadAtStart = loadNow();
  const workDir = await mkdtemp(path.join(tmpdir(), 'mlc-bench-run-'));
  try {
    const dialects = args.includes('--postgres') ? [undefined, databaseUrl] : [undefined];
    const sections = [await section(workDir, dialects)];
    const text = renderReport(sections, {
      startedAt: new Date(t0).toISOString(),
      durationS: (Date.now() - t0) / 1000,
      loadAtStart,
      loadAtEnd: loadNow(),
      cpus: (await import('node:os')).cpus().length,
      node: process.version,
      mode: quick ? 'quick' : 'full',
    });
    if (outIndex >= 0) await writeFile(outFile, text);
    process.stdout.write(text);
    return sections.flatMap((s) => s.figures).some((f) => f.ok === false) ? 1 : 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  if (only !== undefined) return onlySection(only);
  const t0 = Date.now();
  const loadAtStart = loadNow();
  const workDir = await mkdtemp(path.join(tmpdir(), 'mlc-bench-run-'));
  try {
    const sync: SyncBenchResult[] = [];
    const headroom: InitialLoadResult[] = [];
    let livedIn: LivedInResult | undefined;
    for (const url of [undefined, databaseUrl]) {
      const dialect = url ? 'postgres' : 'sqlite';
      const base = {
        accounts: SIZES.accounts,
        items: SIZES.items,
        seed: SEED,
        databaseUrl: url,
        workDir,
      };
      progress(
        `figures 1, 3, 4 on ${dialect} at ${GATED_COMPRESSION}×: ${SIZES.accounts} accounts, ${SIZES.items} items`,
      );
      sync.push(await runSyncBench({ ...base, limits: LIMITS }));
      if (url === undefined) {
        progress(`figure 7 on ${dialect}: first sync on a lived-in portal of the same size`);
        livedIn = await runLivedInBench({ ...base, limits: LIMITS });
      }
      for (const k of HEADROOM_COMPRESSIONS) {
        progress(`figure 1 on ${dialect} at ${k}×`);
        headroom.push(await runInitialLoad({ ...base, limits: compressed(k) }));
      }
    }
    progress(`figure 2: per-record pattern on ${SIZES.sample} records`);
    // the pattern's calls per record do not depend on the pace; 10× keeps this run short
    const perRecord = await runPerRecordBench({
      sample: SIZES.sample,
      seed: SEED,
      ...compressed(PER_RECORD_COMPRESSION),
    });
    const overhead: OverheadResult[] = [];
    for (const url of [undefined, databaseUrl]) {
      for (const accounts of SIZES.overhead) {
        progress(`figure 5: ${accounts} accounts on ${url ? 'postgres' : 'sqlite'}`);
        overhead.push(await runOverhead({ accounts, seed: SEED, workDir, databaseUrl: url }));
      }
    }
    const accountRead: AccountReadResult[] = [];
    for (const [i, accounts] of SIZES.overhead.entries()) {
      progress(`figure 5b: reading ${accounts} accounts from QAD with a capped heap`);
      accountRead.push(...(await runAccountRead({ accounts, seed: SEED, workDir, control: i === 0 })));
    }
    const latencies = await latency(workDir, [undefined, databaseUrl]);
    const orders = await qadOrders(workDir, [undefined]);
    const sections = buildSections({
      sync,
      headroom,
      perRecord,
      overhead,
      accountRead,
      limits: LIMITS,
      compression: GATED_COMPRESSION,
      perRecordCompression: PER_RECORD_COMPRESSION,
      sizes: SIZES,
      latency: latencySection(latencies),
      ...(livedIn ? { livedIn } : {}),
    });
    sections.push(qadOrdersSection(orders, GATED_COMPRESSION));
    const load: LoadInfo = {
      startedAt: new Date(t0).toISOString(),
      durationS: (Date.now() - t0) / 1000,
      loadAtStart,
      loadAtEnd: loadNow(),
      cpus: (await import('node:os')).cpus().length,
      node: process.version,
      mode: quick ? 'quick' : 'full',
    };
    const text = renderReport(sections, load);
    await writeFile(outFile, text);
    process.stdout.write(text);
    return sections.flatMap((s) => s.figures).some((f) => f.ok === false) ? 1 : 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
