/**
 * Crash consistency (issue 8): `ml-connector sync` runs as a real child process and is SIGKILLed
 * at 20 seeded-random points of a full sync with orders (point = the Nth request the sandboxes
 * have seen, N spread over a whole run). After re-running, HubSpot and QAD hold exactly what an
 * uninterrupted run leaves: no duplicate company, contact, product or order, and every record's
 * audit history is consistent (never two `created` for one key with different target ids).
 *
 * Before each run HubSpot already holds the customer company and the products (with their QAD
 * keys, as a previous install would have left them) and 10 closed-won deals on them; the ledger
 * is empty, so one sync does accounts, contacts, catalog and orders. Records that fail in an
 * uninterrupted run (seed data with e.g. shared emails) must fail the same way. The re-run opens the app
 * with a clock past the killed process's lease (a SIGKILL cannot release it).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/compose.js';
import { buildProgram, runProgram } from '../../src/cli/program.js';
import { registerSyncCommand } from '../../src/cli/commands/sync.js';
import { FLOW_IDS } from '../../src/core/store-port.js';
import { DEFAULT_LEASE_TTL_MS } from '../../src/engine/lease.js';
import { createStore } from '../../src/store/index.js';
import {
  AHEAD_MS,
  connectionEnv,
  connectionYaml,
  memoryLog,
  startPair,
  warpClock,
  type Pair,
} from './harness.js';
import { recordResult } from './results.js';
import { canonicalState, duplicates, hsObjects, type HsRecord } from './state.js';

const KILLS = 20;
const DEALS = 10;
const CHILD = path.resolve(import.meta.dirname, 'sync-child.ts');
const TSX = import.meta.resolve('tsx');
/** The built CLI when present (`npm test` builds first); else the source CLI through tsx. */
const DIST = path.resolve(import.meta.dirname, '../../dist/src/cli');
const BUILT = existsSync(path.join(DIST, 'commands', 'sync.js'));

/**
 * The child entry on the built CLI: the real program with `sync` registered (written to a temp
 * file at run time: a plain .mjs in the repository would sit outside the typed lint project).
 */
async function builtChildEntry(): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'mlc-child-')), 'sync-child.mjs');
  const url = (p: string): string => JSON.stringify(pathToFileURL(path.join(DIST, p)).href);
  await writeFile(
    file,
    [
      `import { buildProgram, runProgram } from ${url('program.js')};`,
      `import { registerSyncCommand } from ${url('commands/sync.js')};`,
      'const deps = { env: { ...process.env }, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };',
      'const { program, ctx } = buildProgram(deps);',
      "if (!program.commands.some((c) => c.name() === 'sync')) registerSyncCommand(program, ctx);",
      'process.exitCode = await runProgram(program, ctx, process.argv);',
      '',
    ].join('\n'),
  );
  return file;
}
let childArgs: string[] = ['--import', TSX, CHILD];

/** mulberry32: small seeded PRNG so the kill points are the same on every run. */
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

interface Fixture {
  company: { key: string; name: string };
  products: { key: string; sku: string; name: string; price: string }[];
}

async function totalRequests(pair: Pair): Promise<number> {
  const hs = await pair.hs<{ totalRequests: number }>('GET', '/_sandbox/stats');
  const qad = await pair.qadControl<{ total: number }>('GET', '/_sandbox/stats');
  return hs.totalRequests + qad.total;
}

/** Resets both sandboxes and seeds HubSpot: properties, the company, the products, closed-won deals. */
async function prepare(pair: Pair, fx: Fixture): Promise<void> {
  await pair.reset();
  await pair.hs('POST', '/_sandbox/clock', { offsetMs: -120_000 });
  const prop = (objectType: string, name: string): Record<string, unknown> => ({
    objectType,
    name,
    label: name,
    type: 'string',
    fieldType: 'text',
    groupName: 'qad',
    hasUniqueValue: true,
  });
  await pair.hs('POST', '/_sandbox/seed', {
    properties: [prop('companies', 'qad_account_key'), prop('products', 'qad_item_key')],
    companies: [{ ref: 'c', properties: { name: fx.company.name, qad_account_key: fx.company.key } }],
    products: fx.products.map((p, i) => ({
      ref: `p${i}`,
      properties: { name: p.name, hs_sku: p.sku, price: p.price, qad_item_key: p.key },
    })),
  });
  const deals = Array.from({ length: DEALS }, (_, i) => {
    const a = fx.products[i % fx.products.length] as Fixture['products'][number];
    const b = fx.products[(i + 1) % fx.products.length] as Fixture['products'][number];
    const qty = 1 + (i % 3);
    return {
      properties: {
        dealname: `CRASH-${i + 1}`,
        amount: (qty * Number(a.price) + Number(b.price)).toFixed(2),
        dealstage: 'closedwon',
        pipeline: 'default',
        deal_currency_code: 'USD',
      },
      companyRef: 'c',
      lineItems: [
        { productRef: `p${i % fx.products.length}`, quantity: qty, price: Number(a.price) },
        { productRef: `p${(i + 1) % fx.products.length}`, quantity: 1, price: Number(b.price) },
      ],
    };
  });
  await pair.hs('POST', '/_sandbox/seed', { deals });
}

