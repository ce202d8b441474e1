/**
 * The `qad-orders` figure: a QAD tenant with N generated sales orders (≈5 lines each); the
 * connection's domain is synced to HubSpot orders and line items. Measures the initial load
 * (calls and wall time against the rate-limit floor) and a day of business (the QAD sandbox's
 * own: ≈5 % of the movable orders take a step, 1 % new orders arrive), which must cost calls for
 * the changed orders only. Accounts and contacts are synced first (not measured): orders wait
 * for their company.
 */
import { runPass } from '../src/engine/runner.js';
import { defaultFlowRegistry } from '../src/flows/index.js';
import {
  freshStore,
  openBenchApp,
  ShiftedClock,
  startSandboxes,
  type BenchLimits,
  type Sandboxes,
  callsByRoute,
  hubSpotStats,
} from './env.js';

const BATCH = 100;
const calls = (n: number): number => Math.ceil(n / BATCH);

/** One measured qad-orders pass. */
export interface OrdersPass {
  wallMs: number;
  hubspotCalls: number;
  writeCalls: number;
  rateLimited: number;
  qadCalls: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  read: number;
  byRoute: Record<string, number>;
}

export interface QadOrdersBenchResult {
  dialect: 'sqlite' | 'postgres';
  limits: BenchLimits;
  ordersInTenant: number;
  linesInTenant: number;
  ordersInDomain: number;
  linesInDomain: number;
  initial: OrdersPass;
  /** Minimum calls of the initial load: upserts and associations at 100 per call. */
  floorCalls: number;
  floorMs: number;
  noop: OrdersPass;
  day: { steps: number; arrivals: number; changedInDomain: number };
  incremental: OrdersPass;
  incrementalFloorCalls: number;
}

async function measured(sb: Sandboxes, pass: () => ReturnType<typeof runPass>): Promise<OrdersPass> {
  const before = await hubSpotStats(sb);
  const t0 = performance.now();
  const result = await pass();
  const wallMs = performance.now() - t0;
  const after = await hubSpotStats(sb);
  const flow = result.flows.find((f) => f.flow === 'qad-orders');
  if (flow === undefined) throw new Error('qad-orders did not run');
  if (flow.error) throw new Error(`qad-orders ${flow.outcome}: ${flow.error.code} ${flow.error.message}`);
  const byRoute = callsByRoute(before, after);
  return {
    wallMs,
    hubspotCalls: after.totalRequests - before.totalRequests,
    writeCalls: after.writeCalls - before.writeCalls,
    rateLimited: after.rateLimited - before.rateLimited,
    qadCalls: result.calls.qad,
    created: flow.counts.created,
    updated: flow.counts.updated,
    unchanged: flow.counts.unchanged,
    skipped: flow.counts.skipped,
    failed: flow.counts.failed,
    read: flow.counts.read,
    byRoute,
  };
}

interface QadOrderDump {
  domainCode: string;
  salesOrderNumber: string;
  contactId: string;
  lines: unknown[];
  lastModifiedMs: number;
  orderStatus: string;
}

/** Runs the figure on fresh sandboxes and a fresh store. */
export async function runQadOrdersBench(o: {
  orders: number;
  accounts: number;
  items: number;
  seed: number;
  limits: BenchLimits;
  databaseUrl: string | undefined;
  workDir: string;
}): Promise<QadOrdersBenchResult> {
  const sb = await startSandboxes({
    seed: o.seed,
    accounts: o.accounts,
    items: o.items,
    orders: o.orders,
    windowMs: o.limits.windowMs,
    burst: o.limits.burst,
    searchWindowMs: o.limits.searchWindowMs,
    searchPerSecond: o.limits.searchPerSecond,
  });
  const store = await freshStore(o.workDir, o.databaseUrl);
  const bench = await openBenchApp(sb, store, o.limits, new ShiftedClock());
  try {
    const registry = defaultFlowRegistry();
    await runPass(bench.rt, { registry, flows: ['accounts', 'contacts'] });
    const all = (await sb.qadControl<{ salesOrders: QadOrderDump[] }>('GET', '/_sandbox/sales-orders'))
      .salesOrders;
    const inDomain = all.filter((x) => x.domainCode === '10USA');
    const pass = (): ReturnType<typeof runPass> => runPass(bench.rt, { registry, flows: ['qad-orders'] });
    const initial = await measured(sb, pass);
    const linesInDomain = inDomain.reduce((n, x) => n + x.lines.length, 0);
    const withContact = inDomain.filter((x) => x.contactId !== '').length;
    // upserts (orders, lines) + associations (company, contact, line → order), 100 per call
    const floorCalls = calls(inDomain.length) * 2 + calls(withContact) + calls(linesInDomain) * 2;
    const perSecond = (o.limits.burst / o.limits.windowMs) * 1000;
    const noop = await measured(sb, pass);
    const before = new Map(inDomain.map((x) => [x.salesOrderNumber, x.lastModifiedMs]));
    // 4 % of all orders take a step and 1 % arrive (the sandbox's default): a day where 5 % change
    const movable = all.filter((x) => x.orderStatus !== 'closed' && x.orderStatus !== 'cancelled').length;
    const share = Math.min(1, (0.04 * all.length) / Math.max(1, movable));
    const day = await sb.qadControl<{ moved: number; newOrders: string[] }>(
      'POST',
      '/_sandbox/sales-orders/business-day',
      { share },
    );
    const afterDay = (
      await sb.qadControl<{ salesOrders: QadOrderDump[] }>('GET', '/_sandbox/sales-orders')
    ).salesOrders.filter((x) => x.domainCode === '10USA');
    const changed = afterDay.filter((x) => before.get(x.salesOrderNumber) !== x.lastModifiedMs);
    const changedLines = changed.reduce((n, x) => n + x.lines.length, 0);
    const incremental = await measured(sb, pass);
    return {
      dialect: store.dialect,
      limits: o.limits,
      ordersInTenant: all.length,
      linesInTenant: all.reduce((n, x) => n + x.lines.length, 0),
      ordersInDomain: inDomain.length,
      linesInDomain,
      initial,
      floorCalls,
      floorMs: (floorCalls / perSecond) * 1000,
      noop,
      day: { steps: day.moved, arrivals: day.newOrders.length, changedInDomain: changed.length },
      incremental,
      // the changed orders and (at most) all their lines, plus a deal/company association each at worst
      incrementalFloorCalls: calls(changed.length) + calls(changedLines),
    };
  } finally {
    await bench.close();
    await store.drop();
    await sb.close();
  }
}
