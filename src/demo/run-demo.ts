/**
 * The demo: both sandboxes in process on port 0, seeded with a manufacturer; a fresh folder with a
 * config, master key, SQLite ledger and vault secrets pointing at them; every flow run through the
 * real composition (openApp → buildRuntime → runPass); then closed-won deals turned into QAD
 * orders. Returns what happened; printing is the CLI's job.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { openApp, type App, type OpenAppOptions } from '../app/compose.js';
import { buildRuntime } from '../app/runtime.js';
import type { Env } from '../config/index.js';
import { runPass, type PassResult } from '../engine/runner.js';
import { defaultFlowRegistry } from '../flows/index.js';
import { createKeyFile } from '../vault/index.js';
import { orderPoReference } from '../flows/orders/order-number.js';
import { listHubSpot, listSalesOrders } from './control.js';
import { seedClosedWonDeals, type DemoDeal } from './deals.js';

/** The demo's connection name. */
export const DEMO_CONNECTION = 'demo';
/** The QAD domain the demo syncs. */
export const DEMO_DOMAIN = '10USA';
/**
 * The HubSpot sandbox's clock runs this far behind ours, so deals just closed are already past the
 * connector's search safety lag (a real portal's deals were closed before the connector polls).
 */
const HUBSPOT_CLOCK_BEHIND_MS = 120_000;

export interface DemoOptions {
  /** Folder for config, key, ledger; default a fresh temp folder. */
  dir?: string;
  /** QAD accounts to generate (default 300). */
  accounts?: number;
  /** QAD items to generate (default 120). */
  items?: number;
  /** Deals to create and close-won (default 12). */
  deals?: number;
  /** Data seed (default 42). */
  seed?: number;
  /**
   * Start HubSpot as a lived-in portal (records sales made by hand, from the same seed), so the
   * first sync adopts them instead of creating duplicates (default true).
   */
  livedIn?: boolean;
  /** Where log lines go (default: silent). */
  logDestination?: OpenAppOptions['logDestination'];
  logLevel?: OpenAppOptions['logLevel'];
  /** Progress messages for people ("starting sandboxes…"). */
  onProgress?: (message: string) => void;
  /** Replaces the composition root (the CLI passes its own). */
  openApp?: (options: OpenAppOptions) => Promise<App>;
}

/** One order the demo produced: a HubSpot deal → its QAD sales order. */
export interface DemoOrder {
  dealId: string;
  dealName: string;
  customerCode: string;
  /** The order number written back on the deal (`qad_order_number`). */
  orderNumber: string | null;
  amount: string;
  currency: string;
  /** `qad_sync_status` on the deal. */
  syncStatus: string | null;
  /** How many QAD orders carry this deal's reference in the customer-PO field (exactly once: 1). */
  qadOrders: number;
}

/** One record the ledger keeps as failed/quarantined, with its reason. */
export interface DemoProblem {
  flow: string;
  sourceKey: string;
  state: string;
  code: string | null;
  message: string | null;
}

export interface DemoResult {
  dir: string;
  configPath: string;
  /** The two passes: master data (accounts, contacts, catalog), then orders. */
  passes: PassResult[];
  /** Wall time of both passes and the deal set-up between them (ms). */
  durationMs: number;
  orders: DemoOrder[];
  /** Existing HubSpot records the first sync adopted instead of creating (0 on an empty portal). */
  adopted: number;
  /** What the sandboxes hold after the run. */
  moved: { companies: number; contacts: number; products: number; deals: number; salesOrders: number };
  /**
   * Records the ledger holds as failed or quarantined (the generated data carries some on purpose,
   * e.g. two QAD contacts sharing one email): per-record outcomes, not a failed demo.
   */
  problems: DemoProblem[];
  hubspotUrl: string;
  qadUrl: string;
  /** Stops the sandboxes (the CLI keeps them up with --keep until interrupted). */
  stop(): Promise<void>;
}

/** Writes the demo's config: secrets by vault reference only. */
export function demoConfigYaml(hubspot: HubSpotSandbox, qad: QadSandbox): string {
  return [
    '# ml-connector demo: both sandboxes run inside `ml-connector demo` (gone when it exits, unless --keep).',
    'store: ./state.db',
    'keyFile: ./.ml-connector/master.key',
    'log: { level: info }',
    '# `ml-connector run` serves the dashboard here; set ML_DASHBOARD_TOKEN to 32+ random characters (openssl rand -base64 32) before ml-connector run',
    'dashboard: { port: 8787, host: 127.0.0.1, token: env:ML_DASHBOARD_TOKEN }',
    'connections:',
    `  - name: ${DEMO_CONNECTION}`,
    '    hubspot:',
    `      hubId: ${hubspot.portalId}`,
    '      token: vault:hubspot.token',
    `      baseUrl: '${hubspot.url}'`,
    '    qad:',
    `      baseUrl: '${qad.url}'`,
    `      clientId: '${qad.clientId}'`,
    `      username: ${qad.username}`,
    '      password: vault:qad.password',
    `      domain: ${DEMO_DOMAIN}`,
    '      entity: 10USACO',
    '',
  ].join('\n');
}

