/**
 * A dashboard over a real SQLite store seeded through the Store API, with a replay callback that
 * updates the store the way the engine's replay does (link → ok, audit action `replayed`). Used
 * by the server tests; the browser scenario uses the real engine instead when it is available.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import type { FlowId, RunCounts, Store } from '../../src/core/store-port.js';
import { startDashboard } from '../../src/server/dashboard.js';
import type {
  DashboardHandle,
  DashboardLogger,
  DashboardOptions,
  RateBudgetSnapshot,
  ReplayRequest,
  ReplayResult,
  ScheduleEntry,
} from '../../src/server/types.js';
import { createStore } from '../../src/store/index.js';

export const TOKEN = 'test-dashboard-token-0123456789-abcdefgh';
export const XSS = '<script>alert(1)</script>';
export const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

/** Records every log line so tests can assert what was (not) logged. */
export class MemoryLogger implements DashboardLogger {
  readonly lines: { level: string; obj: Record<string, unknown>; msg?: string | undefined }[] = [];
  info(obj: Record<string, unknown>, msg?: string): void {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: Record<string, unknown>, msg?: string): void {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: Record<string, unknown>, msg?: string): void {
    this.lines.push({ level: 'error', obj, msg });
  }
}

const counts = (read: number, created: number, failed: number): RunCounts => ({
  read,
  created,
  updated: 0,
  unchanged: read - created - failed,
  failed,
  skipped: 0,
});

/** Seeds runs, links and audit events for connection `acme` (and a paused `beta`). */
export async function seed(store: Store, clock: FakeClock): Promise<void> {
  const now = clock.nowMs();
  await store.ensureConnection('acme', now);
  await store.ensureConnection('beta', now);
  for (let i = 0; i < 5; i++) {
    const id = `run-acc-${i}`;
    const startedAtMs = now - (5 - i) * 900_000;
    await store.startRun({
      id,
      connection: 'acme',
      flow: 'accounts',
      startedAtMs,
      counts: counts(0, 0, 0),
      calls: { hubspot: 0, qad: 0 },
      dryRun: false,
    });
    await store.finishRun(id, {
      endedAtMs: startedAtMs + 10_000,
      outcome: i === 4 ? 'partial' : 'ok',
      counts: counts(100 + i, 10, i === 4 ? 1 : 0),
      calls: { hubspot: 3, qad: 2 },
      error: null,
    });
  }
  await store.commitBatch({
    links: [
      {
        connection: 'acme',
        flow: 'accounts',
        sourceKey: '10USA/C1000',
        state: 'ok',
        targetId: '501',
        contentHash: 'h1',
        snapshot: { name: 'Good Co' },
      },
      {
        connection: 'acme',
        flow: 'accounts',
        sourceKey: '10USA/C2000',
        state: 'failed',
        targetId: null,
        snapshot: { name: XSS },
        lastError: { code: 'HUBSPOT_VALIDATION', message: `Property "name" value ${XSS} is invalid` },
        lastRunId: 'run-acc-4',
      },
      {
        connection: 'acme',
        flow: 'contacts',
        sourceKey: `10USA/${XSS}`,
        state: 'quarantined',
        snapshot: null,
        lastError: { code: 'RECORD_INVALID', message: 'email: not an email address' },
      },
    ],
    events: [
      {
        connection: 'acme',
        flow: 'accounts',
        sourceKey: '10USA/C2000',
        runId: 'run-acc-4',
        atMs: now - 60_000,
        action: 'failed',
        targetId: null,
        payloadHash: 'x',
        payload: { name: XSS },
        error: { code: 'HUBSPOT_VALIDATION', message: `Property "name" value ${XSS} is invalid` },
        detail: { retries: 0 },
      },
      {
        connection: 'acme',
        flow: 'contacts',
        sourceKey: `10USA/${XSS}`,
        runId: null,
        atMs: now - 30_000,
        action: 'quarantined',
        targetId: null,
        payloadHash: null,
        payload: null,
        error: { code: 'RECORD_INVALID', message: 'email: not an email address' },
        detail: null,
      },
    ],
  });
}

/** Replays like the engine: the failed link becomes ok with a `replayed` audit event. */
export function storeReplay(
  store: Store,
  clock: FakeClock,
  calls: ReplayRequest[],
): (req: ReplayRequest) => Promise<ReplayResult> {
  return async (req) => {
    calls.push(req);
    const links =
      'failed' in req
        ? await store.listLinks({
            states: ['failed'],
            limit: 1000,
            ...(req.connection ? { connection: req.connection } : {}),
          })
        : [
            ...(
              await store.getLinks(
                req.connection,
                req.flow,
                'sourceKeys' in req ? req.sourceKeys : [req.sourceKey],
              )
            ).values(),
          ];
    await store.commitBatch({
      links: links.map((l) => ({
        connection: l.connection,
        flow: l.flow,
        sourceKey: l.sourceKey,
        state: 'ok' as const,
        targetId: l.targetId ?? '900',
        lastError: null,
      })),
      events: links.map((l) => ({
        connection: l.connection,
        flow: l.flow,
        sourceKey: l.sourceKey,
        runId: null,
        atMs: clock.nowMs(),
        action: 'replayed' as const,
        targetId: l.targetId ?? '900',
        payloadHash: null,
        payload: l.snapshot,
        error: null,
        detail: null,
      })),
    });
    return { replayed: links.length, ok: links.length, failed: 0 };
  };
}

export interface Harness {
  dashboard: DashboardHandle;
  store: Store;
  events: EventBus;
  clock: FakeClock;
  logger: MemoryLogger;
  replayCalls: ReplayRequest[];
  close(): Promise<void>;
}

/** Starts a seeded dashboard on port 0. */
export async function startHarness(overrides: Partial<DashboardOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-dash-'));
  const clock = new FakeClock(T0);
  const store = await createStore(path.join(dir, 'state.db'), { clock });
  await seed(store, clock);
  const events = new EventBus();
  const logger = new MemoryLogger();
  const replayCalls: ReplayRequest[] = [];
  const budgets: RateBudgetSnapshot[] = [
    {
      connection: 'acme',
      portalId: 111,
      burst: { used: 20, limit: 190, windowMs: 10_000 },
      daily: { used: 1000, limit: 625_000, resetAtMs: T0 + 3_600_000 },
    },
    {
      connection: 'beta',
      portalId: 222,
      burst: { used: 0, limit: 100, windowMs: 10_000 },
      daily: { used: 250_000, limit: 250_000, resetAtMs: T0 + 3_600_000 },
      pausedUntilMs: T0 + 3_600_000,
    },
  ];
  const schedule: ScheduleEntry[] = (['accounts', 'contacts'] as FlowId[]).map((flow) => ({
    connection: 'acme',
    flow,
    nextRunAtMs: T0 + 600_000,
  }));
  const dashboard = await startDashboard({
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    store,
    events,
    clock,
    rateBudget: () => budgets,
    schedule: () => schedule,
    replay: storeReplay(store, clock, replayCalls),
    logger,
    ...overrides,
  });
  return {
    dashboard,
    store,
    events,
    clock,
    logger,
    replayCalls,
    close: async () => {
      await dashboard.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in with the token; returns the session cookie and the page's CSRF token. */
export async function login(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    body: new URLSearchParams({ token: TOKEN, next: '/' }),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await (await fetch(`${url}/`, { headers: { Cookie: cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no csrf token on the page');
  return { cookie, csrf };
}
