/**
 * Figures 1–4 on one store dialect: the initial load at the compressed rate limit (wall ÷ floor,
 * 429s), calls per record, the no-op re-run (incremental and full re-read) and a 1 % incremental
 * change. Everything goes through the real engine (runPass) against the sandboxes.
 */
import type { EventBus } from '../src/core/events.js';
import type { FlowId } from '../src/core/store-port.js';
import { runPass, type PassResult } from '../src/engine/runner.js';
import { defaultFlowRegistry } from '../src/flows/index.js';
import {
  freshStore,
  openBenchApp,
  ShiftedClock,
  startLimitedSandboxes,
  type BenchLimits,
  type Sandboxes,
  callsByRoute,
  hubSpotStats,
} from './env.js';

/** One measured pass. */
export interface PassFigures {
  wallMs: number;
  hubspotCalls: number;
  writeCalls: number;
  rateLimited: number;
  qadCalls: number;
  /** Records created + updated (what HubSpot was asked to hold). */
  written: number;
  read: number;
  failed: number;
  byFlow: Record<string, { created: number; adopted: number; updated: number; failed: number; read: number }>;
  /** Sum of HTTP attempt durations per system (ms): with one call in flight this is wall time spent waiting. */
  httpMs: { hubspot: number; qad: number };
  /** HubSpot calls per route template (from the sandbox). */
  byRoute: Record<string, number>;
}

/** Everything figures 1–4 report for one dialect. */
export interface SyncBenchResult {
  dialect: 'sqlite' | 'postgres';
  accounts: number;
  items: number;
  limits: BenchLimits;
  initial: PassFigures;
  /** Minimum HubSpot calls the initial load needs (≤100 records per upsert and per association batch). */
  floorCalls: number;
  /** floorCalls ÷ allowed calls per second, in ms. */
  floorMs: number;
  noopIncremental: PassFigures;
  noopFull: PassFigures;
  changed: { companies: number; contacts: number; products: number };
  incremental: PassFigures;
  /** Minimum calls for the changed records (same batch caps). */
  incrementalFloorCalls: number;
}

const MASTER_FLOWS: FlowId[] = ['accounts', 'contacts', 'catalog'];
const BATCH = 100;

export async function measuredPass(
  sb: Sandboxes,
  events: EventBus,
  pass: () => Promise<PassResult>,
): Promise<PassFigures> {
  const before = await hubSpotStats(sb);
  const httpMs = { hubspot: 0, qad: 0 };
  const off = events.on('http.request', (e) => {
    if (e.system === 'hubspot' || e.system === 'qad') httpMs[e.system] += e.durationMs;
  });
  const t0 = performance.now();
  const result = await pass().finally(off);
  const wallMs = performance.now() - t0;
  const after = await hubSpotStats(sb);
  const byRoute = callsByRoute(before, after);
  const byFlow: PassFigures['byFlow'] = {};
  let written = 0;
  let read = 0;
  let failed = 0;
  for (const f of result.flows) {
    if (f.error) throw new Error(`${f.flow} ${f.outcome}: ${f.error.code} ${f.error.message}`);
    byFlow[f.flow] = {
      created: f.counts.created,
      adopted: f.counts.adopted ?? 0,
      updated: f.counts.updated,
      failed: f.counts.failed,
      read: f.counts.read,
    };
    written += f.counts.created + f.counts.updated;
    read += f.counts.read;
    failed += f.counts.failed;
  }
  return {
    wallMs,
    hubspotCalls: after.totalRequests - before.totalRequests,
    writeCalls: after.writeCalls - before.writeCalls,
    rateLimited: after.rateLimited - before.rateLimited,
    qadCalls: result.calls.qad,
    written,
    read,
    failed,
    byFlow,
    httpMs,
    byRoute,
  };
}

const calls = (n: number): number => Math.ceil(n / BATCH);

/** Patches every 100th business relation, contact and item in QAD; returns how many of each. */
async function changeOnePercent(sb: Sandboxes): Promise<SyncBenchResult['changed']> {
  const keysOf = async (kind: string, field: string): Promise<string[]> => {
    const page = await sb.qadControl<{ records: Record<string, unknown>[] }>(
      'GET',
      `/_sandbox/records/${kind}?limit=10000000`,
    );
    return page.records.filter((_, i) => i % 100 === 0).map((r) => String(r[field]));
  };
  const brs = await keysOf('businessRelations', 'businessRelationCode');
  const contacts = await keysOf('contacts', 'contactId');
  const items = await keysOf('items', 'itemCode');
  const patch = async (kind: string, keys: string[], body: (k: string) => unknown): Promise<void> => {
    for (let i = 0; i < keys.length; i += 16) {
      await Promise.all(
        keys
          .slice(i, i + 16)
          .map((k) => sb.qadControl('PATCH', `/_sandbox/records/${kind}/${encodeURIComponent(k)}`, body(k))),
      );
    }
  };
  await patch('businessRelations', brs, () => ({ telephone: '+1 555 0100' }));
  await patch('contacts', contacts, () => ({ contactFunction: 'Bench buyer' }));
  await patch('items', items, (k) => ({ description: `Bench ${k}`.slice(0, 24) }));
  return { companies: brs.length, contacts: contacts.length, products: items.length };
}

