/**
 * Test harness: both sandboxes on port 0, a temp config pointing at them (secrets by env:), the
 * real app (openApp) and the real per-connection runtime. No module of ours is mocked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApp, type App } from '../../src/app/compose.js';
import { buildRuntime, type ConnectionRuntime } from '../../src/app/runtime.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';

export interface Harness {
  dir: string;
  configPath: string;
  env: Record<string, string>;
  hubspot: HubSpotSandbox;
  qad: QadSandbox;
  app: App;
  rt: ConnectionRuntime;
  /** GET/POST/PATCH a sandbox control endpoint and return its JSON. */
  hs<T = unknown>(method: string, p: string, body?: unknown): Promise<T>;
  qadControl<T = unknown>(method: string, p: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  accounts?: number;
  items?: number;
  store?: string;
  /** Extra YAML under the connection's `flows:` key (indented by the caller as a flow map). */
  flowsYaml?: string;
  /** Retries of a retryable request (config `http.maxRetries`); default the config's own. */
  maxRetries?: number;
  /** `hubspot.apiVersion` of the connection; default the config's own. */
  apiVersion?: '2026-03' | '2026-09' | 'v3';
  /** Puts something in front of the HubSpot sandbox (e.g. a recording proxy); returns its base URL. */
  hubspotFront?: (sandboxUrl: string) => Promise<string>;
}

async function call<T>(base: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** Writes the config for both sandboxes and returns it; `hubspotUrl` overrides the sandbox's URL. */
export function configYaml(
  hubspot: HubSpotSandbox,
  qad: QadSandbox,
  opts: HarnessOptions = {},
  hubspotUrl = hubspot.url,
): string {
  const version = opts.apiVersion === undefined ? '' : `, apiVersion: '${opts.apiVersion}'`;
  return [
    `store: ${opts.store ?? './state.db'}`,
    ...(opts.maxRetries === undefined ? [] : [`http: { maxRetries: ${opts.maxRetries} }`]),
    'connections:',
    '  - name: acme',
    `    hubspot: { hubId: ${hubspot.portalId}, token: env:HS_TOKEN, baseUrl: '${hubspotUrl}'${version} }`,
    `    qad: { baseUrl: '${qad.url}', clientId: '${qad.clientId}', username: ${qad.username}, password: env:QAD_PASSWORD, domain: 10USA, entity: 10USACO }`,
    ...(opts.flowsYaml ? ['    flows:', opts.flowsYaml] : []),
    '',
  ].join('\n');
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const hubspot = await startHubSpotSandbox();
  const qad = await startQadSandbox({ seed: 7, accounts: opts.accounts ?? 30, items: opts.items ?? 20 });
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-flows-'));
  const configPath = path.join(dir, 'ml-connector.yaml');
  const hubspotUrl = opts.hubspotFront ? await opts.hubspotFront(hubspot.url) : hubspot.url;
  await writeFile(configPath, configYaml(hubspot, qad, opts, hubspotUrl));
  const env = { HS_TOKEN: hubspot.token, QAD_PASSWORD: qad.password };
  const app = await openApp({ configPath, env, cwd: dir, logLevel: 'silent' });
  const rt = await buildRuntime(app, 'acme');
  return {
    dir,
    configPath,
    env,
    hubspot,
    qad,
    app,
    rt,
    hs: (method, p, body) => call(hubspot.url, method, p, body),
    qadControl: (method, p, body) => call(qad.origin, method, p, body),
    close: async () => {
      await app.close();
      await hubspot.close();
      await qad.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
