/**
 * Figure 6 per mode: deal closed → QAD order committed (number on the deal) with polling only,
 * with push (the HubSpot sandbox posts signed webhooks to the connector's receiver) and with pull
 * (the connector reads the webhooks journal), plus the HubSpot calls an idle connection spends per
 * hour in each mode. One sandbox pair, one store and one connection (`bench`), re-opened with each
 * mode's config. HubSpot's search-index delay is modelled throughout (random 0–10 s per write).
 *
 * Polling runs in virtual time (bench/latency.ts); push and pull run in real time, since webhook
 * deliveries and journal reads follow the wall clock: deals close at random moments over a short
 * span while the receiver or the journal poller turns them into orders.
 */
import { MODELLED_SEARCH_JITTER_MS } from '../sandbox/hubspot/index.js';
import { mulberry32 } from '../sandbox/data/prng.js';
import type { ConnectionRuntime } from '../src/app/runtime.js';
import { startChangeEvents } from '../src/changes/start.js';
import { closeDealWon, seedOpenDeals } from '../src/demo/deals.js';
import { runPass } from '../src/engine/runner.js';
import { defaultFlowRegistry } from '../src/flows/index.js';
import {
  freshStore,
  openBenchApp,
  ShiftedClock,
  startLimitedSandboxes,
  type BenchApp,
  type BenchLimits,
  type Sandboxes,
  type StoreLocation,
  callsByRoute,
  hubSpotStats,
  type HsStats,
} from './env.js';
import { measureDealToOrder, type LatencyResult } from './latency.js';

/** Deal-to-order latencies of one event mode. */
export interface EventModeResult {
  deals: number;
  ordered: number;
  /** Per deal, close → order committed (ms), ascending. */
  latenciesMs: number[];
  /** Per deal, QAD's own time: order submitted → confirmed by QAD's read-back (ms), ascending. */
  qadMs: number[];
  /** Per deal, latency minus its QAD time (ms), ascending. */
  netOfQadMs: number[];
}

/** HubSpot calls of an idle connection, measured over `measuredMs` and scaled to an hour. */
export interface IdleCalls {
  /** Calls the mode itself makes (journal reads, …), per hour. */
  ownPerHour: number;
  measuredCalls: number;
  measuredMs: number;
  /** Whether the period was virtual (polls at the cadence in jumped time) or real. */
  virtual: boolean;
  /** Calls per route template in the measured period. */
  byRoute: Record<string, number>;
}

export interface LatencyBenchResult {
  dialect: 'sqlite' | 'postgres';
  cadenceMs: number;
  safetyLagMs: number;
  journalPollMs: number;
  jitterMs: number;
  /** Span over which the event-mode deals close (real ms). */
  eventSpanMs: number;
  polling: LatencyResult & { spanMs: number };
  push: EventModeResult;
  pull: EventModeResult;
  idle: { polling: IdleCalls; push: IdleCalls; pull: IdleCalls };
  /** Deals of all modes with exactly one QAD order / all deals. */
  exactlyOnce: { ok: number; deals: number };
}

export interface LatencyBenchOptions {
  accounts: number;
  items: number;
  seed: number;
  /** Deals closed in polling mode and in each event mode. */
  deals: number;
  eventDeals: number;
  cadenceMs: number;
  eventSpanMs: number;
  limits: BenchLimits;
  databaseUrl: string | undefined;
  workDir: string;
}

const WEBHOOK_SECRET = 'bench-webhook-client-secret-0123456789';
const APP = { clientId: 'bench-project-app', clientSecret: 'bench-project-app-secret' };
const JOURNAL_POLL_MS = 3_000;
/** Idle polls counted in virtual time, after the overlap has passed every deal written so far. */
const IDLE_POLLS = 6;
/** Real idle time counted for push and pull. */
const IDLE_EVENT_MS = 15_000;
const HOUR_MS = 3_600_000;

/** Calls per route since `before`. */
async function callsSince(sb: Sandboxes, before: HsStats): Promise<Record<string, number>> {
  return callsByRoute(before, await hubSpotStats(sb));
}

const total = (byRoute: Record<string, number>): number => Object.values(byRoute).reduce((a, b) => a + b, 0);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const ascending = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

