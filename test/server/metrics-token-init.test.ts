/**
 * `init --metrics-token`: a random read-only token sealed in the vault, shown once, referenced as
 * `dashboard.metricsToken`; `config check` resolves it; through the real app wiring it reads
 * /metrics and nothing else, while the dashboard token keeps working.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app/compose.js';
import { startDashboard } from '../../src/server/dashboard.js';
import { dashboardOptionsFromApp } from '../../src/server/from-app.js';
import type { DashboardHandle } from '../../src/server/types.js';
import { cliFolder, type CliFolder } from '../security/cli.js';

const deps = {
  rateBudget: () => [],
  schedule: () => [],
  replay: () => Promise.resolve({ replayed: 0, ok: 0, failed: 0 }),
};

describe('init --metrics-token', () => {
  let folder: CliFolder | undefined;
  let app: App | undefined;
  let dashboard: DashboardHandle | undefined;
  afterEach(async () => {
    await dashboard?.close();
    await app?.close();
    await folder?.close();
  });

  it('seals a read-only token, shown once, that reads /metrics and nothing else', async () => {
    folder = await cliFolder('mlc-init-metrics-');
    const init = await folder.cli(['init', '--dashboard-token', '--metrics-token']);
    expect(init.code).toBe(0);
    const admin = /dashboard token \(shown once[^)]*\): (\S+)/.exec(init.stdout)?.[1] ?? '';
    const scrape =
      /metrics token \(read-only, for Prometheus\) \(shown once[^)]*\): (\S+)/.exec(init.stdout)?.[1] ?? '';
    expect(scrape.length).toBeGreaterThanOrEqual(43);
    expect(scrape).not.toBe(admin);
    const yaml = await readFile(folder.configPath, 'utf8');
    expect(yaml).toContain('metricsToken: vault:dashboard.metricsToken');
    expect(yaml).not.toContain(scrape);
    const db = await readFile(path.join(folder.dir, 'ml-connector.db'));
    expect(db.includes(Buffer.from(scrape))).toBe(false);

    const check = await folder.cli(['config', 'check', '--json']);
    expect(check.stdout).not.toContain(scrape);
    const secrets = (JSON.parse(check.stdout) as { secrets: { path: string; ok: boolean }[] }).secrets;
    expect(secrets.find((s) => s.path === 'dashboard.metricsToken')).toMatchObject({ ok: true });

    app = await openApp({ configPath: folder.configPath, env: {}, cwd: folder.dir, logLevel: 'silent' });
    const opts = await dashboardOptionsFromApp(app, deps);
    if (opts === null) throw new Error('no dashboard options');
    dashboard = await startDashboard({ ...opts, port: 0 });
    const as = (token: string): { headers: Record<string, string> } => ({
      headers: { Authorization: `Bearer ${token}` },
    });
    expect((await fetch(`${dashboard.url}/metrics`, as(scrape))).status).toBe(200);
    expect((await fetch(`${dashboard.url}/api/health`, as(scrape))).status).toBe(403);
    expect((await fetch(`${dashboard.url}/metrics`, as(admin))).status).toBe(200);
    expect((await fetch(`${dashboard.url}/api/health`, as(admin))).status).toBe(200);
  });
});
