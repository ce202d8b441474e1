/**
 * The `qad-orders` flow through the real CLI against both sandboxes: QAD orders entered by EDI or
 * phone wait for their customer (shown as waiting, not failed, by `status` and the dashboard), then appear as HubSpot orders on the right company with their
 * lines; an order that came from a deal is associated with that deal and its life walks open →
 * shipped → invoiced on the deal and through the order pipeline's stages as QAD advances it; a re-run with no QAD change writes nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import { startDashboard } from '../../src/server/dashboard.js';
import { createStore } from '../../src/store/index.js';
import { seedClosedWonDeals } from '../helpers/deals.js';
import { login, MemoryLogger, TOKEN } from '../server/harness.js';
import { startCliHarness, usdCustomerCompany, type CliHarness } from './cli-harness.js';

let h: CliHarness;

/** The documented default stage per QAD life status (docs/qad-orders.md). */
const DEFAULT_LABEL: Record<string, string> = {
  open: 'Open',
  on_credit_hold: 'Open',
  partially_shipped: 'Processed',
  shipped: 'Shipped',
  invoiced: 'Delivered',
  closed: 'Delivered',
  cancelled: 'Cancelled',
};

interface SandboxObject {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
  associations?: Record<string, string[]>;
}

beforeAll(async () => {
  h = await startCliHarness({
    seed: 21,
    accounts: 30,
    items: 15,
    orders: 40,
    flowsYaml: ["'qad-orders': { enabled: true }"],
  });
});

afterAll(async () => {
  await h?.close();
});

const objects = async (type: string): Promise<SandboxObject[]> =>
  (await h.hs<{ results: SandboxObject[] }>('GET', `/_sandbox/objects/${type}`)).results;

interface FlowCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

interface StatusRow {
  flow: string;
  inSync: number;
  failing: number;
  quarantined: number;
  waiting: number;
}

async function qadOrdersStatus(): Promise<StatusRow | undefined> {
  const run = await h.cli('status', '--json');
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { flows: StatusRow[] }).flows.find((f) => f.flow === 'qad-orders');
}

/** The dashboard over the CLI's ledger: the health page and the error queue as an operator sees them. */
async function dashboardPages(): Promise<{ health: string; queue: string; waitingList: string }> {
  const store = await createStore(path.join(h.dir, 'state.db'));
  const dashboard = await startDashboard({
    port: 0,
    token: TOKEN,
    store,
    events: new EventBus(),
    clock: systemClock,
    rateBudget: () => [],
    schedule: () => [],
    replay: () => Promise.reject(new Error('replay is not part of this test')),
    logger: new MemoryLogger(),
  });
  try {
    const { cookie } = await login(dashboard.url);
    const get = async (p: string): Promise<string> =>
      (await fetch(`${dashboard.url}${p}`, { headers: { Cookie: cookie } })).text();
    return {
      health: await get('/'),
      queue: await get('/errors?flow=qad-orders'),
      waitingList: await get('/errors?flow=qad-orders&state=waiting&code=QAD_ORDER_WAITING'),
    };
  } finally {
    await dashboard.close();
    await store.close();
  }
}

/** The health page's row of one flow. */
function healthRow(page: string, flow: string): string {
  const start = page.indexOf(`data-flow="${flow}"`);
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</tr>', start));
}

/** The default order pipeline's id and its stage labels by id, as the portal's Pipelines API answers. */
async function orderStageLabels(): Promise<{ pipelineId: string; labels: Map<string, string> }> {
  const res = await fetch(`${h.hubspot.url}/crm/v3/pipelines/orders`, {
    headers: { Authorization: `Bearer ${h.hubspot.token}` },
  });
  expect(res.status).toBe(200);
  const [pipeline] = (
    (await res.json()) as { results: { id: string; stages: { id: string; label: string }[] }[] }
  ).results;
  if (pipeline === undefined) throw new Error('the sandbox has no order pipeline');
  return { pipelineId: pipeline.id, labels: new Map(pipeline.stages.map((st) => [st.id, st.label])) };
}

