/**
 * Prometheus /metrics of the dashboard over a seeded SQLite store: names and types, label sets
 * initialised at 0 for every flow of the store's flow list, attempts apart from records (through
 * the engine's real commitOutcomes), the run-duration histogram, build info, `promtool check
 * metrics` on the real output when promtool is installed, and the read-only scrape token.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { FLOW_IDS, type FlowId } from '../../src/core/store-port.js';
import { commitOutcomes, DryRunPlan, type FlowContext, type RecordOutcome } from '../../src/engine/flow.js';
import {
  ATTEMPT_OUTCOMES,
  RECORD_OUTCOMES,
  RUN_OUTCOMES,
  RUN_DURATION_BUCKETS,
} from '../../src/server/metrics.js';
import { login, startHarness, T0, TOKEN, type Harness } from './harness.js';
import { CountryCodes } from '../../src/core/country-codes.js';

const METRICS_TOKEN = 'scrape-only-token-9876543210-zyxwvutsrq';
const admin = { Authorization: `Bearer ${TOKEN}` };
const scraper = { Authorization: `Bearer ${METRICS_TOKEN}` };

/** `promtool` on PATH or where Debian's prometheus package puts it; null when absent. */
function findPromtool(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(':').concat('/usr/bin')) {
    if (dir !== '' && existsSync(`${dir}/promtool`)) return `${dir}/promtool`;
  }
  return null;
}

/** Runs `promtool <args>` with `stdin`; resolves with its exit code and output. */
function promtoolCheck(
  promtool: string,
  args: string[],
  stdin: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(promtool, args, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(stdin);
  });
}

/** family name → type, from the `# TYPE` lines. */
function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1] as string, m[2] as string);
  return out;
}