/** Runs every mode on one fresh sandbox pair and store. */
export async function runLatencyBench(o: LatencyBenchOptions): Promise<LatencyBenchResult> {
  const sb = await startLimitedSandboxes(o);
  const store = await freshStore(o.workDir, o.databaseUrl);
  const clock = new ShiftedClock();
  try {
    const polling = await pollingMode(sb, store, clock, o);
    const push = await eventMode(sb, store, clock, o, 'push');
    const pull = await eventMode(sb, store, clock, o, 'pull');
    const ids = [...polling.dealIds, ...push.dealIds, ...pull.dealIds];
    let ok = 0;
    for (const id of ids) {
      const found = await sb.qadControl<{ salesOrders: unknown[] }>(
        'GET',
        `/_sandbox/sales-orders?purchaseOrder=HS-${id}`,
      );
      if (found.salesOrders.length === 1) ok += 1;
    }
    return {
      dialect: store.dialect,
      cadenceMs: o.cadenceMs,
      safetyLagMs: polling.safetyLagMs,
      journalPollMs: JOURNAL_POLL_MS,
      jitterMs: MODELLED_SEARCH_JITTER_MS,
      eventSpanMs: o.eventSpanMs,
      polling: polling.result,
      push: push.result,
      pull: pull.result,
      idle: { polling: polling.idle, push: push.idle, pull: pull.idle },
      exactlyOnce: { ok, deals: ids.length },
    };
  } finally {
    await store.drop();
    await sb.close();
  }
}

/** Master data once, then closed deals found by search at the cadence, then idle polls. */
async function pollingMode(
  sb: Sandboxes,
  store: StoreLocation,
  clock: ShiftedClock,
  o: LatencyBenchOptions,
): Promise<{
  result: LatencyResult & { spanMs: number };
  idle: IdleCalls;
  dealIds: string[];
  safetyLagMs: number;
}> {
  const bench = await openBenchApp(sb, store, o.limits, clock);
  try {
    const registry = defaultFlowRegistry();
    const master = await runPass(bench.rt, { registry, flows: ['accounts', 'catalog'] });
    for (const f of master.flows) if (f.error) throw new Error(`${f.flow}: ${f.error.message}`);
    await sb.hs('POST', '/_sandbox/config', { indexingJitterMs: MODELLED_SEARCH_JITTER_MS });
    const known = new Set(await orderLinkIds(bench.rt));
    const spanMs = 4 * o.cadenceMs;
    const result = await measureDealToOrder({
      sb,
      rt: bench.rt,
      clock,
      registry,
      deals: o.deals,
      cadenceMs: o.cadenceMs,
      spanMs,
      seed: o.seed,
    });
    const dealIds = (await orderLinkIds(bench.rt)).filter((id) => !known.has(id));

    // Idle: past the overlap (the write-backs re-enter the window once), then polls at the cadence.
    const jump = async (ms: number): Promise<void> => {
      clock.shiftMs += ms;
      await sb.hs('POST', '/_sandbox/clock', { offsetMs: clock.shiftMs });
    };
    await jump(6 * 60_000);
    await runPass(bench.rt, { registry, flows: ['orders'] });
    const before = await hubSpotStats(sb);
    for (let i = 0; i < IDLE_POLLS; i++) {
      await jump(o.cadenceMs);
      await runPass(bench.rt, { registry, flows: ['orders'] });
    }
    const byRoute = await callsSince(sb, before);
    const measuredMs = IDLE_POLLS * o.cadenceMs;
    return {
      result: { ...result, spanMs },
      dealIds,
      safetyLagMs: bench.rt.connection.flows.orders.safetyLagMs,
      idle: {
        ownPerHour: (total(byRoute) / measuredMs) * HOUR_MS,
        measuredCalls: total(byRoute),
        measuredMs,
        virtual: true,
        byRoute,
      },
    };
  } finally {
    await bench.close();
  }
}

async function orderLinkIds(rt: ConnectionRuntime): Promise<string[]> {
  const links = await rt.store.listLinks({ connection: rt.connection.name, flow: 'orders', limit: 100_000 });
  return links.map((l) => l.sourceKey);
}

