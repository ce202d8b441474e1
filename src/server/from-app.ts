/**
 * Wiring helpers for `ml-connector run`: build the dashboard's options from an opened app plus the
 * scheduler/limiter/replay the run command owns, and adapt a HubSpot limiter snapshot to the
 * dashboard's rate-budget shape. Kept here so the run command stays a few lines.
 */
import { readFile } from 'node:fs/promises';
import type { App } from '../app/compose.js';
import { ConfigError, messageOf } from '../core/errors.js';
import type { FlowId } from '../core/store-port.js';
import { HUBSPOT_TIERS } from '../http/hubspot-limiter.js';
import { startDashboard } from './dashboard.js';
import type { DashboardHandle, DashboardOptions, RateBudgetSnapshot, ScheduleEntry } from './types.js';

/** The part of the HTTP layer's HubSpot limiter snapshot the dashboard reads (src/http/hubspot-limiter.ts). */
export interface LimiterSnapshotLike {
  burstUsed: number;
  burstLimit: number;
  windowMs: number;
  dailyRemaining: number;
  /** Present when the limiter reports it; otherwise the configured daily limit is used. */
  dailyLimit?: number;
  /** Epoch ms of the portal's next local midnight, when known. */
  dayEndsMs?: number;
  searchUsed?: number;
  searchLimit?: number;
}

/**
 * Turns one limiter snapshot into a rate-budget row. `dailyLimit` is the configured budget
 * (`hubspot.rateLimit.dailyLimit`); the portal counts as paused once the daily budget is spent.
 */
export function rateBudgetFromLimiter(
  connection: string,
  portalId: number,
  dailyLimit: number,
  snap: LimiterSnapshotLike,
): RateBudgetSnapshot {
  const limit = snap.dailyLimit ?? dailyLimit;
  const resetAtMs = snap.dayEndsMs ?? null;
  const row: RateBudgetSnapshot = {
    connection,
    portalId,
    burst: { used: snap.burstUsed, limit: snap.burstLimit, windowMs: snap.windowMs },
    daily: { used: Math.max(0, limit - snap.dailyRemaining), limit, resetAtMs },
    pausedUntilMs: snap.dailyRemaining <= 0 ? resetAtMs : null,
  };
  if (snap.searchUsed !== undefined && snap.searchLimit !== undefined) {
    row.search = { used: snap.searchUsed, limit: snap.searchLimit, windowMs: 1000 };
  }
  return row;
}

/**
 * Options for `startDashboard` from an opened app. Returns null when the config has no
 * `dashboard` block (the dashboard is optional); a block without a token makes
 * `startDashboard` refuse with DASHBOARD_TOKEN_MISSING.
 */
export async function dashboardOptionsFromApp(
  app: Pick<App, 'config' | 'store' | 'events' | 'clock' | 'logger' | 'dashboardToken' | 'metricsToken'>,
  deps: Pick<DashboardOptions, 'rateBudget' | 'schedule' | 'replay'>,
): Promise<DashboardOptions | null> {
  const block = app.config.dashboard;
  if (!block) return null;
  return {
    port: block.port,
    host: block.host,
    token: (await app.dashboardToken()) ?? undefined,
    metricsToken: (await app.metricsToken()) ?? undefined,
    ...(block.tls === undefined ? {} : { tls: await readTlsFiles(block.tls) }),
    store: app.store,
    events: app.events,
    clock: app.clock,
    logger: app.logger,
    ...deps,
  };
}

/** Reads the PEM files of `dashboard.tls`; an unreadable one is a config error naming the field. */
async function readTlsFiles(tls: { cert: string; key: string }): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (field: 'cert' | 'key'): Promise<Buffer> => {
    try {
      return await readFile(tls[field]);
    } catch (error) {
      throw new ConfigError(
        'CONFIG_INVALID',
        `dashboard.tls.${field}: cannot read ${tls[field]}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
  };
  return { cert: await read('cert'), key: await read('key') };
}

/** The scheduler's view the dashboard reads (`SchedulerHandle.nextRuns()` in src/engine/scheduler.ts). */
export interface NextRunsLike {
  nextRuns(): { connection: string; flow: FlowId; nextAtMs: number }[];
}

/** The scheduler's next runs as dashboard schedule entries. */
export function scheduleFromScheduler(scheduler: NextRunsLike): ScheduleEntry[] {
  return scheduler
    .nextRuns()
    .map((r) => ({ connection: r.connection, flow: r.flow, nextRunAtMs: r.nextAtMs }));
}

/** A connection's runtime as far as the rate budget needs it (`ConnectionRuntime` from src/app/runtime.ts). */
export interface LimitedRuntimeLike {
  connection: {
    name: string;
    hubspot: { hubId: number; tier?: string; rateLimit?: { dailyLimit?: number | undefined } | undefined };
  };
  limiter: { snapshot(): LimiterSnapshotLike };
}

/** One rate-budget row per connection runtime; the daily limit comes from config, else the tier's default. */
export function rateBudgetsFromRuntimes(runtimes: Iterable<LimitedRuntimeLike>): RateBudgetSnapshot[] {
  const out: RateBudgetSnapshot[] = [];
  for (const rt of runtimes) {
    const hs = rt.connection.hubspot;
    const tier =
      hs.tier && hs.tier in HUBSPOT_TIERS ? HUBSPOT_TIERS[hs.tier as keyof typeof HUBSPOT_TIERS] : undefined;
    const dailyLimit = hs.rateLimit?.dailyLimit ?? tier?.daily ?? 250_000;
    out.push(rateBudgetFromLimiter(rt.connection.name, hs.hubId, dailyLimit, rt.limiter.snapshot()));
  }
  return out;
}

/**
 * One call for `ml-connector run`: starts the dashboard next to the scheduler when the config has
 * a `dashboard` block (null otherwise), reading schedule and rate budget live from the scheduler
 * and the connection runtimes, and replaying through the engine's `replay`. Rejects with
 * ConfigError DASHBOARD_TOKEN_MISSING when the block has no token.
 */
export async function startRunDashboard(
  app: Pick<App, 'config' | 'store' | 'events' | 'clock' | 'logger' | 'dashboardToken' | 'metricsToken'>,
  deps: {
    runtimes: () => Iterable<LimitedRuntimeLike>;
    scheduler: NextRunsLike;
    replay: DashboardOptions['replay'];
    hooks?: DashboardOptions['hooks'];
  },
): Promise<DashboardHandle | null> {
  const opts = await dashboardOptionsFromApp(app, {
    rateBudget: () => rateBudgetsFromRuntimes(deps.runtimes()),
    schedule: () => scheduleFromScheduler(deps.scheduler),
    replay: deps.replay,
  });
  if (opts && deps.hooks) opts.hooks = deps.hooks;
  return opts ? startDashboard(opts) : null;
}
