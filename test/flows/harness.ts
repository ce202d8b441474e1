/**
 * Test harness: both sandboxes on port 0 and the real app and connection runtime over them
 * (test/helpers/sandbox-app.ts). No module of ours is mocked.
 */
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import type { App } from '../../src/app/compose.js';
import type { ConnectionRuntime } from '../../src/app/runtime.js';
import { control, openSandboxApp } from '../helpers/sandbox-app.js';

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

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const hubspot = await startHubSpotSandbox();
  const qad = await startQadSandbox({ seed: 7, accounts: opts.accounts ?? 30, items: opts.items ?? 20 });
  const hubspotUrl = opts.hubspotFront ? await opts.hubspotFront(hubspot.url) : undefined;
  const opened = await openSandboxApp(
    { hubspot, qad },
    {
      ...(hubspotUrl === undefined ? {} : { hubspotUrl }),
      ...(opts.apiVersion === undefined ? {} : { hubspotExtra: `apiVersion: '${opts.apiVersion}'` }),
      ...(opts.store === undefined ? {} : { store: opts.store }),
      ...(opts.flowsYaml === undefined ? {} : { flowsYaml: opts.flowsYaml }),
      ...(opts.maxRetries === undefined ? {} : { http: { maxRetries: opts.maxRetries } }),
    },
  );
  return {
    ...opened,
    hubspot,
    qad,
    hs: (method, p, body) => control(hubspot.url, method, p, body),
    qadControl: (method, p, body) => control(qad.origin, method, p, body),
    close: async () => {
      await opened.close();
      await hubspot.close();
      await qad.close();
    },
  };
}
