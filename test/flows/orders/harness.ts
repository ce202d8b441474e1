/**
 * Integration harness for the orders flow: both sandboxes on port 0, a real SQLite ledger, the
 * real HTTP/HubSpot/QAD clients and the engine runner. Companies and products are seeded in
 * HubSpot with their `qad_*` keys and ledger links (what the accounts and catalog flows leave
 * behind); deals with line items are seeded through the HubSpot sandbox's control API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../../sandbox/qad/index.js';
import { connectionSchema } from '../../../src/config/schema.js';
import { createHubSpotClient } from '../../../src/connectors/hubspot/index.js';
import { createQadClient, createQxtendClient } from '../../../src/connectors/qad/index.js';
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { EventBus } from '../../../src/core/events.js';
import type { RecordLink } from '../../../src/core/store-port.js';
import type { EngineLogger, FlowDefinition } from '../../../src/engine/flow.js';
import { resetPropertyBootstrapCache, bootstrapProperties } from '../../../src/engine/properties.js';
import { runPass, type PassResult } from '../../../src/engine/runner.js';
import type { EngineRuntime } from '../../../src/engine/runtime-port.js';
import { createHttpClient } from '../../../src/http/client.js';
import { createOrdersFlow, runOrders, type OrdersFlowOptions } from '../../../src/flows/orders/index.js';
import { createStore, type KyselyStore } from '../../../src/store/index.js';

/** The runtime clock runs this far ahead of the sandboxes, so the deal search's safety lag has passed. */
const AHEAD_MS = 5 * 60_000;
const CONNECTION = 'acme';

export interface SeededCustomer {
  companyId: string;
  customerCode: string;
  currency: string;
}
export interface SeededProduct {
  productId: string;
  itemCode: string;
  price: number;
}

export interface OrdersHarness {
  /** The engine runtime (real clients over the sandboxes, the ledger). */
  rt: EngineRuntime;
  hs: HubSpotSandbox;
  qad: QadSandbox;
  store: KyselyStore;
  events: EventBus;
  customer: SeededCustomer;
  /** Products linked to QAD items (catalog links present). */
  products: SeededProduct[];
  /** A product with no QAD item behind it. */
  unmappedProduct: { productId: string; itemCode: string; price: number };
  run(opts?: { dryRun?: boolean; signal?: AbortSignal; replayDealIds?: string[] }): Promise<PassResult>;
  seedDeals(deals: DealSeed[]): Promise<{ id: string; lineItemIds: string[] }[]>;
  closeWon(dealId: string): Promise<void>;
  deal(dealId: string): Promise<Record<string, string | null>>;
  salesOrders(
    po?: string,
  ): Promise<{ salesOrderNumber: string; purchaseOrder: string; lines: unknown[]; [k: string]: unknown }[]>;
  qadFault(spec: Record<string, unknown>): Promise<void>;
  clearQadFaults(): Promise<void>;
  link(dealId: string): Promise<RecordLink | undefined>;
  linkProduct(productId: string, itemCode: string): Promise<void>;
  close(): Promise<void>;
}

