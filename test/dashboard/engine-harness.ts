/**
 * The dashboard over the REAL parts: both sandboxes on port 0, a SQLite ledger, the HTTP layer
 * with the HubSpot limiter, the real HubSpot and QAD clients, and the engine runner with the
 * default flow registry. The dashboard gets the limiter's snapshot as its rate budget and the
 * engine (createEngineReplay) as its replay, as `ml-connector run` wires them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { connectionSchema } from '../../src/config/schema.js';
import { createHubSpotClient } from '../../src/connectors/hubspot/index.js';
import { createQadClient } from '../../src/connectors/qad/index.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import type { FlowId } from '../../src/core/store-port.js';
import type { EngineLogger } from '../../src/engine/flow.js';
import { resetPropertyBootstrapCache } from '../../src/engine/properties.js';
import { runPass, type FlowRegistry, type PassResult } from '../../src/engine/runner.js';
import type { EngineRuntime } from '../../src/engine/runtime-port.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { createHttpClient } from '../../src/http/client.js';
import { createHubSpotLimiter } from '../../src/http/hubspot-limiter.js';
import { startDashboard } from '../../src/server/dashboard.js';
import { createEngineReplay } from '../../src/app/replay.js';
import { rateBudgetFromLimiter } from '../../src/server/from-app.js';
import type { DashboardHandle } from '../../src/server/types.js';
import { createStore, type KyselyStore } from '../../src/store/index.js';
import { MemoryLogger, TOKEN } from '../server/harness.js';

const CONNECTION = 'acme';
/** The engine clock runs ahead of the sandboxes, so the cursor's safety lag has passed for fresh edits. */
const AHEAD_MS = 5 * 60_000;

export interface EngineHarness {
  hs: HubSpotSandbox;
  qad: QadSandbox;
  store: KyselyStore;
  events: EventBus;
  dashboard: DashboardHandle;
  registry: FlowRegistry;
  sync(flows?: FlowId[]): Promise<PassResult>;
  /** Changes a record through the QAD sandbox's control API. */
  patchQad(kind: string, key: string, fields: Record<string, unknown>): Promise<void>;
  qadRecords(kind: string): Promise<Record<string, unknown>[]>;
  /** HubSpot products as the sandbox holds them. */
  products(): Promise<{ id: string; properties: Record<string, string | null> }[]>;
  close(): Promise<void>;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** Starts sandboxes, engine runtime and dashboard. */
export async function startEngineHarness(): Promise<EngineHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-dash-e2e-'));
  const hs = await startHubSpotSandbox({});
  const qad = await startQadSandbox({ seed: 7, accounts: 4, items: 6 });
  const store = await createStore(path.join(dir, 'state.db'));
  const events = new EventBus();
  const clock: Clock = {
    nowMs: () => Date.now() + AHEAD_MS,
    now: () => new Date(Date.now() + AHEAD_MS),
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
  };
  const limiter = createHubSpotLimiter({ clock, events, tier: 'professional' });
  const http = createHttpClient({
    clock,
    events,
    maxAttempts: 3,
    backoff: { baseDelayMs: 10, maxDelayMs: 50 },
    limiters: { hubspot: limiter },
  });
  const hubspot = createHubSpotClient({
    baseUrl: hs.url,
    token: hs.token,
    hubId: hs.portalId,
    apiVersion: '2026-03',
    http,
    clock,
    events,
    limiter,
  });
  const qadClient = createQadClient({
    http,
    baseUrl: qad.url,
    clientId: qad.clientId,
    username: qad.username,
    password: qad.password,
    domain: '10USA',
    events,
  });
  const connection = connectionSchema.parse({
    name: CONNECTION,
    hubspot: { hubId: hs.portalId, token: 'env:HS_TOKEN', apiVersion: '2026-03', baseUrl: hs.url },
    qad: {
      baseUrl: qad.url,
      clientId: qad.clientId,
      username: qad.username,
      password: 'env:QAD_PASSWORD',
      domain: '10USA',
      entity: '10USACO',
    },
    flows: {},
  });
  const quiet: EngineLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const rt: EngineRuntime = {
    connection,
    store,
    hubspot,
    qad: qadClient,
    clock,
    events,
    logger: quiet,
    callCounts: () => http.callCounts(),
  };
  const registry: FlowRegistry = defaultFlowRegistry();
  resetPropertyBootstrapCache();
  const dashboard = await startDashboard({
    port: 0,
    token: TOKEN,
    store,
    events,
    clock,
    rateBudget: () => [rateBudgetFromLimiter(CONNECTION, hs.portalId, 625_000, limiter.snapshot())],
    schedule: () => [{ connection: CONNECTION, flow: 'catalog', nextRunAtMs: clock.nowMs() + 3_600_000 }],
    replay: createEngineReplay({
      runtime: () => Promise.resolve(rt),
      connections: () => [CONNECTION],
      registry,
    }),
    logger: new MemoryLogger(),
  });
  return {
    hs,
    qad,
    store,
    events,
    dashboard,
    registry,
    sync: (flows) => runPass(rt, { registry, ...(flows ? { flows } : {}) }),
    patchQad: async (kind, key, fields) => {
      await call(`${qad.origin}/_sandbox/records/${kind}/${encodeURIComponent(key)}`, {
        method: 'PATCH',
        body: JSON.stringify(fields),
      });
    },
    qadRecords: async (kind) =>
      (
        await call<{ records: Record<string, unknown>[] }>(
          `${qad.origin}/_sandbox/records/${kind}?limit=1000`,
        )
      ).records,
    products: async () =>
      (
        await call<{ results: { id: string; properties: Record<string, string | null> }[] }>(
          `${hs.url}/_sandbox/objects/products`,
        )
      ).results,
    close: async () => {
      await dashboard.close();
      await store.close();
      await hs.close();
      await qad.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
