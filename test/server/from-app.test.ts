/** Wiring from a real opened app (config file + env) and the limiter snapshot adapter. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app/compose.js';
import { ConfigError } from '../../src/core/errors.js';
import { startDashboard } from '../../src/server/dashboard.js';
import {
  dashboardOptionsFromApp,
  rateBudgetFromLimiter,
  rateBudgetsFromRuntimes,
  scheduleFromScheduler,
  startRunDashboard,
} from '../../src/server/from-app.js';

const deps = {
  rateBudget: () => [],
  schedule: () => [],
  replay: () => Promise.resolve({ replayed: 0, ok: 0, failed: 0 }),
};

describe('dashboardOptionsFromApp', () => {
  let dir = '';
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(yaml: string, env: Record<string, string>): Promise<App> {
    dir = await mkdtemp(path.join(tmpdir(), 'mlc-dash-app-'));
    await writeFile(path.join(dir, 'ml-connector.yaml'), yaml);
    app = await openApp({
      configPath: path.join(dir, 'ml-connector.yaml'),
      env,
      cwd: dir,
      logLevel: 'silent',
    });
    return app;
  }

  it('serves with the token resolved from the env reference', async () => {
    const token = 'from-env-token-abcdefgh-0123456789-XYZ';
    const a = await open(
      'store: ./state.db\ndashboard: { port: 0, host: 127.0.0.1, token: env:ML_DASHBOARD_TOKEN }\n',
      { ML_DASHBOARD_TOKEN: token },
    );
    const opts = await dashboardOptionsFromApp(a, deps);
    expect(opts).not.toBeNull();
    const dashboard = await startDashboard(opts!);
    try {
      expect((await fetch(`${dashboard.url}/api/health`)).status).toBe(401);
      const ok = await fetch(`${dashboard.url}/api/health`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await dashboard.close();
    }
  });

  it('dashboard.metricsToken from an env reference reads /metrics only; an unset variable names the field', async () => {
    const token = 'from-env-token-abcdefgh-0123456789-XYZ';
    const scrape = 'scrape-env-token-abcdefgh-0123456789-XYZ';
    const yaml =
      'store: ./state.db\ndashboard: { port: 0, host: 127.0.0.1, token: env:ML_DASHBOARD_TOKEN, metricsToken: env:ML_METRICS_TOKEN }\n';
    const a = await open(yaml, { ML_DASHBOARD_TOKEN: token, ML_METRICS_TOKEN: scrape });
    const dashboard = await startDashboard((await dashboardOptionsFromApp(a, deps))!);
    try {
      const as = (t: string): { headers: Record<string, string> } => ({
        headers: { Authorization: `Bearer ${t}` },
      });
      expect((await fetch(`${dashboard.url}/metrics`, as(scrape))).status).toBe(200);
      expect((await fetch(`${dashboard.url}/api/health`, as(scrape))).status).toBe(403);
      expect((await fetch(`${dashboard.url}/api/health`, as(token))).status).toBe(200);
    } finally {
      await dashboard.close();
    }
    await a.close();
    await rm(dir, { recursive: true, force: true });
    const unset = await open(yaml, { ML_DASHBOARD_TOKEN: token });
    const error = await dashboardOptionsFromApp(unset, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /dashboard\.metricsToken: environment variable ML_METRICS_TOKEN/,
    );
  });

  it('a dashboard block without a token refuses to start with a ConfigError', async () => {
    const a = await open('store: ./state.db\ndashboard: { port: 0 }\n', {});
    const opts = await dashboardOptionsFromApp(a, deps);
    const error = await startDashboard(opts!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('DASHBOARD_TOKEN_MISSING');
  });

  it('no dashboard block: no dashboard', async () => {
    const a = await open('store: ./state.db\n', {});
    expect(await dashboardOptionsFromApp(a, deps)).toBeNull();
    expect(
      await startRunDashboard(a, {
        runtimes: () => [],
        scheduler: { nextRuns: () => [] },
        replay: deps.replay,
      }),
    ).toBeNull();
  });

  it('startRunDashboard reads the scheduler and runtimes live', async () => {
    const token = 'run-dashboard-token-xyz-0123456789-ABCDEF';
    const a = await open('store: ./state.db\ndashboard: { port: 0, token: env:T }\n', { T: token });
    let nextAtMs = 1_000;
    const dashboard = await startRunDashboard(a, {
      runtimes: () => [
        {
          connection: { name: 'acme', hubspot: { hubId: 7, tier: 'professional' } },
          limiter: {
            snapshot: () => ({ burstUsed: 3, burstLimit: 190, windowMs: 10_000, dailyRemaining: 624_000 }),
          },
        },
      ],
      scheduler: { nextRuns: () => [{ connection: 'acme', flow: 'accounts', nextAtMs }] },
      replay: deps.replay,
    });
    try {
      const headers = { Authorization: `Bearer ${token}` };
      const budget = (await (await fetch(`${dashboard!.url}/api/rate-budget`, { headers })).json()) as {
        portals: { daily: { used: number } }[];
      };
      expect(budget.portals[0]?.daily.used).toBe(1_000);
      nextAtMs = 2_000;
      const health = (await (await fetch(`${dashboard!.url}/api/health`, { headers })).json()) as {
        flows: { flow: string; nextRunAtMs: number | null }[];
      };
      expect(health.flows.find((f) => f.flow === 'accounts')?.nextRunAtMs).toBe(2_000);
    } finally {
      await dashboard?.close();
    }
  });
});

describe('rateBudgetFromLimiter', () => {
  it('derives daily usage and the pause from the remaining budget', () => {
    const snap = {
      burstUsed: 12,
      burstLimit: 171,
      windowMs: 10_000,
      dailyRemaining: 600_000,
      inFlight: 0,
      waiting: 0,
    };
    expect(rateBudgetFromLimiter('acme', 42, 625_000, snap)).toEqual({
      connection: 'acme',
      portalId: 42,
      burst: { used: 12, limit: 171, windowMs: 10_000 },
      daily: { used: 25_000, limit: 625_000, resetAtMs: null },
      pausedUntilMs: null,
    });
    const spent = rateBudgetFromLimiter('acme', 42, 625_000, {
      ...snap,
      dailyRemaining: 0,
      dayEndsMs: 5_000,
    });
    expect(spent.pausedUntilMs).toBe(5_000);
    expect(spent.daily).toEqual({ used: 625_000, limit: 625_000, resetAtMs: 5_000 });
  });
});

describe('scheduler and runtime adapters', () => {
  it('maps next runs and per-runtime limiter snapshots', () => {
    expect(
      scheduleFromScheduler({
        nextRuns: () => [{ connection: 'acme', flow: 'catalog', nextAtMs: 99, running: false }],
      }),
    ).toEqual([{ connection: 'acme', flow: 'catalog', nextRunAtMs: 99 }]);
    const snap = { burstUsed: 1, burstLimit: 100, windowMs: 10_000, dailyRemaining: 249_000 };
    const rows = rateBudgetsFromRuntimes([
      {
        connection: { name: 'a', hubspot: { hubId: 1, tier: 'starter' } },
        limiter: { snapshot: () => snap },
      },
      {
        connection: {
          name: 'b',
          hubspot: { hubId: 2, tier: 'professional', rateLimit: { dailyLimit: 300_000 } },
        },
        limiter: { snapshot: () => snap },
      },
    ]);
    expect(rows.map((r) => [r.connection, r.daily.limit, r.daily.used])).toEqual([
      ['a', 250_000, 1_000],
      ['b', 300_000, 51_000],
    ]);
  });
});