/** The connection re-opened in push or pull mode: idle first, then deals closing in real time. */
async function eventMode(
  sb: Sandboxes,
  store: StoreLocation,
  clock: ShiftedClock,
  o: LatencyBenchOptions,
  mode: 'push' | 'pull',
): Promise<{ result: EventModeResult; idle: IdleCalls; dealIds: string[] }> {
  if (mode === 'pull') await sb.hs('POST', '/_sandbox/app', APP);
  const bench: BenchApp = await openBenchApp(
    sb,
    store,
    o.limits,
    clock,
    mode === 'push'
      ? {
          hubspot: 'changeEvents: { mode: push, webhookSecret: env:HS_WEBHOOK_SECRET }',
          yaml: 'hooks: { port: 0 }',
          env: { HS_WEBHOOK_SECRET: WEBHOOK_SECRET },
        }
      : {
          hubspot: `changeEvents: { mode: pull, appClientId: ${APP.clientId}, appClientSecret: env:HS_APP_SECRET, journalPollMs: ${JOURNAL_POLL_MS} }`,
          env: { HS_APP_SECRET: APP.clientSecret },
        },
  );
  const changes = await startChangeEvents(bench.app, { runtime: () => Promise.resolve(bench.rt) });
  try {
    if (mode === 'push')
      await sb.hs('POST', '/_sandbox/webhooks', {
        targetUrl: changes.url,
        clientSecret: WEBHOOK_SECRET,
        subscriptions: [{ subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' }],
      });
    // Startup (token, journal subscription, first read) is not idle work: let it pass first.
    await sleep(2 * JOURNAL_POLL_MS);
    const before = await hubSpotStats(sb);
    await sleep(IDLE_EVENT_MS);
    const byRoute = await callsSince(sb, before);
    const idle: IdleCalls = {
      ownPerHour: (total(byRoute) / IDLE_EVENT_MS) * HOUR_MS,
      measuredCalls: total(byRoute),
      measuredMs: IDLE_EVENT_MS,
      virtual: false,
      byRoute,
    };
    const measured = await closeInRealTime(sb, bench.rt, clock, o);
    return { ...measured, idle };
  } finally {
    await changes.stop();
    if (mode === 'push') await sb.hs('DELETE', '/_sandbox/webhooks');
    await bench.close();
  }
}

/** Closes `eventDeals` deals at stratified random moments over the span; waits for their orders. */
async function closeInRealTime(
  sb: Sandboxes,
  rt: ConnectionRuntime,
  clock: ShiftedClock,
  o: LatencyBenchOptions,
): Promise<{ result: EventModeResult; dealIds: string[] }> {
  const open = await seedOpenDeals({
    hubspotUrl: sb.hubspot.url,
    qadOrigin: sb.qad.origin,
    domain: '10USA',
    count: o.eventDeals,
  });
  const submitted = new Map<string, number>();
  const qadMs = new Map<string, number>();
  const offs = [
    rt.events.on('orders.submitted', (e) => submitted.set(e.dealId, clock.nowMs())),
    rt.events.on('orders.confirmed', (e) => {
      const at = submitted.get(e.dealId);
      if (at !== undefined && !qadMs.has(e.dealId)) qadMs.set(e.dealId, clock.nowMs() - at);
    }),
  ];
  try {
    const random = mulberry32(o.seed + 1);
    const start = clock.nowMs();
    const closedAt = new Map<string, number>();
    for (const [i, deal] of open.entries()) {
      await sleep(start + ((i + random()) * o.eventSpanMs) / open.length - clock.nowMs());
      closedAt.set(deal.dealId, clock.nowMs());
      await closeDealWon(sb.hubspot.url, deal.dealId);
    }
    const ids = open.map((d) => d.dealId);
    const orderedAt = new Map<string, number>();
    const deadline = Date.now() + 60_000;
    while (orderedAt.size < ids.length && Date.now() < deadline) {
      const links = await rt.store.getLinks(rt.connection.name, 'orders', ids);
      for (const [id, link] of links)
        if (!orderedAt.has(id) && link.state === 'ok' && link.targetId !== null)
          orderedAt.set(id, link.updatedAtMs);
      await sleep(100);
    }
    const latency = (id: string): number => (orderedAt.get(id) as number) - (closedAt.get(id) as number);
    const done = ids.filter((id) => orderedAt.has(id));
    return {
      dealIds: ids,
      result: {
        deals: ids.length,
        ordered: done.length,
        latenciesMs: ascending(done.map(latency)),
        qadMs: ascending(done.map((id) => qadMs.get(id) ?? 0)),
        netOfQadMs: ascending(done.map((id) => latency(id) - (qadMs.get(id) ?? 0))),
      },
    };
  } finally {
    for (const off of offs) off();
  }
}
