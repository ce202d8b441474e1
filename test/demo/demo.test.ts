/**
 * The demo end to end: runDemo against the real sandboxes (checked against their state before they
 * stop), and the `demo --json` command in process (shape, exit code, no secrets in the output).
 */
import { readFile, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram, buildProgram } from '../../src/cli/program.js';
import { listHubSpot, listSalesOrders } from '../../src/demo/control.js';
import { runDemo, type DemoResult } from '../../src/demo/run-demo.js';

describe('runDemo', () => {
  let result: DemoResult;
  beforeAll(async () => {
    result = await runDemo({ accounts: 80, items: 40, deals: 6 });
  }, 120_000);
  afterAll(async () => {
    await result?.stop();
    if (result) await rm(result.dir, { recursive: true, force: true });
  });

  it('moves companies, contacts and products and reports what the sandboxes hold', async () => {
    const flows = result.passes.flatMap((p) => p.flows);
    expect(flows.map((f) => f.flow)).toEqual(['accounts', 'contacts', 'catalog', 'orders']);
    for (const f of flows) expect(f.outcome === 'ok' || f.outcome === 'partial').toBe(true);
    const created = Object.fromEntries(flows.map((f) => [f.flow, f.counts.created]));
    expect(created['accounts']).toBeGreaterThan(0);
    expect(created['contacts']).toBeGreaterThan(0);
    expect(created['catalog']).toBeGreaterThan(0);
    // the demo starts on a lived-in portal: HubSpot holds what we created, what we adopted and the
    // records that have nothing to do with QAD
    const adopted = Object.fromEntries(flows.map((f) => [f.flow, f.counts.adopted ?? 0]));
    expect(adopted['accounts']).toBeGreaterThan(0);
    expect(result.moved.companies).toBeGreaterThanOrEqual(
      (created['accounts'] ?? 0) + (adopted['accounts'] ?? 0),
    );
    expect(result.moved.contacts).toBeGreaterThanOrEqual(
      (created['contacts'] ?? 0) + (adopted['contacts'] ?? 0),
    );
    const live = (await listHubSpot(result.hubspotUrl, 'products')).filter((p) => !p.archived);
    expect(result.moved.products).toBe(live.length);
    for (const p of result.problems) {
      expect(p.code).not.toBeNull();
      expect(p.message).not.toBe('');
    }
  });

  it('turns every closed-won deal into exactly one QAD order carrying its amount and currency', async () => {
    expect(result.orders).toHaveLength(6);
    const origin = new URL(result.qadUrl).origin;
    const deals = new Map((await listHubSpot(result.hubspotUrl, 'deals')).map((d) => [d.id, d]));
    for (const order of result.orders) {
      const inQad = await listSalesOrders(origin, `HS-${order.dealId}`);
      expect(inQad).toHaveLength(1);
      expect(order.orderNumber).toBe(inQad[0]?.salesOrderNumber);
      expect(deals.get(order.dealId)?.properties['qad_order_number']).toBe(order.orderNumber);
      expect(order.syncStatus).toBe('synced');
      expect(inQad[0]?.currencyCode).toBe(order.currency);
      expect(inQad[0]?.totalAmount).toBeCloseTo(Number(order.amount), 2);
      expect(inQad[0]?.soldToCustomerCode).toBe(order.customerCode);
    }
    expect(result.moved.salesOrders).toBe(6);
  });

  it('leaves a folder whose config holds secret references only', async () => {
    const yaml = await readFile(result.configPath, 'utf8');
    expect(yaml).toContain('token: vault:hubspot.token');
    expect(yaml).toContain('password: vault:qad.password');
    expect(yaml).not.toContain('integration-pw');
    expect(yaml).not.toMatch(/pat-na1-/);
  });
});

describe('ml-connector demo --json', () => {
  it('prints the sync summary plus the orders, exits 0 and prints no secret', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const { program, ctx } = buildProgram({
      env: {},
      cwd: process.cwd(),
      stdout,
      stderr,
      stdin: new PassThrough(),
    });
    const code = await runProgram(program, ctx, [
      'node',
      'ml-connector',
      'demo',
      '--json',
      '--accounts',
      '40',
      '--items',
      '30',
      '--deals',
      '3',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out) as {
      flows: Record<string, { created: number }>;
      calls: { hubspot: number; qad: number };
      durationMs: number;
      orders: { orderNumber: string | null; qadOrders: number }[];
      dir: string;
    };
    expect(Object.keys(summary.flows)).toEqual(['accounts', 'contacts', 'catalog', 'orders']);
    expect(summary.flows['orders']?.created).toBe(3);
    expect(summary.calls.hubspot).toBeGreaterThan(0);
    expect(summary.calls.qad).toBeGreaterThan(0);
    expect(summary.orders).toHaveLength(3);
    for (const o of summary.orders) {
      expect(o.orderNumber).toMatch(/^HS/);
      expect(o.qadOrders).toBe(1);
    }
    expect(out).not.toContain('integration-pw');
    expect(out).not.toMatch(/pat-na1-/);
    await rm(summary.dir, { recursive: true, force: true });
  }, 120_000);
});
