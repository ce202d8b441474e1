/**
 * End-to-end harness for tests that drive the real CLI (runCli in process) against both
 * sandboxes on port 0: a temp folder with the config, sandbox control calls, and HubSpot dumps.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { usdCustomerCompanies } from '../helpers/deals.js';
import { control } from '../helpers/sandbox-app.js';

export interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

export interface CliHarness {
  hubspot: HubSpotSandbox;
  qad: QadSandbox;
  dir: string;
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  hs<T>(method: string, p: string, body?: unknown): Promise<T>;
  qadControl<T>(method: string, p: string, body?: unknown): Promise<T>;
  objects(type: string): Promise<HsRecord[]>;
  /** QAD sales orders carrying this deal's PO reference. */
  ordersOfDeal(dealId: string | undefined): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Starts both sandboxes and writes a config; `qadYaml` adds lines under the connection's `qad:`. */
export async function startCliHarness(opts: {
  accounts: number;
  items: number;
  seed: number;
  qadYaml?: (qad: QadSandbox) => string[];
  /** Generated EDI/phone sales orders in the QAD tenant (default 0). */
  orders?: number;
  /** Lines under the connection's `flows:` key, e.g. `"'qad-orders': { enabled: true }"`. */
  flowsYaml?: string[];
}): Promise<CliHarness> {
  const hubspot = await startHubSpotSandbox();
  const qad = await startQadSandbox({
    seed: opts.seed,
    accounts: opts.accounts,
    items: opts.items,
    ...(opts.orders === undefined ? {} : { orders: opts.orders }),
  });
  // HubSpot's clock runs 2 minutes behind: deal changes are past the orders search safety lag.
  await control(hubspot.url, 'POST', '/_sandbox/clock', { offsetMs: -120_000 });
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-e2e-'));
  const configPath = path.join(dir, 'ml-connector.yaml');
  await writeFile(
    configPath,
    [
      `store: ${path.join(dir, 'state.db')}`,
      'connections:',
      '  - name: acme',
      `    hubspot: { hubId: ${hubspot.portalId}, token: env:HS_TOKEN, baseUrl: '${hubspot.url}' }`,
      '    qad:',
      `      baseUrl: '${qad.url}'`,
      `      clientId: '${qad.clientId}'`,
      `      username: ${qad.username}`,
      '      password: env:QAD_PASSWORD',
      '      domain: 10USA',
      '      entity: 10USACO',
      ...(opts.qadYaml?.(qad) ?? []).map((line) => `      ${line}`),
      ...(opts.flowsYaml === undefined
        ? []
        : ['    flows:', ...opts.flowsYaml.map((line) => `      ${line}`)]),
      '',
    ].join('\n'),
  );
  const hs = <T>(method: string, p: string, body?: unknown): Promise<T> =>
    control<T>(hubspot.url, method, p, body);
  const qadControl = <T>(method: string, p: string, body?: unknown): Promise<T> =>
    control<T>(qad.origin, method, p, body);
  return {
    hubspot,
    qad,
    dir,
    hs,
    qadControl,
    async cli(...args) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['node', 'ml-connector', '--config', configPath, ...args], {
        env: { HS_TOKEN: hubspot.token, QAD_PASSWORD: qad.password },
        cwd: dir,
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        // Logs go to the captured stderr text, not the test runner's console.
        logDestination: { write: (line: string) => void (stderr += line) },
      });
      return { code, stdout, stderr };
    },
    objects: async (type) => (await hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results,
    ordersOfDeal: async (dealId) =>
      (
        await qadControl<{ salesOrders: Record<string, unknown>[] }>(
          'GET',
          `/_sandbox/sales-orders?purchaseOrder=HS-${dealId}`,
        )
      ).salesOrders,
    async close() {
      await hubspot.close();
      await qad.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A HubSpot company backed by an active 10USA customer that buys in USD. */
export async function usdCustomerCompany(h: CliHarness): Promise<HsRecord> {
  const [company] = await usdCustomerCompanies(h.hubspot.url, h.qad.origin);
  if (company === undefined) throw new Error('seed lacks a USD customer');
  return company;
}
