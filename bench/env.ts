/**
 * The benchmark environment: sandboxes in a child process, a fresh store (SQLite file or a fresh
 * PostgreSQL database), and the real app (openApp) and per-connection runtime (buildRuntime) from
 * a config whose `hubspot.rateLimit` matches the sandbox's compressed window.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openApp, type App } from '../src/app/compose.js';
import { systemClock, type Clock } from '../src/core/clock.js';
import { buildRuntime, type ConnectionRuntime } from '../src/app/runtime.js';
import type { SandboxChildOptions, SandboxChildReady } from './sandbox-child.js';

/** Running sandboxes plus control helpers. */
export interface Sandboxes extends SandboxChildReady {
  /** JSON call to the HubSpot sandbox control API. */
  hs<T>(method: string, p: string, body?: unknown): Promise<T>;
  /** JSON call to the QAD sandbox control API. */
  qadControl<T>(method: string, p: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** JSON over fetch; throws on a non-2xx answer. */
export async function callJson<T>(base: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 200)}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** Starts both sandboxes in a child process. */
export async function startSandboxes(options: SandboxChildOptions): Promise<Sandboxes> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sandbox-child.js');
  const child: ChildProcess = fork(script, [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<SandboxChildReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as SandboxChildReady));
    child.once('exit', (code) => reject(new Error(`sandbox child exited (${String(code)})`)));
  });
  return {
    ...ready,
    hs: (method, p, body) => callJson(ready.hubspot.url, method, p, body),
    qadControl: (method, p, body) => callJson(ready.qad.origin, method, p, body),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** A fresh store location: a new SQLite file, or a new PostgreSQL database (dropped by `drop`). */
export interface StoreLocation {
  dialect: 'sqlite' | 'postgres';
  location: string;
  drop(): Promise<void>;
}

/** Creates a fresh store location: a new directory under `dir` (SQLite) or a new database on `databaseUrl`. */
export async function freshStore(dir: string, databaseUrl: string | undefined): Promise<StoreLocation> {
  if (databaseUrl === undefined) {
    const own = await mkdtemp(path.join(dir, 'sqlite-'));
    return {
      dialect: 'sqlite',
      location: path.join(own, 'ledger.db'),
      drop: () => rm(own, { recursive: true, force: true }),
    };
  }
  const name = `mlc_bench_${Date.now().toString(36)}_${process.pid}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database "${name}"`);
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    location: u.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}

/** Limiter settings of a bench runtime. */
export interface BenchLimits {
  windowMs: number;
  burst: number;
  searchWindowMs: number;
  searchPerSecond: number;
  maxConcurrent: number;
}

/** The HubSpot sandbox's counters (`GET /_sandbox/stats`) a bench reads before and after a step. */
export interface HsStats {
  requests: Record<string, Record<string, number>>;
  totalRequests: number;
  rateLimited: number;
  writeCalls: number;
  searchCalls: number;
}

export function hubSpotStats(sb: Pick<Sandboxes, 'hs'>): Promise<HsStats> {
  return sb.hs<HsStats>('GET', '/_sandbox/stats');
}

/** HubSpot calls per route template between two readings of the counters (routes with none left out). */
export function callsByRoute(
  before: Pick<HsStats, 'requests'>,
  after: Pick<HsStats, 'requests'>,
): Record<string, number> {
  const sum = (byStatus: Record<string, number> | undefined): number =>
    Object.values(byStatus ?? {}).reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  for (const [route, byStatus] of Object.entries(after.requests)) {
    const d = sum(byStatus) - sum(before.requests[route]);
    if (d > 0) out[route] = d;
  }
  return out;
}

/** Sandboxes for a generated tenant (seed, accounts, items) at the HubSpot limits of `limits`. */
export function startLimitedSandboxes(o: {
  seed: number;
  accounts: number;
  items: number;
  limits: BenchLimits;
}): Promise<Sandboxes> {
  return startSandboxes({
    seed: o.seed,
    accounts: o.accounts,
    items: o.items,
    windowMs: o.limits.windowMs,
    burst: o.limits.burst,
    searchWindowMs: o.limits.searchWindowMs,
    searchPerSecond: o.limits.searchPerSecond,
  });
}

/**
 * The system clock moved forward by `shiftMs`: figure 6 runs in virtual time, jumping over the
 * idle stretches between polls (the HubSpot sandbox clock is shifted by the same amount).
 */
export class ShiftedClock implements Clock {
  shiftMs = 0;
  nowMs(): number {
    return Date.now() + this.shiftMs;
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }
}

/** The app and runtime of one benchmark connection, plus cleanup. */
export interface BenchApp {
  app: App;
  rt: ConnectionRuntime;
  close(): Promise<void>;
}

/** More config for a bench connection (e.g. its change-event mode) and the environment it names. */
export interface BenchConfigExtra {
  /** Entries added inside the connection's `hubspot: { … }` map. */
  hubspot?: string;
  /** Top-level YAML (e.g. a `hooks:` block). */
  yaml?: string;
  env?: Record<string, string>;
}

/** Writes a config pointing at the sandboxes and opens the app and runtime. */
export async function openBenchApp(
  sb: SandboxChildReady,
  store: Pick<StoreLocation, 'location'>,
  limits: BenchLimits,
  clock: Clock = systemClock,
  extra: BenchConfigExtra = {},
): Promise<BenchApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-bench-'));
  const configPath = path.join(dir, 'ml-connector.yaml');
  const yaml = [
    `store: '${store.location}'`,
    'http: { timeoutMs: 60000 }',
    ...(extra.yaml === undefined ? [] : [extra.yaml]),
    'connections:',
    '  - name: bench',
    `    hubspot: { hubId: ${sb.hubspot.portalId}, token: env:HS_TOKEN, baseUrl: '${sb.hubspot.url}', tier: professional,${extra.hubspot === undefined ? '' : ` ${extra.hubspot},`}`,
    `      rateLimit: { windowMs: ${limits.windowMs}, burstPer10s: ${limits.burst}, searchWindowMs: ${limits.searchWindowMs}, searchPerSecond: ${limits.searchPerSecond}, maxConcurrent: ${limits.maxConcurrent} } }`,
    `    qad: { baseUrl: '${sb.qad.url}', clientId: '${sb.qad.clientId}', username: ${sb.qad.username}, password: env:QAD_PASSWORD, domain: 10USA, entity: 10USACO }`,
    '',
  ].join('\n');
  await writeFile(configPath, yaml);
  const app = await openApp({
    configPath,
    env: { HS_TOKEN: sb.hubspot.token, QAD_PASSWORD: sb.qad.password, ...extra.env },
    cwd: dir,
    logLevel: 'silent',
    clock,
  });
  const rt = await buildRuntime(app, 'bench');
  return {
    app,
    rt,
    close: async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