export interface DealSeed {
  amount: string;
  currency?: string;
  companyId?: string | null;
  lines: { productId: string; quantity: number; price: number }[];
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/**
 * Starts everything; `channel` selects REST (default) or QXtend order creation. `store` is a ledger
 * opened by the caller (e.g. forEachDialect's, for PostgreSQL); default a SQLite file of our own.
 */
export async function startOrdersHarness(
  channel: 'rest' | 'qxtend' = 'rest',
  givenStore?: KyselyStore,
): Promise<OrdersHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-orders-'));
  const hs = await startHubSpotSandbox({});
  const qad = await startQadSandbox({ seed: 11, accounts: 30, items: 10 });
  const store = givenStore ?? (await createStore(path.join(dir, 'state.db')));
  const events = new EventBus();
  const clock: Clock = {
    nowMs: () => Date.now() + AHEAD_MS,
    now: () => new Date(Date.now() + AHEAD_MS),
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
  };
  const http = createHttpClient({
    clock,
    events,
    maxAttempts: 3,
    backoff: { baseDelayMs: 10, maxDelayMs: 50 },
  });
  const hubspot = createHubSpotClient({
    baseUrl: hs.url,
    token: hs.token,
    hubId: hs.portalId,
    apiVersion: '2026-03',
    http,
    clock,
    events,
  });
  const qadClient = createQadClient({
    http,
    baseUrl: qad.url,
    clientId: qad.clientId,
    username: qad.username,
    password: qad.password,
    domain: '10USA',
    events,
  });
  const connection = connectionSchema.parse({
    name: CONNECTION,
    hubspot: { hubId: hs.portalId, token: 'env:HS_TOKEN', apiVersion: '2026-03', baseUrl: hs.url },
    qad: {
      baseUrl: qad.url,
      clientId: qad.clientId,
      username: qad.username,
      password: 'env:QAD_PASSWORD',
      domain: '10USA',
      entity: '10USACO',
      orders: { channel },
      ...(channel === 'qxtend'
        ? { qxtend: { url: qad.qxtendUrl, receiver: 'QADERP', version: 'eB_2' } }
        : {}),
    },
    flows: {},
  });
  const logger: EngineLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const rt: EngineRuntime = {
    connection,
    store,
    hubspot,
    qad: qadClient,
    clock,
    events,
    logger,
    callCounts: () => http.callCounts(),
  };
  const flowOptions: OrdersFlowOptions =
    channel === 'qxtend'
      ? {
          qxtend: {
            client: createQxtendClient({ http, rest: qadClient, events }),
            options: {
              url: qad.qxtendUrl,
              receiver: 'QADERP',
              version: 'eB_2',
              domain: '10USA',
              username: qad.username,
              password: qad.password,
            },
          },
        }
      : {};
  const flow: FlowDefinition = createOrdersFlow(flowOptions);

  resetPropertyBootstrapCache();
  await bootstrapProperties(hubspot, `${hs.url}#${hs.portalId}`, ['companies', 'products', 'deals']);

