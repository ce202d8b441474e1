/**
 * The dashboard over the REAL parts: both sandboxes on port 0 and the real app and connection
 * runtime over them (test/helpers/sandbox-app.ts: SQLite ledger, HTTP layer with the HubSpot
 * limiter, real clients), and the engine runner with the default flow registry. The dashboard gets
 * the limiter's snapshot as its rate budget and the engine (createEngineReplay) as its replay, as
 * `ml-connector run` wires them.
 */
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { createEngineReplay } from '../../src/app/replay.js';
import type { EventBus } from '../../src/core/events.js';
import type { FlowId, Store } from '../../src/core/store-port.js';
import { runPass, type PassResult } from '../../src/engine/runner.js';
import type { SyncRegistry } from '../../src/flows/connection.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { startDashboard } from '../../src/server/dashboard.js';
import { rateBudgetFromLimiter } from '../../src/server/from-app.js';
import type { DashboardHandle } from '../../src/server/types.js';
import { aheadClock, control, openSandboxApp } from '../helpers/sandbox-app.js';
import { MemoryLogger, TOKEN } from '../server/harness.js';

const CONNECTION = 'acme';
/** The engine clock runs ahead of the sandboxes, so the cursor's safety lag has passed for fresh edits. */
const AHEAD_MS = 5 * 60_000;

export interface EngineHarness {
  hs: HubSpotSandbox;
  qad: QadSandbox;
  store: Store;
  events: EventBus;
  dashboard: DashboardHandle;
  registry: SyncRegistry;
  sync(flows?: FlowId[]): Promise<PassResult>;
  /** Changes a record through the QAD sandbox's control API. */
  patchQad(kind: string, key: string, fields: Record<string, unknown>): Promise<void>;
  qadRecords(kind: string): Promise<Record<string, unknown>[]>;
  /** HubSpot products as the sandbox holds them. */
  products(): Promise<{ id: string; properties: Record<string, string | null> }[]>;
  close(): Promise<void>;
}

/** Starts sandboxes, engine runtime and dashboard. */
export async function startEngineHarness(): Promise<EngineHarness> {
  const hs = await startHubSpotSandbox({});
  const qad = await startQadSandbox({ seed: 7, accounts: 4, items: 6 });
  const opened = await openSandboxApp(
    { hubspot: hs, qad },
    { clock: aheadClock(AHEAD_MS), hubspotExtra: 'tier: professional', http: { maxRetries: 2 } },
  );
  const { rt } = opened;
  const { store, events, clock, limiter } = rt;
  const registry = defaultFlowRegistry();
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
      await control(qad.origin, 'PATCH', `/_sandbox/records/${kind}/${encodeURIComponent(key)}`, fields);
    },
    qadRecords: async (kind) =>
      (
        await control<{ records: Record<string, unknown>[] }>(
          qad.origin,
          'GET',
          `/_sandbox/records/${kind}?limit=1000`,
        )
      ).records,
    products: async () =>
      (
        await control<{ results: { id: string; properties: Record<string, string | null> }[] }>(
          hs.url,
          'GET',
          '/_sandbox/objects/products',
        )
      ).results,
    close: async () => {
      await dashboard.close();
      await opened.close();
      await hs.close();
      await qad.close();
    },
  };
}