/** Runs the whole demo. The sandboxes stay up until `result.stop()` (also on failure they are stopped). */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const progress = options.onProgress ?? ((): void => {});
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'ml-connector-demo-')));
  progress('starting the HubSpot and QAD sandboxes');
  const hubspot = await startHubSpotSandbox({ clock: () => Date.now() - HUBSPOT_CLOCK_BEHIND_MS });
  const qad = await startQadSandbox({
    seed: options.seed ?? 42,
    accounts: options.accounts ?? 300,
    items: options.items ?? 120,
  });
  const stop = async (): Promise<void> => {
    await Promise.allSettled([hubspot.close(), qad.close()]);
  };
  let app: App | undefined;
  try {
    const configPath = path.join(dir, 'ml-connector.yaml');
    await writeFile(configPath, demoConfigYaml(hubspot, qad));
    await createKeyFile(path.join(dir, '.ml-connector', 'master.key'));
    // Only what the demo needs: a user's ML_CONNECTOR_MASTER_KEY must not override the demo's key file.
    const env: Env = {};
    app = await (options.openApp ?? openApp)({
      configPath,
      env,
      cwd: dir,
      logLevel: options.logLevel ?? 'silent',
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    });
    await app.vault.put(DEMO_CONNECTION, 'hubspot.token', hubspot.token);
    await app.vault.put(DEMO_CONNECTION, 'qad.password', qad.password);
    const rt = await buildRuntime(app, DEMO_CONNECTION);
    const registry = defaultFlowRegistry();
    if (options.livedIn !== false) {
      progress('filling the HubSpot sandbox with the records a sales team made over the years');
      await fillLivedIn(hubspot.url, {
        qadSeed: options.seed ?? 42,
        accounts: options.accounts ?? 300,
        items: options.items ?? 120,
      });
    }

    const startedMs = Date.now();
    progress('syncing accounts, contacts and catalog from QAD to HubSpot');
    const master = await runPass(rt, { registry, flows: ['accounts', 'contacts', 'catalog'] });
    progress(`creating ${options.deals ?? 12} deals in HubSpot and moving them to closed-won`);
    const deals = await seedClosedWonDeals({
      hubspotUrl: hubspot.url,
      qadOrigin: qad.origin,
      domain: DEMO_DOMAIN,
      count: options.deals ?? 12,
    });
    progress('turning closed-won deals into QAD sales orders');
    const orders = await runPass(rt, { registry, flows: ['orders'] });

    const result: DemoResult = {
      dir,
      configPath,
      passes: [master, orders],
      durationMs: Date.now() - startedMs,
      adopted: master.flows.reduce((n, f) => n + (f.counts.adopted ?? 0), 0),
      orders: await readOrders(hubspot.url, qad.origin, deals),
      moved: await countMoved(hubspot.url, qad.origin),
      problems: (
        await app.store.listLinks({
          connection: DEMO_CONNECTION,
          states: ['failed', 'quarantined'],
          limit: 1000,
        })
      ).map((l) => ({
        flow: l.flow,
        sourceKey: l.sourceKey,
        state: l.state,
        code: l.lastError?.code ?? null,
        message: l.lastError?.message ?? null,
      })),
      hubspotUrl: hubspot.url,
      qadUrl: qad.url,
      stop,
    };
    return result;
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await app?.close();
  }
}

async function readOrders(hubspotUrl: string, qadOrigin: string, deals: DemoDeal[]): Promise<DemoOrder[]> {
  const byId = new Map((await listHubSpot(hubspotUrl, 'deals')).map((d) => [d.id, d]));
  const salesOrders = await listSalesOrders(qadOrigin);
  const out: DemoOrder[] = [];
  for (const deal of deals) {
    const props = byId.get(deal.dealId)?.properties ?? {};
    const orderNumber = props['qad_order_number'] ?? null;
    const reference = orderPoReference(deal.dealId);
    const inQad = salesOrders.filter((o) => o.purchaseOrder === reference);
    out.push({
      dealId: deal.dealId,
      dealName: deal.dealName,
      customerCode: deal.customerCode,
      orderNumber: orderNumber === '' ? null : orderNumber,
      amount: deal.amount,
      currency: deal.currency,
      syncStatus: props['qad_sync_status'] ?? null,
      qadOrders: inQad.length,
    });
  }
  return out;
}

async function countMoved(hubspotUrl: string, qadOrigin: string): Promise<DemoResult['moved']> {
  const live = async (type: string): Promise<number> =>
    (await listHubSpot(hubspotUrl, type)).filter((r) => !r.archived).length;
  return {
    companies: await live('companies'),
    contacts: await live('contacts'),
    products: await live('products'),
    deals: await live('deals'),
    salesOrders: (await listSalesOrders(qadOrigin)).length,
  };
}

/**
 * Asks the HubSpot sandbox to pre-populate a lived-in portal from the QAD generator's seed. A
 * sandbox without that control endpoint (404) leaves the portal empty.
 */
async function fillLivedIn(
  hubspotUrl: string,
  body: { qadSeed: number; accounts: number; items: number },
): Promise<void> {
  const res = await fetch(new URL('/_sandbox/lived-in', hubspotUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status === 404) return;
  if (!res.ok) throw new Error(`the HubSpot sandbox refused /_sandbox/lived-in (${res.status})`);
}
