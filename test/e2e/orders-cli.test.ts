/**
 * Closed-won deals → QAD orders through the real CLI on a QXtend site (orders.channel: qxtend):
 * one good deal becomes exactly one order; a deal on a product not linked to a QAD item fails with
 * its reason on the deal and in `status`, and succeeds on `replay` once the product is synced.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { resetPropertyBootstrapCache } from '../../src/engine/properties.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

let hubspot: HubSpotSandbox;
let qad: QadSandbox;
let dir: string;
let configPath: string;

async function control<T>(base: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}
const hs = <T>(method: string, p: string, body?: unknown): Promise<T> =>
  control<T>(hubspot.url, method, p, body);
const qadControl = <T>(method: string, p: string, body?: unknown): Promise<T> =>
  control<T>(qad.origin, method, p, body);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ml-connector', '--config', configPath, ...args], {
    env: { HS_TOKEN: hubspot.token, QAD_PASSWORD: qad.password },
    cwd: dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

const objects = async (type: string): Promise<HsRecord[]> =>
  (await hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results;

beforeAll(async () => {
  resetPropertyBootstrapCache();
  hubspot = await startHubSpotSandbox();
  qad = await startQadSandbox({ seed: 11, accounts: 20, items: 15 });
  // HubSpot's clock runs 2 minutes behind: deal changes are past the orders search safety lag.
  await hs('POST', '/_sandbox/clock', { offsetMs: -120_000 });
  dir = await mkdtemp(path.join(tmpdir(), 'mlc-orders-cli-'));
  configPath = path.join(dir, 'ml-connector.yaml');
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
      '      orders: { channel: qxtend }',
      `      qxtend: { url: '${qad.qxtendUrl}', receiver: QADERP }`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await hubspot?.close();
  await qad?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('orders through the CLI on a QXtend site', () => {
  it('creates one order per valid deal, reports the invalid one, and replays it once its product is synced', async () => {
    expect((await cli('sync', 'accounts', 'catalog', '--json')).code).toBe(0);

    const customers = (
      await qadControl<{ records: Record<string, unknown>[] }>(
        'GET',
        '/_sandbox/records/customers?limit=1000',
      )
    ).records;
    const usd = new Set(
      customers
        .filter((c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD')
        .map((c) => String(c['customerCode'])),
    );
    const company = (await objects('companies')).find((c) =>
      usd.has(c.properties['qad_customer_code'] ?? ''),
    );
    const product = (await objects('products')).find((p) => !p.archived && p.properties['qad_uom'] === 'EA');
    if (company === undefined || product === undefined)
      throw new Error('seed lacks a USD customer or an EA item');

    // A product made by hand in HubSpot: no QAD item behind it yet.
    const handMade = await hs<{ products: string[] }>('POST', '/_sandbox/seed', {
      products: [{ properties: { name: 'Custom seal kit (hand-made)', price: '40.00' } }],
    });
    const handMadeId = handMade.products[0] ?? '';
    expect(handMadeId).toMatch(/^\d+$/);
    const price = Number(product.properties['price']);
    const deals = await hs<{ deals: { id: string }[] }>('POST', '/_sandbox/seed', {
      deals: [
        { name: 'good', lines: [{ productId: product.id, quantity: 2, price }] },
        { name: 'unmapped', lines: [{ productId: handMadeId, quantity: 1, price: 40 }] },
      ].map((d) => ({
        properties: {
          dealname: d.name,
          amount: d.lines.reduce((n, l) => n + l.quantity * l.price, 0).toFixed(2),
          dealstage: 'contractsent',
          pipeline: 'default',
          deal_currency_code: 'USD',
        },
        companyId: company.id,
        lineItems: d.lines,
      })),
    });
    const [good, unmapped] = deals.deals.map((d) => d.id);
    for (const id of [good, unmapped])
      await hs('POST', `/_sandbox/deals/${id}/stage`, { stageId: 'closedwon' });

    const first = await cli('sync', 'orders', '--json');
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ flows: { orders: { created: 1, failed: 1 } } });

    // the good deal: exactly one order, created through QXtend, number written back
    const orders = async (dealId: string | undefined) =>
      (
        await qadControl<{ salesOrders: Record<string, unknown>[] }>(
          'GET',
          `/_sandbox/sales-orders?purchaseOrder=HS-${dealId}`,
        )
      ).salesOrders;
    expect(await orders(good)).toHaveLength(1);
    const qxtendCalls = Object.entries(
      (await qadControl<{ routes: Record<string, Record<string, number>> }>('GET', '/_sandbox/stats')).routes,
    ).filter(([route]) => route.includes('QdocWebService'));
    expect(qxtendCalls.length).toBeGreaterThan(0);
    const dealsNow = await objects('deals');
    expect(dealsNow.find((d) => d.id === good)?.properties['qad_order_number']).toBe(
      (await orders(good))[0]?.['salesOrderNumber'],
    );

    // the unmapped deal: reason on the deal, failing in status, no order
    const bad = dealsNow.find((d) => d.id === unmapped);
    expect(bad?.properties['qad_sync_status']).toBe('error');
    expect(bad?.properties['qad_sync_error']).toContain(handMadeId);
    expect(await orders(unmapped)).toHaveLength(0);
    const status = JSON.parse((await cli('status', '--json')).stdout) as {
      flows: { flow: string; failing: number; inSync: number }[];
    };
    expect(status.flows.find((f) => f.flow === 'orders')).toMatchObject({ failing: 1, inSync: 1 });

    // ops adds the item to QAD and links the hand-made product to it; the catalog sync adopts it
    const items = (await qadControl<{ records: Record<string, unknown>[] }>('GET', '/_sandbox/records/items'))
      .records;
    const template = items.find((i) => i['itemCode'] === product.properties['hs_sku']) ?? items[0];
    await qadControl('POST', '/_sandbox/records/items', {
      ...template,
      itemCode: 'SEAL-KIT-01',
      description: 'Custom seal kit',
      listPrice: 40,
    });
    const itemKey = (product.properties['qad_item_key'] ?? '').replace(
      product.properties['hs_sku'] ?? '',
      'SEAL-KIT-01',
    );
    // (an admin sets the QAD key on the product in HubSpot, through the ordinary CRM API)
    const patched = await fetch(`${hubspot.url}/crm/v3/objects/products/${handMadeId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${hubspot.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { qad_item_key: itemKey } }),
    });
    expect(patched.status).toBe(200);
    expect((await cli('sync', 'catalog', '--json')).code).toBe(0);
    expect(
      (await objects('products')).filter((p) => p.properties['qad_item_key'] === itemKey).map((p) => p.id),
    ).toEqual([handMadeId]);

    const replay = await cli('replay', unmapped ?? '', '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      results: [{ connection: 'acme', replayed: 1, ok: 1, failed: 0 }],
    });
    expect(await orders(unmapped)).toHaveLength(1);
    expect((await objects('deals')).find((d) => d.id === unmapped)?.properties['qad_sync_status']).toBe(
      'synced',
    );

    // re-running everything never duplicates an order
    await cli('sync', '--json');
    expect(
      (await qadControl<{ salesOrders: unknown[] }>('GET', '/_sandbox/sales-orders')).salesOrders,
    ).toHaveLength(2);
  });
});
