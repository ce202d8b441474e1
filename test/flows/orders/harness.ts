/**
 * Integration harness for the orders flow: both sandboxes on port 0 and the real app and
 * connection runtime over them (test/helpers/sandbox-app.ts) — a SQLite ledger unless a store
 * location is given, the order channel the config names (REST or QXtend). Companies and products
 * are seeded in HubSpot with their `qad_*` keys and ledger links (what the accounts and catalog
 * flows leave behind); deals with line items are seeded through the HubSpot sandbox's control API.
 */
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../../sandbox/qad/index.js';
import type { ConnectionRuntime } from '../../../src/app/runtime.js';
import type { EventBus } from '../../../src/core/events.js';
import type { RecordLink, Store } from '../../../src/core/store-port.js';
import { runPass, type PassResult } from '../../../src/engine/runner.js';
import { ordersFlow, runOrders } from '../../../src/flows/orders/index.js';
import { moveDeals, seedDeals } from '../../helpers/deals.js';
import { aheadClock, control, openSandboxApp } from '../../helpers/sandbox-app.js';

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
  /** The connection runtime (real clients over the sandboxes, the ledger). */
  rt: ConnectionRuntime;
  hs: HubSpotSandbox;
  qad: QadSandbox;
  store: Store;
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
  /** Default the seeded customer's company; null = no company. */
  companyId?: string | null;
  lines: { productId: string; quantity: number; price: number }[];
}

/**
 * Starts everything; `channel` selects REST (default) or QXtend order creation. `storeLocation`
 * is a ledger of the caller's (e.g. forEachDialect's, for PostgreSQL); default a SQLite file of
 * our own.
 */
export async function startOrdersHarness(
  channel: 'rest' | 'qxtend' = 'rest',
  storeLocation?: string,
): Promise<OrdersHarness> {
  const hs = await startHubSpotSandbox({});
  const qad = await startQadSandbox({ seed: 11, accounts: 30, items: 10 });
  const opened = await openSandboxApp(
    { hubspot: hs, qad },
    {
      clock: aheadClock(AHEAD_MS),
      http: { maxRetries: 2 },
      ...(storeLocation === undefined ? {} : { store: storeLocation }),
      ...(channel === 'qxtend'
        ? { qadExtra: `orders: { channel: qxtend }, qxtend: { url: '${qad.qxtendUrl}', receiver: QADERP }` }
        : {}),
    },
  );
  const { rt } = opened;
  const { store, events } = rt;
  // the properties the accounts, catalog and orders flows would have created
  for (const flow of ['accounts', 'catalog', 'orders'] as const) await rt.prepareFlow?.(flow);

  // QAD master data: an active USD customer of domain 10USA, and active items.
  const customers = await control<{ records: Record<string, unknown>[] }>(
    qad.origin,
    'GET',
    '/_sandbox/records/customers?limit=500',
  );
  const cust = customers.records.find(
    (c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD',
  );
  if (cust === undefined) throw new Error('no active 10USA USD customer in the QAD sandbox seed');
  const items = await control<{ records: Record<string, unknown>[] }>(
    qad.origin,
    'GET',
    '/_sandbox/records/items?limit=500',
  );
  const active = items.records
    .filter((i) => i['isActive'] !== false && i['unitOfMeasure'] === 'EA')
    .slice(0, 4);
  if (active.length < 4) throw new Error('need 4 active EA items in the QAD sandbox seed');

  const customerCode = String(cust['customerCode']);
  const accountKey = `10USA/${String(cust['businessRelationCode'])}`;
  const seeded = await control<{ companies: string[]; products: string[] }>(
    hs.url,
    'POST',
    '/_sandbox/seed',
    {
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
    },
  );
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
              ? ordersFlow
              : { ...ordersFlow, run: (ctx) => runOrders(ctx, { replayDealIds: opts.replayDealIds ?? [] }) },
          ],
        ]),
        flows: ['orders'],
        ...(opts.dryRun === undefined ? {} : { dryRun: opts.dryRun }),
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      }),
    seedDeals: (deals) =>
      seedDeals(
        hs.url,
        deals.map((d, i) => ({
          name: `Deal ${i}`,
          amount: d.amount,
          ...(d.currency === undefined ? {} : { currency: d.currency }),
          ...(d.companyId === null ? {} : { companyId: d.companyId ?? companyId }),
          lines: d.lines,
        })),
      ),
    closeWon: (dealId) => moveDeals(hs.url, [dealId]),
    async deal(dealId) {
      const all = await control<{ results: { id: string; properties: Record<string, string | null> }[] }>(
        hs.url,
        'GET',
        '/_sandbox/objects/deals',
      );
      return all.results.find((d) => d.id === dealId)?.properties ?? {};
    },
    async salesOrders(po) {
      const q = po === undefined ? '' : `?purchaseOrder=${encodeURIComponent(po)}`;
      return (
        await control<{ salesOrders: Awaited<ReturnType<OrdersHarness['salesOrders']>> }>(
          qad.origin,
          'GET',
          `/_sandbox/sales-orders${q}`,
        )
      ).salesOrders;
    },
    async qadFault(spec) {
      await control(qad.origin, 'POST', '/_sandbox/faults', spec);
    },
    async clearQadFaults() {
      await control(qad.origin, 'DELETE', '/_sandbox/faults');
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
      await opened.close();
      await hs.close();
      await qad.close();
    },
  };
  return harness;
}