/** The value of the one sample `name{labels}` (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = new Map([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    const wanted = Object.entries(labels);
    if (got.size === wanted.length && wanted.every(([k, v]) => got.get(k) === v)) return Number(m[3]);
  }
  return undefined;
}

function flowContext(h: Harness, flow: FlowId, runId: string): FlowContext {
  const noop = (): void => undefined;
  return {
    connection: {
      name: 'acme',
      flows: Object.fromEntries(FLOW_IDS.map((f) => [f, { enabled: true }])) as Record<
        FlowId,
        { enabled: boolean }
      >,
    },
    flowId: flow,
    store: h.store,
    clock: h.clock,
    events: h.events,
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    runId,
    dryRun: false,
    full: false,
    signal: new AbortController().signal,
    counts: { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 },
    plan: new DryRunPlan(),
    calls: { hubspot: 0, qad: 0 },
    countries: new CountryCodes(),
  };
}

const validation = { code: 'HUBSPOT_VALIDATION', message: 'Property "name" is invalid' };

describe('/metrics', () => {
  let h: Harness;
  const scrape = async (headers: Record<string, string> = admin): Promise<string> => {
    const res = await fetch(`${h.dashboard.url}/metrics`, { headers });
    expect(res.status).toBe(200);
    return res.text();
  };
  beforeAll(async () => {
    h = await startHarness({ metricsToken: METRICS_TOKEN });
  });
  afterAll(async () => {
    await h.close();
  });

  it('names and types follow Prometheus conventions; no gauge shares a counter name', async () => {
    const res = await fetch(`${h.dashboard.url}/metrics`, { headers: scraper });
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const types = families(await res.text());
    const ours = Object.fromEntries([...types].filter(([name]) => name.startsWith('ml_connector_')));
    expect(ours).toEqual({
      ml_connector_runs_total: 'counter',
      ml_connector_run_duration_seconds: 'histogram',
      ml_connector_records_read_total: 'counter',
      ml_connector_record_attempts_total: 'counter',
      ml_connector_records_total: 'counter',
      ml_connector_http_requests_total: 'counter',
      ml_connector_http_rate_limited_total: 'counter',
      ml_connector_http_retries_total: 'counter',
      ml_connector_http_request_duration_seconds: 'histogram',
      ml_connector_last_success_timestamp_seconds: 'gauge',
      ml_connector_lag_seconds: 'gauge',
      ml_connector_ledger_records: 'gauge',
      ml_connector_hubspot_daily_calls_used: 'gauge',
      ml_connector_hubspot_daily_calls_limit: 'gauge',
      ml_connector_hubspot_daily_reset_timestamp_seconds: 'gauge',
      ml_connector_hubspot_burst_calls_used: 'gauge',
      ml_connector_hubspot_burst_calls_limit: 'gauge',
      ml_connector_hubspot_paused: 'gauge',
      ml_connector_build_info: 'gauge',
    });
    for (const [name, type] of types) {
      // counters end in _total and nothing else does; no family is another's name without _total
      expect(name.endsWith('_total'), name).toBe(type === 'counter');
      if (type === 'counter') expect(types.has(name.slice(0, -'_total'.length)), name).toBe(false);
    }
    expect([...types.keys()]).toEqual(
      expect.arrayContaining(['process_cpu_seconds_total', 'process_resident_memory_bytes']),
    );
  });

  it('initialises every connection × flow × outcome at 0 before anything happened', async () => {
    const text = await scrape();
    for (const connection of ['acme', 'beta']) {
      for (const flow of FLOW_IDS) {
        const labels = { connection, flow };
        for (const outcome of RUN_OUTCOMES) {
          expect(sample(text, 'ml_connector_runs_total', { ...labels, outcome }), `${flow} ${outcome}`).toBe(
            0,
          );
        }
        for (const outcome of ATTEMPT_OUTCOMES) {
          expect(sample(text, 'ml_connector_record_attempts_total', { ...labels, outcome })).toBe(0);
        }
        for (const outcome of RECORD_OUTCOMES) {
          expect(sample(text, 'ml_connector_records_total', { ...labels, outcome })).toBe(0);
        }
        expect(sample(text, 'ml_connector_records_read_total', labels)).toBe(0);
        expect(sample(text, 'ml_connector_run_duration_seconds_count', labels)).toBe(0);
        for (const state of ['ok', 'failed', 'quarantined']) {
          expect(sample(text, 'ml_connector_ledger_records', { ...labels, state })).toBeTypeOf('number');
        }
      }
    }
    for (const system of ['hubspot', 'qad']) {
      expect(sample(text, 'ml_connector_http_requests_total', { system, status_class: '2xx' })).toBe(0);
      expect(sample(text, 'ml_connector_http_requests_total', { system, status_class: 'none' })).toBe(0);
      expect(sample(text, 'ml_connector_http_rate_limited_total', { system })).toBe(0);
      expect(sample(text, 'ml_connector_http_retries_total', { system, reason: 'rate_limited' })).toBe(0);
    }
  });

  it('gauges come from the store and the limiter: last success, lag, ledger states, HubSpot budget', async () => {
    const text = await scrape();
    const accounts = { connection: 'acme', flow: 'accounts' };
    // the last ok run of acme/accounts ended 29m50s before the harness's now
    expect(sample(text, 'ml_connector_last_success_timestamp_seconds', accounts)).toBe(
      (T0 - 1_790_000) / 1000,
    );
    expect(sample(text, 'ml_connector_lag_seconds', accounts)).toBe(1790);
    expect(
      sample(text, 'ml_connector_last_success_timestamp_seconds', { connection: 'acme', flow: 'orders' }),
    ).toBeUndefined();
    expect(sample(text, 'ml_connector_ledger_records', { ...accounts, state: 'failed' })).toBe(1);
    expect(
      sample(text, 'ml_connector_ledger_records', {
        connection: 'acme',
        flow: 'contacts',
        state: 'quarantined',
      }),
    ).toBe(1);
    const beta = { connection: 'beta', portal: '222' };
    expect(sample(text, 'ml_connector_hubspot_daily_calls_used', beta)).toBe(250_000);
    expect(sample(text, 'ml_connector_hubspot_paused', beta)).toBe(1);
    expect(sample(text, 'ml_connector_hubspot_paused', { connection: 'acme', portal: '111' })).toBe(0);
    expect(sample(text, 'ml_connector_hubspot_daily_reset_timestamp_seconds', beta)).toBe(
      (T0 + 3_600_000) / 1000,
    );
  });

  it('build_info names the package version, the Node version and the commit', async () => {
    const text = await scrape();
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const line = text.split('\n').find((l) => l.startsWith('ml_connector_build_info{')) ?? '';
    expect(line).toContain(`version="${version}"`);
    expect(line).toContain(`node_version="${process.version}"`);
    expect(line).toMatch(/commit="([0-9a-f]{40}|unknown)"/);
    expect(line.endsWith(' 1')).toBe(true);
  });

  it('counts attempts apart from records: failing again the same way is an attempt, not a new failed record', async () => {
    const key = (n: number): string => `10USA/C${n}`;
    const commit = (runId: string, outcomes: RecordOutcome[]): Promise<void> =>
      commitOutcomes(flowContext(h, 'accounts', runId), outcomes);
    const labels = { connection: 'acme', flow: 'accounts' };
    const count = async (): Promise<Record<string, number | undefined>> => {
      const text = await scrape(scraper);
      return {
        attemptsFailed: sample(text, 'ml_connector_record_attempts_total', { ...labels, outcome: 'failed' }),
        recordsFailed: sample(text, 'ml_connector_records_total', { ...labels, outcome: 'failed' }),
        attemptsCreated: sample(text, 'ml_connector_record_attempts_total', {
          ...labels,
          outcome: 'created',
        }),
        recordsCreated: sample(text, 'ml_connector_records_total', { ...labels, outcome: 'created' }),
      };
    };
    // C2000 was already failed for HUBSPOT_VALIDATION (seed); C4000 fails for the first time
    await commit('run-m1', [
      { sourceKey: key(3000), action: 'created', targetId: '701', contentHash: 'h3' },
      { sourceKey: key(2000), action: 'failed', error: validation },
      { sourceKey: key(4000), action: 'failed', error: validation },
      { sourceKey: key(5000), action: 'unchanged' },
    ]);
    expect(await count()).toEqual({
      attemptsFailed: 2,
      recordsFailed: 1,
      attemptsCreated: 1,
      recordsCreated: 1,
    });
    // the next run re-attempts both and they fail the same way: attempts grow, records do not
    await commit('run-m2', [
      { sourceKey: key(2000), action: 'failed', error: validation },
      { sourceKey: key(4000), action: 'failed', error: validation },
    ]);
    expect(await count()).toEqual({
      attemptsFailed: 4,
      recordsFailed: 1,
      attemptsCreated: 1,
      recordsCreated: 1,
    });
    // a new reason is a new failure; a record fixed and failing again is one too
    await commit('run-m3', [
      { sourceKey: key(4000), action: 'failed', error: { code: 'HUBSPOT_CONFLICT', message: 'duplicate' } },
      { sourceKey: key(3000), action: 'failed', error: validation },
    ]);
    expect(await count()).toEqual({
      attemptsFailed: 6,
      recordsFailed: 3,
      attemptsCreated: 1,
      recordsCreated: 1,
    });
  });

  it('runs: outcome counter, duration histogram with its buckets, records read; dry runs not counted', async () => {
    const labels = { connection: 'acme', flow: 'catalog' };
    const counts = { read: 7, created: 1, updated: 0, unchanged: 6, failed: 0, skipped: 0 };
    const finished = (runId: string, outcome: 'ok' | 'partial' | 'skipped', durationMs: number): void =>
      h.events.emit('run.finished', {
        ...labels,
        flow: 'catalog',
        runId,
        outcome,
        counts,
        calls: { hubspot: 1, qad: 1 },
        durationMs,
        error: null,
      });
    h.events.emit('run.started', { ...labels, flow: 'catalog', runId: 'dry-1', dryRun: true, full: false });
    finished('dry-1', 'ok', 1000);
    finished('run-c1', 'ok', 42_000);
    finished('run-c2', 'partial', 400);
    finished('run-c3', 'skipped', 0);
    const text = await scrape(scraper);
    expect(sample(text, 'ml_connector_runs_total', { ...labels, outcome: 'ok' })).toBe(1);
    expect(sample(text, 'ml_connector_runs_total', { ...labels, outcome: 'partial' })).toBe(1);
    expect(sample(text, 'ml_connector_runs_total', { ...labels, outcome: 'skipped' })).toBe(1);
    const bucket = (le: string): number | undefined =>
      sample(text, 'ml_connector_run_duration_seconds_bucket', { ...labels, le });
    for (const le of RUN_DURATION_BUCKETS) expect(bucket(String(le)), `le=${le}`).toBeTypeOf('number');
    expect(bucket('1')).toBe(1); // 0.4 s
    expect(bucket('30')).toBe(1);
    expect(bucket('60')).toBe(2); // 42 s
    expect(bucket('+Inf')).toBe(2);
    expect(sample(text, 'ml_connector_run_duration_seconds_count', labels)).toBe(2);
    expect(sample(text, 'ml_connector_run_duration_seconds_sum', labels)).toBeCloseTo(42.4);
    expect(sample(text, 'ml_connector_records_read_total', labels)).toBe(14);
  });

  it('HTTP attempts by status class, 429s, retries by reason, call durations', async () => {
    const request = (system: 'hubspot' | 'qad', status: number): void =>
      h.events.emit('http.request', {
        system,
        method: 'GET',
        route: '/x',
        status,
        durationMs: 120,
        attempt: 1,
      });
    request('hubspot', 200);
    request('hubspot', 429);
    request('qad', 0);
    h.events.emit('retry.scheduled', {
      system: 'hubspot',
      reason: '429 SECONDLY',
      delayMs: 1,
      attempt: 1,
      route: '/x',
    });
    h.events.emit('retry.scheduled', {
      system: 'qad',
      reason: 'HTTP_TIMEOUT',
      delayMs: 1,
      attempt: 1,
      route: '/x',
    });
    h.events.emit('retry.scheduled', { system: 'qad', reason: '503', delayMs: 1, attempt: 2, route: '/x' });
    const text = await scrape();
    expect(sample(text, 'ml_connector_http_requests_total', { system: 'hubspot', status_class: '2xx' })).toBe(
      1,
    );
    expect(sample(text, 'ml_connector_http_requests_total', { system: 'hubspot', status_class: '4xx' })).toBe(
      1,
    );
    expect(sample(text, 'ml_connector_http_requests_total', { system: 'qad', status_class: 'none' })).toBe(1);
    expect(sample(text, 'ml_connector_http_rate_limited_total', { system: 'hubspot' })).toBe(1);
    expect(
      sample(text, 'ml_connector_http_retries_total', { system: 'hubspot', reason: 'rate_limited' }),
    ).toBe(1);
    expect(sample(text, 'ml_connector_http_retries_total', { system: 'qad', reason: 'network' })).toBe(1);
    expect(sample(text, 'ml_connector_http_retries_total', { system: 'qad', reason: 'server_error' })).toBe(
      1,
    );
    expect(
      sample(text, 'ml_connector_http_request_duration_seconds_bucket', { system: 'hubspot', le: '0.25' }),
    ).toBe(2);
    expect(
      sample(text, 'ml_connector_http_request_duration_seconds_bucket', { system: 'hubspot', le: '0.1' }),
    ).toBe(0);
  });

  const promtool = findPromtool();
  it.skipIf(promtool === null)('promtool check metrics accepts the real output', async () => {
    const text = await scrape(scraper);
    const { code, output } = await promtoolCheck(promtool as string, ['check', 'metrics'], text);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('docs/operations.md lists every metric served; its alert rules use only served metrics', async () => {
    const served = [...families(await scrape())].map(([name]) => name);
    const doc = readFileSync('docs/operations.md', 'utf8');
    for (const name of served) expect(doc, name).toContain(`\`${name}\``);
    const rules = /```yaml\n(groups:[\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const used = [...rules.matchAll(/\bml_connector_\w+/g)].map((m) =>
      m[0].replace(/_(bucket|sum|count)$/, ''),
    );
    expect(used.length).toBeGreaterThan(3);
    for (const name of used) expect(served, name).toContain(name);
    if (promtool !== null) {
      const dir = await mkdtemp(path.join(tmpdir(), 'mlc-rules-'));
      try {
        await writeFile(path.join(dir, 'rules.yml'), rules);
        const { code, output } = await promtoolCheck(
          promtool,
          ['check', 'rules', path.join(dir, 'rules.yml')],
          '',
        );
        expect(code, output).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
});

describe('the read-only metrics token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ metricsToken: METRICS_TOKEN });
  });
  afterAll(async () => {
    await h.close();
  });

  it('reads /metrics, and so does the dashboard token (Bearer or session)', async () => {
    expect((await fetch(`${h.dashboard.url}/metrics`, { headers: scraper })).status).toBe(200);
    expect((await fetch(`${h.dashboard.url}/metrics`, { headers: admin })).status).toBe(200);
    const { cookie } = await login(h.dashboard.url);
    expect((await fetch(`${h.dashboard.url}/metrics`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${h.dashboard.url}/metrics`)).status).toBe(401);
    const wrong = { Authorization: `Bearer ${METRICS_TOKEN}x` };
    expect((await fetch(`${h.dashboard.url}/metrics`, { headers: wrong })).status).toBe(401);
  });

  it('cannot see the dashboard or its API, cannot replay and cannot sign in', async () => {
    for (const path of ['/', '/errors', '/rate-budget', `/records/${encodeURIComponent('10USA/C2000')}`]) {
      const res = await fetch(h.dashboard.url + path, { headers: scraper });
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).not.toContain('C2000');
    }
    for (const path of ['/api/health', '/api/errors', '/api/runs']) {
      const res = await fetch(h.dashboard.url + path, { headers: scraper });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    const before = h.replayCalls.length;
    const replay = await fetch(`${h.dashboard.url}/api/replay`, {
      method: 'POST',
      headers: { ...scraper, 'Content-Type': 'application/json' },
      body: JSON.stringify({ connection: 'acme', flow: 'accounts', sourceKey: '10USA/C2000' }),
    });
    expect(replay.status).toBe(403);
    const form = await fetch(`${h.dashboard.url}/replay`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...scraper, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ failed: 'true', connection: 'acme' }),
    });
    expect(form.status).toBe(403);
    expect(h.replayCalls.length).toBe(before);
    const [link] = (await h.store.getLinks('acme', 'accounts', ['10USA/C2000'])).values();
    expect(link?.state).toBe('failed');
    const signIn = await fetch(`${h.dashboard.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: h.dashboard.url },
      body: new URLSearchParams({ token: METRICS_TOKEN, next: '/' }),
    });
    expect(signIn.status).toBe(401);
    expect(signIn.headers.get('set-cookie')).toBeNull();
  });

  it('a weak metrics token, or one equal to the dashboard token, is a config error naming the field', async () => {
    const weak = startHarness({ metricsToken: 'short' });
    await expect(weak).rejects.toBeInstanceOf(ConfigError);
    await expect(weak).rejects.toThrow(/dashboard\.metricsToken/);
    await expect(startHarness({ metricsToken: TOKEN })).rejects.toThrow(
      /dashboard\.metricsToken: must differ/,
    );
  });
});
