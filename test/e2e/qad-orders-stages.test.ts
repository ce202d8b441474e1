/**
 * The order pipeline stage of `qad-orders` through the real CLI against both sandboxes, on a portal
 * with a second order pipeline whose stages are labelled otherwise ("Fulfilment"): a config naming
 * a pipeline or stage the portal lacks — or choosing a pipeline without the default labels and
 * naming no stages — fails the run before any write with exit 2 naming the field; with explicit
 * stages (by label and by id) every order lands in the stage of its QAD status, follows it as
 * QAD ships it, a re-run writes nothing, and a changed stage config moves the orders it concerns on
 * the next run without any QAD change (and only those).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness, type HsRecord } from './cli-harness.js';

let h: CliHarness;
let baseConfig = '';
let voidId = '';
let fulfilmentId = '';

const FULFILMENT = ['Booked', 'Picking', 'On the truck', 'Billed', 'Void'];

beforeAll(async () => {
  h = await startCliHarness({ seed: 33, accounts: 20, items: 10, orders: 25 });
  baseConfig = await readFile(path.join(h.dir, 'ml-connector.yaml'), 'utf8');
  await h.hs('POST', '/_sandbox/seed', {
    pipelines: [
      { objectType: 'orders', label: 'Fulfilment', stages: FULFILMENT.map((label) => ({ label })) },
    ],
  });
  const pipelines = await orderPipelines();
  const fulfilment = pipelines.find((p) => p.label === 'Fulfilment');
  fulfilmentId = fulfilment?.id ?? '';
  voidId = fulfilment?.stages.find((s) => s.label === 'Void')?.id ?? '';
  expect(voidId).not.toBe('');
});

afterAll(async () => {
  await h?.close();
});

async function orderPipelines(): Promise<
  { id: string; label: string; stages: { id: string; label: string }[] }[]
> {
  const res = await fetch(`${h.hubspot.url}/crm/v3/pipelines/orders`, {
    headers: { Authorization: `Bearer ${h.hubspot.token}` },
  });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      results: { id: string; label: string; stages: { id: string; label: string }[] }[];
    }
  ).results;
}

/** Rewrites the connection's `flows:` with these `qad-orders` settings (YAML flow mapping body). */
async function configure(qadOrders: string): Promise<void> {
  await writeFile(
    path.join(h.dir, 'ml-connector.yaml'),
    `${baseConfig.trimEnd()}\n    flows:\n      'qad-orders': { enabled: true${qadOrders === '' ? '' : `, ${qadOrders}`} }\n`,
  );
}

const writeCalls = async (): Promise<number> =>
  (await h.hs<{ writeCalls: number }>('GET', '/_sandbox/stats')).writeCalls;