async function syncQadOrders(): Promise<FlowCounts> {
  const run = await h.cli('sync', 'qad-orders', '--json');
  expect(run.stderr).not.toMatch(/"level":(50|60)/);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { flows: Record<string, FlowCounts> }).flows['qad-orders'] as FlowCounts;
}

describe('qad-orders through the CLI', () => {
  it('ping checks the orders scopes and the order browses when the flow is enabled', async () => {
    const ping = await h.cli('ping');
    expect(ping.stdout).toMatch(/ok {3}acme hubspot scopes/);
    expect(ping.stdout).toMatch(/ok {3}acme qad browse:salesOrderLine/);
    expect(ping.code).toBe(0);
  });

  it('keeps orders waiting until their customer is synced, then writes them on the right company', async () => {
    const qadOrders = (
      await h.qadControl<{
        salesOrders: {
          salesOrderNumber: string;
          domainCode: string;
          soldToCustomerCode: string;
          lines: unknown[];
        }[];
      }>('GET', '/_sandbox/sales-orders')
    ).salesOrders.filter((o) => o.domainCode === '10USA');
    expect(qadOrders.length).toBeGreaterThan(5);

    const waiting = await syncQadOrders();
    expect(waiting).toMatchObject({ created: 0, failed: 0 });
    expect(waiting.skipped).toBeGreaterThanOrEqual(qadOrders.length);
    expect((await objects('orders')).length).toBe(0);
    const lineCount = qadOrders.reduce((n, o) => n + o.lines.length, 0);

    // waiting, not failed: status counts them apart, twice in a row (retried, never dropped)
    for (let run = 0; run < 2; run++) {
      if (run > 0) expect(await syncQadOrders()).toMatchObject({ created: 0, failed: 0 });
      expect(await qadOrdersStatus()).toMatchObject({
        waiting: qadOrders.length + lineCount,
        failing: 0,
        quarantined: 0,
        inSync: 0,
      });
    }
    const text = await h.cli('status');
    expect(text.stdout).toMatch(/acme +qad-orders .* 0 +0 +0 +\d+\n/);
    expect(text.stdout).toContain(`${qadOrders.length + lineCount} waiting for customer sync`);
    const pages = await dashboardPages();
    const row = healthRow(pages.health, 'qad-orders');
    expect(row).toContain(`data-waiting="${qadOrders.length + lineCount}"`);
    expect(row).toMatch(/data-attention[^>]*>\s*0\s*</);
    expect(row).not.toContain('records need attention');
    expect(pages.queue).not.toContain('QAD_ORDER_WAITING');
    expect(pages.waitingList).toContain('QAD_ORDER_WAITING');
    expect(pages.waitingList).toContain(`10USA/${qadOrders[0]?.salesOrderNumber}`);

    // contacts may end partial (the seed shares some e-mails): exit 1 is "some records failed"
    const master = await h.cli('sync', 'accounts', 'contacts', '--json');
    expect([0, 1]).toContain(master.code);
    expect(JSON.parse(master.stdout)).toMatchObject({ flows: { accounts: { failed: 0 } } });
    const done = await syncQadOrders();
    expect(done.failed).toBe(0);
    expect(done.created).toBe(qadOrders.length + lineCount);
    expect(await qadOrdersStatus()).toMatchObject({
      waiting: 0,
      failing: 0,
      inSync: qadOrders.length + lineCount,
    });
    // the catalog has not run: every line is written, none with a product
    const lineItems = await objects('line_items');
    expect(lineItems).toHaveLength(lineCount);
    expect(lineItems.filter((l) => (l.properties['hs_product_id'] ?? '') !== '')).toEqual([]);

    const orders = await objects('orders');
    const stages = await orderStageLabels();
    const companies = new Map((await objects('companies')).map((c) => [c.id, c]));
    expect(orders).toHaveLength(qadOrders.length);
    for (const o of orders) {
      const qadOrder = qadOrders.find((q) => `10USA/${q.salesOrderNumber}` === o.properties['qad_order_key']);
      expect(qadOrder).toBeDefined();
      const companyIds = o.associations?.['companies'] ?? [];
      expect(companyIds).toHaveLength(1);
      expect(companies.get(companyIds[0] ?? '')?.properties['qad_customer_code']).toBe(
        qadOrder?.soldToCustomerCode,
      );
      expect(o.associations?.['line_items'] ?? []).toHaveLength(qadOrder?.lines.length ?? -1);
      expect(stages.labels.get(o.properties['hs_pipeline_stage'] ?? '')).toBe(
        DEFAULT_LABEL[o.properties['qad_order_status'] ?? ''],
      );
    }
  });

  it('links line items to the products the catalog flow linked, once, and writes the others without', async () => {
    const writeCalls = async (): Promise<number> =>
      (await h.hs<{ writeCalls: number }>('GET', '/_sandbox/stats')).writeCalls;
    const lineItems = async (): Promise<SandboxObject[]> =>
      (await objects('line_items')).filter((l) => !l.archived);
    const productOf = async (): Promise<Map<string, string>> =>
      new Map(
        (await objects('products'))
          .filter((p) => !p.archived)
          .map((p) => [p.properties['qad_item_key'] ?? '', p.id]),
      );
    // one ordered item the catalog cannot link: its QAD description is empty (quarantined)
    const unlinkedCode = (await lineItems())[0]?.properties['qad_item_code'] ?? '';
    expect(unlinkedCode).not.toBe('');
    const itemPath = `/_sandbox/records/items/${encodeURIComponent(unlinkedCode)}`;
    await h.qadControl('PATCH', itemPath, { description: '' });
    expect([0, 1]).toContain((await h.cli('sync', 'catalog', '--json')).code);
    const products = await productOf();
    expect(products.has(`10USA/${unlinkedCode}`)).toBe(false);
    const before = await lineItems();
    const linkable = before.filter((l) => products.has(`10USA/${l.properties['qad_item_code'] ?? ''}`));
    const unlinked = before.filter((l) => l.properties['qad_item_code'] === unlinkedCode);
    expect(linkable.length).toBeGreaterThan(0);
    expect(unlinked.length).toBeGreaterThan(0);

    const run = await h.cli('sync', 'qad-orders', '--json');
    expect(run.code).toBe(0);
    const counts = (JSON.parse(run.stdout) as { flows: Record<string, FlowCounts> }).flows['qad-orders'];
    expect(counts).toMatchObject({ updated: linkable.length, created: 0, failed: 0 });
    // the unlinked lines were written without a product when they were created, and said so
    const history = await h.cli('audit', unlinked[0]?.properties['qad_order_line_key'] ?? '', '--json');
    const events = (JSON.parse(history.stdout) as { events: { action: string; detail: unknown }[] }).events;
    const created = events.find((e) => e.action === 'created');
    expect(JSON.stringify(created?.detail)).toContain(
      `QAD item ${unlinkedCode} is not linked to a HubSpot product (catalog flow): written without hs_product_id`,
    );
    const after = await lineItems();
    expect(after).toHaveLength(before.length);
    for (const l of after) {
      const expected = products.get(`10USA/${l.properties['qad_item_code'] ?? ''}`);
      expect(l.properties['hs_product_id'] ?? undefined, l.properties['qad_order_line_key'] ?? '').toBe(
        expected,
      );
    }

    // nothing changed: no write
    const calls = await writeCalls();
    expect(await syncQadOrders()).toMatchObject({ updated: 0, created: 0, failed: 0 });
    expect(await writeCalls()).toBe(calls);

    // the item is fixed in QAD and linked by the catalog: its lines gain the product, once
    await h.qadControl('PATCH', itemPath, { description: 'Fixed in QAD' });
    expect((await h.cli('sync', 'catalog', '--json')).code).toBe(0);
    const productId = (await productOf()).get(`10USA/${unlinkedCode}`);
    expect(productId).toBeDefined();
    expect(await syncQadOrders()).toMatchObject({ updated: unlinked.length, failed: 0 });
    const fixed = (await lineItems()).filter((l) => l.properties['qad_item_code'] === unlinkedCode);
    expect(fixed.map((l) => l.properties['hs_product_id'])).toEqual(unlinked.map(() => productId));
    expect(await syncQadOrders()).toMatchObject({ updated: 0, created: 0 });
  });

  it('associates an order from a deal with the deal and walks its status open → shipped → invoiced', async () => {
    expect((await h.cli('sync', 'catalog', '--json')).code).toBe(0);
    const company = await usdCustomerCompany(h);
    const product = (await objects('products')).find((p) => !p.archived && p.properties['qad_uom'] === 'EA');
    if (product === undefined) throw new Error('seed lacks an EA item');
    const price = Number(product.properties['price']);
    const [dealId] = await seedClosedWonDeals(h.hubspot.url, [
      { name: 'pumps', companyId: company.id, lines: [{ productId: product.id, quantity: 3, price }] },
    ]);
    expect((await h.cli('sync', 'orders', '--json')).code).toBe(0);
    const [qadOrder] = await h.ordersOfDeal(dealId);
    const orderNumber = String(qadOrder?.['salesOrderNumber']);
    expect(orderNumber).toMatch(/^HS/);

    const deal = async (): Promise<SandboxObject | undefined> =>
      (await objects('deals')).find((d) => d.id === dealId);
    await syncQadOrders();
    const order = (await objects('orders')).find(
      (o) => o.properties['qad_order_key'] === `10USA/${orderNumber}`,
    );
    expect(order?.associations?.['deals']).toEqual([dealId]);
    expect(order?.associations?.['companies']).toEqual([company.id]);
    expect((await deal())?.properties['qad_order_status']).toBe('open');
    // the order moves through the order pipeline with its life: stage labels from the Pipelines API
    const stageLabels = await orderStageLabels();
    const stageOf = async (): Promise<string | undefined> => {
      const o = (await objects('orders')).find((x) => x.id === order?.id);
      expect(o?.properties['hs_pipeline']).toBe(stageLabels.pipelineId);
      return stageLabels.labels.get(o?.properties['hs_pipeline_stage'] ?? '');
    };
    expect(await stageOf()).toBe('Open');

    await h.qadControl('POST', `/_sandbox/sales-orders/10USA/${orderNumber}/ship-all`, {});
    await syncQadOrders();
    const shipped = (await deal())?.properties;
    expect(shipped?.['qad_order_status']).toBe('shipped');
    expect(shipped?.['qad_shipped_date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await stageOf()).toBe('Shipped');

    await h.qadControl('POST', `/_sandbox/sales-orders/10USA/${orderNumber}/invoice`, {});
    await syncQadOrders();
    const invoiced = (await deal())?.properties;
    expect(invoiced?.['qad_order_status']).toBe('invoiced');
    expect(invoiced?.['qad_invoice_numbers']).toMatch(/^I\d{7}$/);
    expect(Number(invoiced?.['qad_invoiced_amount'])).toBeCloseTo(3 * price, 1);
    expect(await stageOf()).toBe('Delivered');
  });

  it('writes nothing on a re-run without QAD changes', async () => {
    const writeCalls = async (): Promise<number> =>
      (await h.hs<{ writeCalls: number }>('GET', '/_sandbox/stats')).writeCalls;
    const before = await writeCalls();
    const counts = await syncQadOrders();
    expect(counts).toMatchObject({ created: 0, updated: 0, failed: 0, skipped: 0 });
    expect(counts.unchanged).toBeGreaterThan(0);
    expect(await writeCalls()).toBe(before);
  });
});