  // QAD master data: an active USD customer of domain 10USA, and active items.
  const customers = await json<{ records: Record<string, unknown>[] }>(
    `${qad.origin}/_sandbox/records/customers?limit=500`,
  );
  const cust = customers.records.find(
    (c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD',
  );
  if (cust === undefined) throw new Error('no active 10USA USD customer in the QAD sandbox seed');
  const items = await json<{ records: Record<string, unknown>[] }>(
    `${qad.origin}/_sandbox/records/items?limit=500`,
  );
  const active = items.records
    .filter((i) => i['isActive'] !== false && i['unitOfMeasure'] === 'EA')
    .slice(0, 4);
  if (active.length < 4) throw new Error('need 4 active EA items in the QAD sandbox seed');

  const customerCode = String(cust['customerCode']);
  const accountKey = `10USA/${String(cust['businessRelationCode'])}`;
  const seeded = await json<{ companies: string[]; products: string[] }>(`${hs.url}/_sandbox/seed`, {
    method: 'POST',
    body: JSON.stringify({
      companies: [
        {
          properties: {
            name: 'Customer Co',
            qad_account_key: accountKey,
            qad_customer_code: customerCode,
            qad_account_roles: 'customer',
          },
        },
      ],
      products: [
        ...active.slice(0, 3).map((i) => ({
          properties: {
            name: String(i['description']),
            hs_sku: String(i['itemCode']),
            price: String(i['listPrice']),
            qad_item_key: `10USA/${String(i['itemCode'])}`,
            qad_uom: 'EA',
          },
        })),
        { properties: { name: 'Not linked yet', hs_sku: String(active[3]?.['itemCode']), price: '5' } },
      ],
    }),
  });
  const companyId = seeded.companies[0] ?? '';
  const products = active.slice(0, 3).map((i, n) => ({
    productId: seeded.products[n] ?? '',
    itemCode: String(i['itemCode']),
    price: Number(i['listPrice']),
  }));
  const unmappedProduct = {
    productId: seeded.products[3] ?? '',
    itemCode: String(active[3]?.['itemCode']),
    price: 5,
  };

  // What the accounts and catalog flows leave in the ledger.
  await store.ensureConnection(CONNECTION, Date.now());
  await store.commitBatch({
    links: [
      {
        connection: CONNECTION,
        flow: 'accounts',
        sourceKey: accountKey,
        state: 'ok',
        targetId: companyId,
        snapshot: { properties: { qad_customer_code: customerCode, qad_account_roles: 'customer' } },
      },
      ...products.map((p) => ({
        connection: CONNECTION,
        flow: 'catalog' as const,
        sourceKey: `10USA/${p.itemCode}`,
        state: 'ok' as const,
        targetId: p.productId,
        snapshot: { properties: { hs_sku: p.itemCode, qad_uom: 'EA' } },
      })),
    ],
    events: [],
  });

  const harness: OrdersHarness = {
    rt,
    hs,
    qad,
    store,
    events,
    customer: { companyId, customerCode, currency: 'USD' },
    products,
    unmappedProduct,
    run: (opts = {}) =>
      runPass(rt, {
        registry: new Map([
          [
            'orders',
            opts.replayDealIds === undefined
              ? flow
              : {
                  ...flow,
                  run: (ctx) => runOrders(ctx, { ...flowOptions, replayDealIds: opts.replayDealIds ?? [] }),
                },
          ],
        ]),
        flows: ['orders'],
        ...(opts.dryRun === undefined ? {} : { dryRun: opts.dryRun }),
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      }),
    async seedDeals(deals) {
      const out = await json<{ deals: { id: string; lineItemIds: string[] }[] }>(`${hs.url}/_sandbox/seed`, {
        method: 'POST',
        body: JSON.stringify({
          deals: deals.map((d, i) => ({
            properties: {
              dealname: `Deal ${i}`,
              amount: d.amount,
              dealstage: 'contractsent',
              pipeline: 'default',
              deal_currency_code: d.currency ?? 'USD',
            },
            ...(d.companyId === null ? {} : { companyId: d.companyId ?? companyId }),
            lineItems: d.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, price: l.price })),
          })),
        }),
      });
      return out.deals;
    },
    async closeWon(dealId) {
      await json(`${hs.url}/_sandbox/deals/${dealId}/stage`, {
        method: 'POST',
        body: JSON.stringify({ stageId: 'closedwon' }),
      });
    },
    async deal(dealId) {
      const all = await json<{ results: { id: string; properties: Record<string, string | null> }[] }>(
        `${hs.url}/_sandbox/objects/deals`,
      );
      return all.results.find((d) => d.id === dealId)?.properties ?? {};
    },
    async salesOrders(po) {
      const q = po === undefined ? '' : `?purchaseOrder=${encodeURIComponent(po)}`;
      return (
        await json<{ salesOrders: Awaited<ReturnType<OrdersHarness['salesOrders']>> }>(
          `${qad.origin}/_sandbox/sales-orders${q}`,
        )
      ).salesOrders;
    },
    async qadFault(spec) {
      await json(`${qad.origin}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(spec) });
    },
    async clearQadFaults() {
      await json(`${qad.origin}/_sandbox/faults`, { method: 'DELETE' });
    },
    async link(dealId) {
      return (await store.getLinks(CONNECTION, 'orders', [dealId])).get(dealId);
    },
    async linkProduct(productId, itemCode) {
      await store.commitBatch({
        links: [
          {
            connection: CONNECTION,
            flow: 'catalog',
            sourceKey: `10USA/${itemCode}`,
            state: 'ok',
            targetId: productId,
            snapshot: { properties: { hs_sku: itemCode, qad_uom: 'EA' } },
          },
        ],
        events: [],
      });
    },
    async close() {
      if (givenStore === undefined) await store.close();
      await hs.close();
      await qad.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
