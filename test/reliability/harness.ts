/**
 * Reliability harness: one sandbox pair per test file (reset between cases), a fresh SQLite ledger
 * and config per case, the real composition (openApp + buildRuntime + the default flow registry),
 * and a canonical view of both systems' state to compare runs against each other.
 *
 * Time: the runtime gets a "warp" clock — `nowMs` runs ahead of the sandboxes (so the deal search's
 * safety lag has passed) and `sleep` advances that offset instead of waiting, so a 60 s Retry-After
 * costs nothing. Request timeouts still use real timers (they are real sockets).
 */
import { Writable } from 'node:stream';
import type { Clock } from '../../src/core/clock.js';
import type { FlowId } from '../../src/core/store-port.js';
import { runPass, type PassResult } from '../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { control, openSandboxApp, type SandboxApp } from '../helpers/sandbox-app.js';

export { connectionEnv, connectionYaml, control } from '../helpers/sandbox-app.js';

/** Data size of the reliability suites (small on purpose: the suite must stay at a few minutes). */
export const DATA = { seed: 7, accounts: 30, items: 40 } as const;
/** How far the runtime clock runs ahead of the sandboxes. */
export const AHEAD_MS = 5 * 60_000;

/** A clock that runs `aheadMs` ahead of real time and turns sleeps into instant jumps. */
export function warpClock(aheadMs = AHEAD_MS): Clock & { sleptMs(): number } {
  let offsetMs = aheadMs;
  let slept = 0;
  return {
    nowMs: () => Date.now() + offsetMs,
    now: () => new Date(Date.now() + offsetMs),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(signal.reason as Error);
          return;
        }
        offsetMs += Math.max(0, ms);
        slept += Math.max(0, ms);
        setImmediate(resolve);
      }),
    sleptMs: () => slept,
  };
}

/** A sandbox pair shared by the cases of one file. */
export interface Pair {
  hubspot: HubSpotSandbox;
  qad: QadSandbox;
  hs<T = unknown>(method: string, p: string, body?: unknown): Promise<T>;
  qadControl<T = unknown>(method: string, p: string, body?: unknown): Promise<T>;
  /** Back to the seeded start state: HubSpot empty, QAD reseeded, no faults, counters zeroed. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Options of a pair; `clientId`/`password` make a second tenant's credentials differ from the first's. */
export interface PairOptions {
  portalId?: number;
  seed?: number;
  clientId?: string;
  password?: string;
}

export async function startPair(opts: PairOptions = {}): Promise<Pair> {
  const hubspot = await startHubSpotSandbox({
    ...(opts.portalId !== undefined ? { portalId: opts.portalId } : {}),
    rateLimit: { windowMs: 1000, burst: 10_000, searchPerSecond: 1000 },
  });
  const qad = await startQadSandbox({
    seed: opts.seed ?? DATA.seed,
    accounts: DATA.accounts,
    items: DATA.items,
    ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}),
    ...(opts.password !== undefined
      ? { users: [{ username: 'integration', password: opts.password, canRead: true, canWrite: true }] }
      : {}),
  });
  const pair: Pair = {
    hubspot,
    qad,
    hs: (method, p, body) => control(hubspot.url, method, p, body),
    qadControl: (method, p, body) => control(qad.origin, method, p, body),
    async reset() {
      await pair.hs('POST', '/_sandbox/reset');
      await pair.hs('POST', '/_sandbox/clock', { offsetMs: 0 });
      await pair.qadControl('POST', '/_sandbox/seed', {
        seed: opts.seed ?? DATA.seed,
        accounts: DATA.accounts,
        items: DATA.items,
      });
      await pair.qadControl('DELETE', '/_sandbox/stats');
    },
    async close() {
      await hubspot.close();
      await qad.close();
    },
  };
  return pair;
}

/** Collects log lines in memory (for "never in the logs" and "the fault is visible" checks). */
export function memoryLog(): Writable & { text(): string } {
  let buffer = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      buffer += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => buffer });
}

export interface ConnectionOptions {
  name?: string;
  timeoutMs?: number;
  maxRetries?: number;
  clock?: Clock;
  logs?: Writable;
  /** Extra entries inside the connection's `qad: { … }` map, e.g. `orders: { channel: qxtend }`. */
  qadExtra?: string;
}

/** One connection's opened app and runtime (test/helpers/sandbox-app.ts). */
export type Connected = SandboxApp;

/** A fresh directory, config and ledger for one connection to `pair`, opened through openApp. */
export function connect(pair: Pair, opts: ConnectionOptions = {}): Promise<Connected> {
  return openSandboxApp(pair, {
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.qadExtra === undefined ? {} : { qadExtra: opts.qadExtra }),
    http: { timeoutMs: opts.timeoutMs ?? 5000, maxRetries: opts.maxRetries ?? 5 },
    clock: opts.clock ?? warpClock(),
    logs: opts.logs ?? memoryLog(),
  });
}

const MASTER: FlowId[] = ['accounts', 'contacts', 'catalog'];

/**
 * A pass after which nothing is left to retry: every flow ran, and only master-data flows may be
 * `partial` (the seed data holds a few contacts that share an email — a per-record outcome by design).
 */
export function settled(pass: PassResult): boolean {
  return pass.flows.every((f) => f.outcome === 'ok' || (f.outcome === 'partial' && f.flow !== 'orders'));
}

/** Runs passes of `flows` until one is settled (at most `maxPasses`); returns every pass. */
export async function syncUntilOk(
  rt: SandboxApp['rt'],
  flows: FlowId[] = MASTER,
  maxPasses = 3,
): Promise<PassResult[]> {
  const registry = defaultFlowRegistry();
  const passes: PassResult[] = [];
  for (let i = 0; i < maxPasses; i++) {
    const pass = await runPass(rt, { registry, flows });
    passes.push(pass);
    if (settled(pass)) break;
  }
  return passes;
}