/** What one benchmark environment is made of. */
export interface SyncBenchOptions {
  accounts: number;
  items: number;
  seed: number;
  limits: BenchLimits;
  databaseUrl: string | undefined;
  workDir: string;
}

/** Figure 1 of one environment. */
export interface InitialLoadResult {
  dialect: 'sqlite' | 'postgres';
  limits: BenchLimits;
  initial: PassFigures;
  floorCalls: number;
  floorMs: number;
}

export interface BenchEnv {
  sb: Sandboxes;
  bench: Awaited<ReturnType<typeof openBenchApp>>;
  clock: ShiftedClock;
  dialect: 'sqlite' | 'postgres';
  registry: ReturnType<typeof defaultFlowRegistry>;
  pass: (full?: boolean) => () => Promise<PassResult>;
  /** A dry run of the master-data flows (nothing written; the result carries the plan). */
  dryPass: () => Promise<PassResult>;
}

/** Starts fresh sandboxes, a fresh store and the app; runs `fn`; tears everything down. */
export async function withBenchEnv<R>(o: SyncBenchOptions, fn: (env: BenchEnv) => Promise<R>): Promise<R> {
  const sb = await startLimitedSandboxes(o);
  const store = await freshStore(o.workDir, o.databaseUrl);
  const clock = new ShiftedClock();
  const bench = await openBenchApp(sb, store, o.limits, clock);
  try {
    const registry = defaultFlowRegistry();
    return await fn({
      sb,
      bench,
      clock,
      dialect: store.dialect,
      registry,
      pass:
        (full = false) =>
        () =>
          runPass(bench.rt, { registry, flows: MASTER_FLOWS, full }),
      dryPass: () => runPass(bench.rt, { registry, flows: MASTER_FLOWS, dryRun: true }),
    });
  } finally {
    await bench.close();
    await store.drop();
    await sb.close();
  }
}

/**
 * Minimum HubSpot calls to write these records: ⌈n/100⌉ per object type. Contact→company
 * associations ride on the contact creates (inline associations), so they need no call.
 */
export function minimumCalls(records: { companies: number; contacts: number; products: number }): number {
  return calls(records.companies) + calls(records.contacts) + calls(records.products);
}

async function initialLoad(env: BenchEnv, limits: BenchLimits): Promise<InitialLoadResult> {
  const initial = await measuredPass(env.sb, env.bench.rt.events, env.pass());
  const floorCalls = minimumCalls({
    companies: initial.byFlow['accounts']?.created ?? 0,
    contacts: initial.byFlow['contacts']?.created ?? 0,
    products: initial.byFlow['catalog']?.created ?? 0,
  });
  const perSecond = (limits.burst / limits.windowMs) * 1000;
  return { dialect: env.dialect, limits, initial, floorCalls, floorMs: (floorCalls / perSecond) * 1000 };
}

/** Figure 1 alone on a fresh environment (e.g. at another time compression). */
export function runInitialLoad(o: SyncBenchOptions): Promise<InitialLoadResult> {
  return withBenchEnv(o, (env) => initialLoad(env, o.limits));
}

/** Runs figures 1–4 on a fresh sandbox pair and a fresh store. */
export function runSyncBench(o: SyncBenchOptions): Promise<SyncBenchResult> {
  return withBenchEnv(o, async (env) => {
    const { sb, bench, pass } = env;
    const { initial, floorCalls, floorMs } = await initialLoad(env, o.limits);
    const noopIncremental = await measuredPass(sb, bench.rt.events, pass());
    const noopFull = await measuredPass(sb, bench.rt.events, pass(true));
    const changed = await changeOnePercent(sb);
    const incremental = await measuredPass(sb, bench.rt.events, pass());
    return {
      dialect: env.dialect,
      accounts: o.accounts,
      items: o.items,
      limits: o.limits,
      initial,
      floorCalls,
      floorMs,
      noopIncremental,
      noopFull,
      changed,
      incremental,
      incrementalFloorCalls: minimumCalls(changed),
    };
  });
}