async function newConfig(
  pair: Pair,
): Promise<{ dir: string; configPath: string; env: Record<string, string> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-crash-'));
  const configPath = path.join(dir, 'ml-connector.yaml');
  await writeFile(
    configPath,
    ['store: ./state.db', 'log: { level: warn }', 'connections:', ...connectionYaml(pair), ''].join('\n'),
  );
  return { dir, configPath, env: connectionEnv(pair) };
}

/** Runs `sync` in a child; kills it with SIGKILL once the sandboxes saw `killAt` requests. */
async function childSync(
  pair: Pair,
  cfg: { dir: string; configPath: string; env: Record<string, string> },
  killAt: number | null,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [...childArgs, '--config', cfg.configPath, 'sync', '--json'], {
    cwd: cfg.dir,
    env: { PATH: process.env['PATH'] ?? '', HOME: cfg.dir, ...cfg.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  if (killAt !== null) {
    let done = false;
    void exited.then(() => (done = true));
    while (!done && (await totalRequests(pair)) < killAt) {
      /* poll the sandboxes' counters */
    }
    if (!done) child.kill('SIGKILL');
  }
  return { ...(await exited), stderr };
}

/** Re-runs sync in-process after the dead child's lease expired. */
async function rerun(cfg: { dir: string; configPath: string; env: Record<string, string> }): Promise<number> {
  const out = memoryLog();
  const { program, ctx } = buildProgram({
    env: cfg.env,
    cwd: cfg.dir,
    stdout: out,
    stderr: out,
    stdin: Readable.from([]),
    logDestination: memoryLog(),
    openApp: (o) => openApp({ ...o, clock: warpClock(AHEAD_MS + DEFAULT_LEASE_TTL_MS) }),
  });
  if (!program.commands.some((c) => c.name() === 'sync')) registerSyncCommand(program, ctx);
  return runProgram(program, ctx, ['node', 'ml-connector', '--config', cfg.configPath, 'sync', '--json']);
}

/** Audit consistency of every record in the ledger; returns the problems found. */
async function auditProblems(dir: string): Promise<{ problems: string[]; failing: string[] }> {
  const store = await createStore(path.join(dir, 'state.db'));
  const problems: string[] = [];
  const failing: string[] = [];
  try {
    for (const flow of FLOW_IDS) {
      const links = await store.listLinks({ connection: 'acme', flow, limit: 10_000 });
      for (const link of links) {
        const history = await store.auditHistory(link.sourceKey, { connection: 'acme', flow });
        const createdTargets = new Set(history.filter((e) => e.action === 'created').map((e) => e.targetId));
        if (createdTargets.size > 1)
          problems.push(`${flow} ${link.sourceKey}: created as ${[...createdTargets].join(', ')}`);
        if (link.state !== 'ok')
          failing.push(`${flow} ${link.sourceKey}: ${link.state} ${link.lastError?.code ?? ''}`);
        if (flow === 'orders' && link.orderStage !== 'confirmed')
          problems.push(`orders ${link.sourceKey}: ${link.orderStage}`);
      }
    }
  } finally {
    await store.close();
  }
  return { problems, failing: failing.sort() };
}

describe('crash consistency: SIGKILL at 20 points of a full sync with orders, then re-run', () => {
  let pair: Pair;
  let fx: Fixture;
  let expected: Awaited<ReturnType<typeof canonicalState>>;
  let requestsPerRun = 0;
  let refFailing: string[] = [];

  beforeAll(async () => {
    pair = await startPair();
    if (BUILT) childArgs = [await builtChildEntry()];
    // Learn the customer company and EA products the connector produces, from one in-process sync.
    await pair.reset();
    const cfg = await newConfig(pair);
    expect([0, 1]).toContain(await rerun(cfg));
    const customers = (
      await pair.qadControl<{ records: Record<string, unknown>[] }>(
        'GET',
        '/_sandbox/records/customers?limit=1000',
      )
    ).records;
    const usd = new Set(
      customers
        .filter((c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD')
        .map((c) => String(c['customerCode'])),
    );
    const key = (r: HsRecord, p: string): string => r.properties[p] ?? '';
    const company = (await hsObjects(pair, 'companies'))
      .filter((c) => usd.has(key(c, 'qad_customer_code')))
      .sort((a, b) => key(a, 'qad_account_key').localeCompare(key(b, 'qad_account_key')))[0];
    const products = (await hsObjects(pair, 'products'))
      .filter((p) => !p.archived && key(p, 'qad_uom') === 'EA')
      .sort((a, b) => key(a, 'hs_sku').localeCompare(key(b, 'hs_sku')))
      .slice(0, 4);
    if (company === undefined || products.length < 4)
      throw new Error('seed lacks a USD customer or EA items');
    fx = {
      company: { key: key(company, 'qad_account_key'), name: key(company, 'name') },
      products: products.map((p) => ({
        key: key(p, 'qad_item_key'),
        sku: key(p, 'hs_sku'),
        name: key(p, 'name'),
        price: key(p, 'price'),
      })),
    };
    // The expected state: one uninterrupted child-process sync on the prepared sandboxes.
    await prepare(pair, fx);
    const ref = await newConfig(pair);
    const full = await childSync(pair, ref, null);
    expect(full.signal, full.stderr).toBeNull();
    expect([0, 1], full.stderr).toContain(full.code);
    refFailing = (await auditProblems(ref.dir)).failing;
    expect((await auditProblems(ref.dir)).problems).toEqual([]);
    requestsPerRun = await totalRequests(pair);
    expected = await canonicalState(pair);
    expect(expected.orders).toHaveLength(DEALS);
  }, 120_000);
  afterAll(async () => {
    await pair?.close();
  });

  it(`${KILLS} kills at seeded random points; each re-run converges exactly`, async () => {
    const random = prng(20261127);
    const points = Array.from({ length: KILLS }, () => 1 + Math.floor(random() * (requestsPerRun - 1))).sort(
      (a, b) => a - b,
    );
    let killed = 0;
    let ordersBeforeKill = 0;
    let killsDuringOrders = 0;
    const trail: string[] = [];
    for (const point of points) {
      await prepare(pair, fx);
      const cfg = await newConfig(pair);
      const run = await childSync(pair, cfg, point);
      if (run.signal === 'SIGKILL') killed += 1;
      const atKill = (await pair.qadControl<{ salesOrders: unknown[] }>('GET', '/_sandbox/sales-orders'))
        .salesOrders.length;
      ordersBeforeKill += atKill;
      if (atKill > 0) killsDuringOrders += 1;
      trail.push(`${point}:${atKill}`);
      const code = await rerun(cfg);
      expect([0, 1], `re-run after a kill at request ${point}`).toContain(code);
      const state = await canonicalState(pair);
      expect(state, `state after a kill at request ${point}`).toEqual(expected);
      expect(duplicates(state.companies.map((c) => c['qad_account_key'] as string))).toEqual([]);
      const audit = await auditProblems(cfg.dir);
      expect(audit.problems, `audit after a kill at request ${point}`).toEqual([]);
      expect(audit.failing, `failing records after a kill at request ${point}`).toEqual(refFailing);
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS - 2);
    // the points must also hit the orders phase (some orders made, the run killed before the end)
    expect(killsDuringOrders, trail.join(' ')).toBeGreaterThanOrEqual(2);
    recordResult(
      'crash',
      `SIGKILL during sync (points ${points[0]}…${points.at(-1)} of ${requestsPerRun} requests)`,
      {
        runs: KILLS,
        outcome: `${killed} killed mid-run, ${killsDuringOrders} of them after orders had started (${ordersBeforeKill} orders existed at kill time in total; point:orders ${trail.join(' ')}); after re-run: ${expected.orders.length} orders, ${expected.companies.length} companies, ${expected.contacts.length} contacts, ${expected.products.length} products each time, 0 duplicates, 0 audit inconsistencies`,
      },
    );
  }, 600_000);
});
