/**
 * Finding 3 (bearer authentication neither throttled nor logged; weak tokens; plain HTTP on a
 * public interface). Over real HTTP on a seeded dashboard and through the real CLI:
 * - failed `Authorization: Bearer` attempts share the form login's throttle (429 + Retry-After)
 *   and are logged like failed form logins, without the presented token;
 * - a dashboard token needs 32 characters and some variety; `init --dashboard-token` generates
 *   one into the vault;
 * - a non-loopback `dashboard.host` needs TLS files (then the dashboard serves HTTPS) or an
 *   explicit `allowInsecureBind: true`; `config check` warns either way.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app/compose.js';
import { FakeClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import { EventBus } from '../../src/core/events.js';
import type { Store } from '../../src/core/store-port.js';
import { startDashboard } from '../../src/server/dashboard.js';
import { dashboardOptionsFromApp } from '../../src/server/from-app.js';
import type { DashboardHandle } from '../../src/server/types.js';
import { MemoryLogger, startHarness, TOKEN, type Harness } from '../server/harness.js';
import { cliFolder, type CliFolder } from './cli.js';

const deps = {
  rateBudget: () => [],
  schedule: () => [],
  replay: () => Promise.resolve({ replayed: 0, ok: 0, failed: 0 }),
};

describe('failed bearer attempts are throttled and logged like form logins', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startHarness();
    url = h.dashboard.url;
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 429 with Retry-After after 10 wrong tokens, logs each, and shares the login throttle', async () => {
    const withBearer = (token: string): Promise<Response> =>
      fetch(`${url}/api/health`, { headers: { Authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await withBearer(`guess-${i}-${'x'.repeat(30)}`)).status);
    expect(statuses).toEqual(Array<number>(10).fill(401));
    const failed = h.logger.lines.filter((l) => l.obj['event'] === 'dashboard.bearer.failed');
    expect(failed).toHaveLength(10);
    expect(failed[0]).toMatchObject({ level: 'warn', obj: { client: expect.any(String) as string } });
    expect(JSON.stringify(h.logger.lines)).not.toContain('guess-');

    const throttled = await withBearer(`guess-10-${'x'.repeat(30)}`);
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(h.logger.lines.some((l) => l.obj['event'] === 'dashboard.bearer.throttled')).toBe(true);
    // even the right token waits, on the API and on the form login (one throttle per client)
    expect((await withBearer(TOKEN)).status).toBe(429);
    const form = await fetch(`${url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
      body: new URLSearchParams({ token: TOKEN }),
    });
    expect(form.status).toBe(429);
    expect(Number(form.headers.get('retry-after'))).toBeGreaterThan(0);

    await h.clock.advance(5 * 60 * 1000 + 1);
    expect((await withBearer(TOKEN)).status).toBe(200);
  });
});

describe('dashboard tokens need at least 32 characters and some variety', () => {
  const base = {
    port: 0,
    store: {} as Store,
    events: new EventBus(),
    clock: new FakeClock(),
    ...deps,
    logger: new MemoryLogger(),
  };

  it.each([
    ['31 characters', 'abcdefghijklmnopqrstuvwxyz01234'],
    ['one repeated character', 'a'.repeat(64)],
    ['a short repeated pattern', 'ab'.repeat(32)],
    ['a run of one character with a few others', `${'z'.repeat(40)}abc`],
  ])('refuses %s', async (_label, token) => {
    const error = await startDashboard({ ...base, token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('DASHBOARD_TOKEN_WEAK');
    expect((error as ConfigError).message).toContain('dashboard.token');
    expect((error as ConfigError).message).not.toContain(token);
  });

  it.each([
    ['base64 of 32 random bytes', randomBytes(32).toString('base64')],
    ['hex of 16 random bytes', randomBytes(16).toString('hex')],
  ])('accepts %s', async (_label, token) => {
    const dashboard = await startDashboard({ ...base, token });
    await dashboard.close();
  });
});

describe('init --dashboard-token and config check', () => {
  let folder: CliFolder;
  let app: App | undefined;
  let dashboard: DashboardHandle | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
    await app?.close();
    app = undefined;
    await folder.close();
  });

  it('generates a strong token into the vault, shown once, referenced from the config; it opens the dashboard', async () => {
    folder = await cliFolder('mlc-init-token-');
    const init = await folder.cli(['init', '--dashboard-token']);
    expect(init.code).toBe(0);
    const shown = /dashboard token \(shown once[^)]*\): (\S+)/.exec(init.stdout)?.[1] ?? '';
    expect(shown.length).toBeGreaterThanOrEqual(43);
    const yaml = await readFile(folder.configPath, 'utf8');
    expect(yaml).toMatch(
      /dashboard:\n {2}port: 8787\n {2}host: 127\.0\.0\.1\n {2}token: vault:dashboard\.token/,
    );
    expect(yaml).not.toContain(shown);
    // sealed in the ledger, never in clear
    const db = await readFile(path.join(folder.dir, 'ml-connector.db'));
    expect(db.includes(Buffer.from(shown))).toBe(false);

    // (the example connection's HubSpot and QAD secrets are not stored yet: only the token is)
    const check = await folder.cli(['config', 'check', '--json']);
    expect(check.stdout).not.toContain(shown);
    const statuses = (JSON.parse(check.stdout) as { secrets: { path: string; ref: string; ok: boolean }[] })
      .secrets;
    expect(statuses.find((s) => s.path === 'dashboard.token')).toEqual({
      connection: null,
      path: 'dashboard.token',
      ref: 'vault:dashboard.token',
      ok: true,
    });

    app = await openApp({ configPath: folder.configPath, env: {}, cwd: folder.dir, logLevel: 'silent' });
    const opts = await dashboardOptionsFromApp(app, deps);
    if (opts === null) throw new Error('no dashboard options');
    dashboard = await startDashboard({ ...opts, port: 0 });
    const ok = await fetch(`${dashboard.url}/api/health`, { headers: { Authorization: `Bearer ${shown}` } });
    expect(ok.status).toBe(200);
  });

  it('adds a token to an existing config without touching the rest', async () => {
    folder = await cliFolder('mlc-init-token-');
    expect((await folder.cli(['init'])).code).toBe(0);
    const before = await readFile(folder.configPath, 'utf8');
    const again = await folder.cli(['init', '--dashboard-token']);
    expect(again.code).toBe(0);
    const after = await readFile(folder.configPath, 'utf8');
    expect(after).toContain('token: vault:dashboard.token');
    expect(after).toContain('# ml-connector configuration.');
    expect(after.replace(/\ndashboard:[\s\S]*?token: vault:dashboard\.token\n/, '\n')).toContain(
      before.split('connections:')[1] ?? 'missing',
    );
  });

  it('config check names a weak dashboard token (exit 2)', async () => {
    folder = await cliFolder('mlc-weak-token-');
    await folder.writeConfig(['store: ./state.db', 'dashboard: { port: 0, token: env:ML_DASHBOARD_TOKEN }']);
    const check = await folder.cli(['config', 'check'], { ML_DASHBOARD_TOKEN: 'short-token' });
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(/dashboard\.token: env:ML_DASHBOARD_TOKEN error\[DASHBOARD_TOKEN_WEAK\]/);
    expect(check.stdout).not.toContain('short-token');
  });
});

describe('a dashboard reachable from the network needs TLS or an explicit insecure bind', () => {
  let folder: CliFolder;
  let app: App | undefined;
  let dashboard: DashboardHandle | undefined;
  const token = randomBytes(32).toString('base64url');
  beforeAll(async () => {
    folder = await cliFolder('mlc-tls-');
    // a throw-away self-signed certificate for 127.0.0.1
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(folder.dir, 'dashboard.key'),
        '-out',
        path.join(folder.dir, 'dashboard.crt'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  });
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await folder.close();
  });

  const check = async (dashboardYaml: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    await folder.writeConfig(['store: ./state.db', `dashboard: ${dashboardYaml}`]);
    return folder.cli(['config', 'check'], { ML_DASHBOARD_TOKEN: token });
  };

  it('refuses 0.0.0.0 over plain HTTP, naming dashboard.host (exit 2)', async () => {
    const res = await check('{ host: 0.0.0.0, token: env:ML_DASHBOARD_TOKEN }');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/dashboard\.host: 0\.0\.0\.0 is not a loopback address/);
    expect(res.stderr).toMatch(/dashboard\.tls/);
    expect(res.stderr).toMatch(/allowInsecureBind: true/);
  });

  it('accepts it with allowInsecureBind: true, with a warning', async () => {
    const res = await check('{ host: 0.0.0.0, token: env:ML_DASHBOARD_TOKEN, allowInsecureBind: true }');
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/warning: dashboard\.host 0\.0\.0\.0 .*plain HTTP/);
  });

  it('accepts it with TLS files, with a warning, and config check --json lists the warning', async () => {
    const res = await check(
      '{ host: 0.0.0.0, token: env:ML_DASHBOARD_TOKEN, tls: { cert: ./dashboard.crt, key: ./dashboard.key } }',
    );
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/warning: dashboard\.host 0\.0\.0\.0 .*HTTPS/);
    await folder.writeConfig([
      'store: ./state.db',
      'dashboard: { host: 0.0.0.0, token: env:ML_DASHBOARD_TOKEN, tls: { cert: ./dashboard.crt, key: ./dashboard.key } }',
    ]);
    const json = await folder.cli(['config', 'check', '--json'], { ML_DASHBOARD_TOKEN: token });
    expect((JSON.parse(json.stdout) as { warnings: string[] }).warnings[0]).toMatch(/HTTPS/);
  });

  it('serves HTTPS with the configured certificate; the session cookie is Secure', async () => {
    await folder.writeConfig([
      'store: ./state.db',
      'dashboard: { port: 0, host: 127.0.0.1, token: env:ML_DASHBOARD_TOKEN, tls: { cert: ./dashboard.crt, key: ./dashboard.key } }',
    ]);
    app = await openApp({
      configPath: folder.configPath,
      env: { ML_DASHBOARD_TOKEN: token },
      cwd: folder.dir,
      logLevel: 'silent',
    });
    const opts = await dashboardOptionsFromApp(app, deps);
    if (opts === null) throw new Error('no dashboard options');
    dashboard = await startDashboard(opts);
    expect(dashboard.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await readFile(path.join(folder.dir, 'dashboard.crt'));
    const get = (
      p: string,
      headers: Record<string, string>,
      method = 'GET',
      body = '',
    ): Promise<{ status: number; headers: Record<string, unknown> }> =>
      new Promise((resolve, reject) => {
        const req = request(`${dashboard?.url ?? ''}${p}`, { method, ca, headers }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
        });
        req.on('error', reject);
        req.end(body);
      });
    expect((await get('/api/health', { Authorization: `Bearer ${token}` })).status).toBe(200);
    const login = await get(
      '/login',
      { 'Content-Type': 'application/x-www-form-urlencoded', Origin: dashboard.url },
      'POST',
      new URLSearchParams({ token, next: '/' }).toString(),
    );
    expect(login.status).toBe(303);
    expect(String(login.headers['set-cookie'])).toContain('; Secure');
    // plain HTTP on the same port gets nowhere
    await expect(fetch(dashboard.url.replace('https:', 'http:') + '/api/health')).rejects.toThrow();
  });
});
