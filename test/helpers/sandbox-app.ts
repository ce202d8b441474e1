/**
 * The real composition over sandboxes, for every test that needs a connection runtime: a temp
 * directory, a config naming the sandboxes (secrets by `env:` reference), `openApp` and
 * `buildRuntime` — exactly what `ml-connector` builds. No harness wires clients by hand, so a test
 * exercises the same runtime (limiter, order channel, property bootstrap) as the product.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import type { QadSandbox } from '../../sandbox/qad/index.js';
import { openApp, type App } from '../../src/app/compose.js';
import { buildRuntime, type ConnectionRuntime } from '../../src/app/runtime.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import type { LogLevel } from '../../src/core/logger.js';

/** A HubSpot sandbox and a QAD sandbox a connection points at. */
export interface SandboxPair {
  hubspot: HubSpotSandbox;
  qad: QadSandbox;
}

/** One connection of the config. */
export interface ConnectionSpec {
  /** Default `acme`. */
  name?: string;
  /** HubSpot base URL when something stands in front of the sandbox (e.g. a recording proxy). */
  hubspotUrl?: string;
  /** Extra entries inside the connection's `hubspot: { … }` map, e.g. `tier: professional`. */
  hubspotExtra?: string;
  /** Extra entries inside the connection's `qad: { … }` map, e.g. `orders: { channel: qxtend }`. */
  qadExtra?: string;
  /** YAML lines under the connection's `flows:` key (indented by the caller as a flow map). */
  flowsYaml?: string;
}

/** YAML of one connection to `pair` (secrets by env: reference, named after the connection). */
export function connectionYaml(pair: SandboxPair, spec: ConnectionSpec = {}): string[] {
  const name = spec.name ?? 'acme';
  const env = envPrefix(name);
  return [
    `  - name: ${name}`,
    `    hubspot: { hubId: ${pair.hubspot.portalId}, token: env:${env}_HS_TOKEN, baseUrl: '${spec.hubspotUrl ?? pair.hubspot.url}'${spec.hubspotExtra ? `, ${spec.hubspotExtra}` : ''} }`,
    `    qad: { baseUrl: '${pair.qad.url}', clientId: '${pair.qad.clientId}', username: ${pair.qad.username}, password: env:${env}_QAD_PASSWORD, domain: 10USA, entity: 10USACO${spec.qadExtra ? `, ${spec.qadExtra}` : ''} }`,
    ...(spec.flowsYaml ? ['    flows:', spec.flowsYaml] : []),
  ];
}

/** The environment `connectionYaml`'s secret references read. */
export function connectionEnv(pair: SandboxPair, name = 'acme'): Record<string, string> {
  const env = envPrefix(name);
  return { [`${env}_HS_TOKEN`]: pair.hubspot.token, [`${env}_QAD_PASSWORD`]: pair.qad.password };
}

function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Options of `openSandboxApp`. */
export interface SandboxAppOptions extends ConnectionSpec {
  /** Store location (default `./state.db` in the temp directory). */
  store?: string;
  /** `http:` settings of the config (default the config's own). */
  http?: { timeoutMs?: number; maxRetries?: number };
  clock?: Clock;
  /** Where log lines go (default nowhere: `logLevel` silent). */
  logs?: Writable;
  logLevel?: LogLevel | 'silent';
  /** More environment for secret references (e.g. a webhook secret). */
  extraEnv?: Record<string, string>;
  /** More top-level YAML (e.g. a `hooks:` block). */
  extraYaml?: string;
}

/** An opened app and the runtime of its one connection. */
export interface SandboxApp {
  dir: string;
  configPath: string;
  env: Record<string, string>;
  app: App;
  rt: ConnectionRuntime;
  /** Closes the app and removes the directory (the sandboxes belong to the caller). */
  close(): Promise<void>;
}

/** The config of one connection to `pair`. */
export function sandboxConfigYaml(pair: SandboxPair, opts: SandboxAppOptions = {}): string {
  const http = opts.http;
  const httpEntries = [
    http?.timeoutMs === undefined ? '' : `timeoutMs: ${http.timeoutMs}`,
    http?.maxRetries === undefined ? '' : `maxRetries: ${http.maxRetries}`,
  ].filter((e) => e !== '');
  return [
    `store: '${opts.store ?? './state.db'}'`,
    ...(httpEntries.length > 0 ? [`http: { ${httpEntries.join(', ')} }`] : []),
    ...(opts.extraYaml ? [opts.extraYaml] : []),
    'connections:',
    ...connectionYaml(pair, opts),
    '',
  ].join('\n');
}

/** Writes a config for `pair` in a fresh directory and opens it as `ml-connector` would. */
export async function openSandboxApp(pair: SandboxPair, opts: SandboxAppOptions = {}): Promise<SandboxApp> {
  const name = opts.name ?? 'acme';
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-app-'));
  const configPath = path.join(dir, 'ml-connector.yaml');
  await writeFile(configPath, sandboxConfigYaml(pair, opts));
  const env = { ...connectionEnv(pair, name), ...(opts.extraEnv ?? {}) };
  const app = await openApp({
    configPath,
    env,
    cwd: dir,
    clock: opts.clock ?? systemClock,
    logLevel: opts.logLevel ?? (opts.logs === undefined ? 'silent' : 'info'),
    ...(opts.logs === undefined ? {} : { logDestination: opts.logs }),
  });
  const rt = await buildRuntime(app, name);
  return {
    dir,
    configPath,
    env,
    app,
    rt,
    close: async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A clock `aheadMs` ahead of the sandboxes' (real) time, sleeping in real time: searches that
 * leave out the last seconds (the orders' safety lag) then already see records written just now.
 */
export function aheadClock(aheadMs: number): Clock {
  return {
    nowMs: () => Date.now() + aheadMs,
    now: () => new Date(Date.now() + aheadMs),
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
  };
}

/** Calls a sandbox control endpoint and returns its JSON (throws on a non-2xx answer). */
export async function control<T = unknown>(
  base: string,
  method: string,
  p: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}