/** Write calls on records and associations (property bootstrap apart). */
async function recordWrites(): Promise<number> {
  const { requests } = await h.hs<{ requests: Record<string, Record<string, number>> }>(
    'GET',
    '/_sandbox/stats',
  );
  return Object.entries(requests)
    .filter(([route]) => /^(POST|PATCH|PUT|DELETE) \/crm\/(objects|associations)\//.test(route))
    .reduce((n, [, byStatus]) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}

const orders = async (): Promise<HsRecord[]> => (await h.objects('orders')).filter((o) => !o.archived);

async function sync(): Promise<{ code: number; text: string; counts: Record<string, number> | undefined }> {
  const run = await h.cli('sync', 'qad-orders', '--json');
  const json = JSON.parse(run.stdout) as {
    flows: Record<string, Record<string, number>>;
    connections: { flows: { error?: { message?: string } | null }[] }[];
  };
  expect(json.connections, run.stdout).toBeDefined();
  const text = json.connections.flatMap((c) => c.flows.map((f) => f.error?.message ?? '')).join('\n');
  return { code: run.code, text, counts: json.flows['qad-orders'] };
}

/** What the explicit config below maps each QAD status to, by label. */
const EXPLICIT: Record<string, string> = {
  open: 'Booked',
  on_credit_hold: 'Booked',
  partially_shipped: 'Picking',
  shipped: 'On the truck',
  invoiced: 'Billed',
  closed: 'Billed',
  cancelled: 'Void',
};

describe('qad-orders order pipeline stages', () => {
  it('fails fast with exit 2 naming the field when the config names what the portal lacks', async () => {
    const master = await h.cli('sync', 'accounts', 'contacts', '--json');
    expect([0, 1]).toContain(master.code);
    const before = await recordWrites();

    await configure(`stages: { shipped: 'On the truck' }`);
    const unknownStage = await sync();
    expect(unknownStage.code).toBe(2);
    expect(unknownStage.text).toContain('flows.qad-orders.stages.shipped');
    expect(unknownStage.text).toContain('"On the truck" is neither the id nor the label of a stage');

    await configure(`pipeline: 'Returns'`);
    const unknownPipeline = await sync();
    expect(unknownPipeline.code).toBe(2);
    expect(unknownPipeline.text).toContain('flows.qad-orders.pipeline');
    expect(unknownPipeline.text).toContain('Fulfilment');

    // the renamed pipeline without stages: the default labels are not there, every status is named
    await configure(`pipeline: Fulfilment`);
    const noDefaults = await sync();
    expect(noDefaults.code).toBe(2);
    for (const status of ['open', 'partially_shipped', 'shipped', 'invoiced', 'cancelled'])
      expect(noDefaults.text).toContain(`flows.qad-orders.stages.${status}:`);

    // nothing was written by any of them, nor recorded as a per-record failure
    expect(await recordWrites()).toBe(before);
    expect(await orders()).toHaveLength(0);
    const status = await h.cli('status', '--json');
    const row = (JSON.parse(status.stdout) as { flows: { flow: string; failing: number }[] }).flows.find(
      (f) => f.flow === 'qad-orders',
    );
    expect(row?.failing ?? 0).toBe(0);
  });

  it('puts every order in the configured stage of its QAD status, follows it, and re-runs write nothing', async () => {
    await configure(
      `pipeline: fulfilment, stages: { open: Booked, on_credit_hold: booked, partially_shipped: Picking, shipped: 'On the truck', invoiced: Billed, closed: Billed, cancelled: '${voidId}' }`,
    );
    const first = await sync();
    expect(first.code).toBe(0);
    expect(first.counts).toMatchObject({ failed: 0 });
    const labels = new Map(
      (await orderPipelines()).find((p) => p.id === fulfilmentId)?.stages.map((s) => [s.id, s.label]) ?? [],
    );
    const written = await orders();
    expect(written.length).toBeGreaterThan(5);
    const statuses = new Set<string>();
    for (const o of written) {
      const status = o.properties['qad_order_status'] ?? '';
      statuses.add(status);
      expect(o.properties['hs_pipeline']).toBe(fulfilmentId);
      expect(labels.get(o.properties['hs_pipeline_stage'] ?? ''), `${o.properties['qad_order_key']}`).toBe(
        EXPLICIT[status],
      );
    }
    expect(statuses.size).toBeGreaterThan(1);

    // a re-run with nothing changed in QAD: no write at all
    const calls = await writeCalls();
    const again = await sync();
    expect(again.code).toBe(0);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(await writeCalls()).toBe(calls);

    // QAD ships an open order: its stage follows on the next run
    const open = written.find((o) =>
      ['open', 'partially_shipped'].includes(o.properties['qad_order_status'] ?? ''),
    );
    if (open === undefined) throw new Error(`seed lacks an open order: ${[...statuses].join(', ')}`);
    const orderNumber = open.properties['hs_external_order_id'] ?? '';
    await h.qadControl('POST', `/_sandbox/sales-orders/10USA/${orderNumber}/ship-all`, {});
    const shipped = await sync();
    expect(shipped.code).toBe(0);
    expect(shipped.counts?.['updated']).toBeGreaterThanOrEqual(1);
    const after = (await orders()).find((o) => o.id === open.id);
    expect(after?.properties['qad_order_status']).toBe('shipped');
    expect(labels.get(after?.properties['hs_pipeline_stage'] ?? '')).toBe('On the truck');

    // the config changes without any QAD change: the orders read in full once, only the moved ones written
    const shippedCount = (await orders()).filter(
      (o) => o.properties['qad_order_status'] === 'shipped',
    ).length;
    await configure(
      `pipeline: '${fulfilmentId}', stages: { open: Booked, on_credit_hold: Booked, partially_shipped: Picking, shipped: Billed, invoiced: Billed, closed: Billed, cancelled: Void }`,
    );
    const restaged = await sync();
    expect(restaged.code).toBe(0);
    expect(restaged.counts).toMatchObject({ updated: shippedCount, created: 0, failed: 0 });
    const moved = (await orders()).find((o) => o.id === open.id);
    expect(labels.get(moved?.properties['hs_pipeline_stage'] ?? '')).toBe('Billed');
    const calm = await writeCalls();
    expect((await sync()).counts).toMatchObject({ updated: 0, created: 0, failed: 0 });
    expect(await writeCalls()).toBe(calm);
  });
});
