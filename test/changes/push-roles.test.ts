/**
 * Push mode in a queue deployment, end to end: real CLI processes of `run --role scheduler` and
 * `run --role worker` on PostgreSQL, a real HubSpot and QAD sandbox. The sandbox posts a signed
 * webhook for a deal moved to closed-won to the scheduler's receiver; the scheduler stores it and
 * asks the queue for an orders pass; the worker runs it: one QAD order, its number on the deal,
 * within seconds (every schedule is an hour, so no polling pass can be what made it). HubSpot
 * delivering the same event again (it did not see our answer) makes nothing more. And with two
 * connections: a deal closed while its connection's pass runs waits for that pass (no second job
 * beside it), while another connection's deal is not held up by it. Needs DATABASE_URL and
 * `npm run build` (the CLI runs from dist/).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealParties, dealSpecs, moveDeals, seedDeals } from '../helpers/deals.js';
import { DATABASE_URL } from '../helpers/store.js';
import { until } from '../helpers/until.js';
import { pointWebhooksAt } from '../helpers/webhooks.js';
import {
  getJson,
  postJson,
  startCluster,
  type CliProcess,
  type Cluster,
  type Tenant,
} from '../scale/cluster.js';

const SECRET = 'roles-push-client-secret-0123456789';
const HOUR = 3_600_000;

/**
 * Where HubSpot posts (the `publicUrl`): forwards every request to the scheduler's receiver. While
 * `swallowNext` is set, the next delivery is forwarded but answered 500 to HubSpot, as if our 204
 * was lost on the way back: HubSpot then delivers the same events again.
 */
async function front(): Promise<{
  server: Server;
  url: string;
  target: { value: string };
  swallowNext: { value: boolean };
  answers: number[];
}> {
  const target = { value: 'http://127.0.0.1:1/hooks/hubspot' };
  const swallowNext = { value: false };
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const h of ['x-hubspot-signature-v3', 'x-hubspot-request-timestamp'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      fetch(target.value, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then((r) => {
          answers.push(r.status);
          const swallow = swallowNext.value;
          swallowNext.value = false;
          res.writeHead(swallow ? 500 : r.status).end();
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hubspot`;
  return { server, url, target, swallowNext, answers };
}

const events = (p: CliProcess, name: string, from = 0): Record<string, unknown>[] =>
  p.lines
    .slice(from)
    .filter((l) => l.includes(`"event":"${name}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(!DATABASE_URL)('change events: push with run --role scheduler + worker', () => {
  let gate: Awaited<ReturnType<typeof front>>;
  let c: Cluster;
  let t: Tenant;
  let scheduler: CliProcess;
  let worker: CliProcess;

  const ordersFor = async (dealId: string): Promise<unknown[]> =>
    (
      await getJson<{ salesOrders: unknown[] }>(
        `${t.qad.origin}/_sandbox/sales-orders?purchaseOrder=HS-${dealId}`,
      )
    ).salesOrders;
  const orderOnDeal = async (dealId: string): Promise<string | undefined> => {
    const deals = await getJson<{ results: { id: string; properties: Record<string, string | null> }[] }>(
      `${t.hubspot.url}/_sandbox/objects/deals`,
    );
    return deals.results.find((d) => d.id === dealId)?.properties['qad_order_number'] || undefined;
  };

  beforeAll(async () => {
    gate = await front();
    c = await startCluster({
      databaseUrl: DATABASE_URL as string,
      tenants: 1,
      accounts: 20,
      items: 10,
      windowMs: 10_000,
      burst: 100,
      everyMs: HOUR,
      hubspotExtra: () => 'changeEvents: { mode: push, webhookSecret: env:HS_WEBHOOK_SECRET }',
      extraYaml: [`hooks: { port: 0, host: 127.0.0.1, publicUrl: '${gate.url}' }`],
      extraEnv: { HS_WEBHOOK_SECRET: SECRET },
    });
    t = c.tenants[0] as Tenant;
    scheduler = c.spawnCli(['run', '--role', 'scheduler']);
    worker = c.spawnCli(['run', '--role', 'worker']);
    const receiver = await scheduler.waitForLine((l) => l.startsWith('webhook receiver: '));
    gate.target.value = receiver.slice('webhook receiver: '.length).trim();
    // the first pass (every flow is due at start) syncs the companies and products deals are made on
    await worker.waitForLine((l) => l.includes('"event":"scale.pass.finished"') && l.includes('"completed"'));
    await pointWebhooksAt(t.hubspot.url, gate.url, SECRET);
  }, 120_000);

  afterAll(async () => {
    await c?.close();
    gate?.server.close();
  }, 60_000);

  it('the scheduler receives, a worker makes exactly one order within seconds, a re-delivery makes nothing', async () => {
    // workers do not listen
    expect(worker.lines.some((l) => l.startsWith('webhook receiver'))).toBe(false);
    const [seeded] = await seedDeals(
      t.hubspot.url,
      dealSpecs(await dealParties(t.hubspot.url, t.qad.origin), 1),
    );
    const id = seeded?.id ?? '';
    const fromWorker = worker.lines.length;
    const fromScheduler = scheduler.lines.length;
    gate.swallowNext.value = true;
    const closedAt = Date.now();
    await moveDeals(t.hubspot.url, [id]);

    const number = await until(`order number on deal ${id}`, () => orderOnDeal(id), 20_000);
    expect(Date.now() - closedAt).toBeLessThan(10_000);
    expect(number).toMatch(/^HS/);
    expect(await ordersFor(id)).toHaveLength(1);
    // the scheduler stored the event and asked the queue; the worker ran the orders pass
    expect(events(scheduler, 'hooks.received', fromScheduler)[0]).toMatchObject({ added: 1, duplicates: 0 });
    expect(events(scheduler, 'run.started', fromScheduler)).toEqual([]);
    const passes = events(worker, 'scale.pass.started', fromWorker);
    expect(passes.map((p) => p['flows'])).toContainEqual(['orders']);

    // HubSpot did not see the first answer and delivers the same event id again
    await until(
      'the re-delivery',
      () =>
        Promise.resolve(
          events(scheduler, 'hooks.received', fromScheduler).find((e) => e['duplicates'] === 1),
        ),
      20_000,
    );
    expect(gate.answers.slice(-2)).toEqual([204, 204]);
    const received = events(scheduler, 'hooks.received', fromScheduler);
    expect(received.map((e) => [e['added'], e['duplicates']])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    // nothing new was asked of the queue, and nothing more reaches QAD
    await new Promise((r) => setTimeout(r, 2_500));
    expect(events(worker, 'scale.pass.started', fromWorker)).toHaveLength(passes.length);
    expect(await ordersFor(id)).toHaveLength(1);
    const all = await getJson<{ salesOrders: unknown[] }>(`${t.qad.origin}/_sandbox/sales-orders`);
    expect(all.salesOrders).toHaveLength(1);
    const rows = await c.query<{ event_id: string; handled: boolean }>(
      `select event_id, processed_at_ms is not null as handled from "${c.schema}".change_events where object_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ event_id: expect.any(String) as string, handled: true }]);
    // the secret never reaches a log line
    expect([...scheduler.lines, ...worker.lines].join('\n')).not.toContain(SECRET);
  }, 60_000);

  it('hooks.onDashboard with --role scheduler is refused at start (the roles serve no dashboard)', async () => {
    const file = path.join(c.dir, 'on-dashboard.yaml');
    const yaml = (await readFile(c.configPath, 'utf8')).replace(
      /^hooks: .*$/m,
      'hooks: { onDashboard: true }',
    );
    await writeFile(file, yaml);
    const child = spawn(process.execPath, [c.cli, '--config', file, 'run', '--role', 'scheduler'], {
      cwd: c.dir,
      env: { PATH: process.env['PATH'] ?? '', ...c.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('error[HOOKS_NO_DASHBOARD]');
  }, 30_000);
});

describe.skipIf(!DATABASE_URL)('change events: push with a connection busy in a long pass', () => {
  let gate: Awaited<ReturnType<typeof front>>;
  let c: Cluster;
  let scheduler: CliProcess;
  let worker: CliProcess;
  const secret = (i: number): string => `${SECRET}-${i}`;

  const orderOnDeal = async (t: Tenant, dealId: string): Promise<string | undefined> => {
    const deals = await getJson<{ results: { id: string; properties: Record<string, string | null> }[] }>(
      `${t.hubspot.url}/_sandbox/objects/deals`,
    );
    return deals.results.find((d) => d.id === dealId)?.properties['qad_order_number'] || undefined;
  };
  const closeOne = async (t: Tenant): Promise<string> => {
    const [seeded] = await seedDeals(
      t.hubspot.url,
      dealSpecs(await dealParties(t.hubspot.url, t.qad.origin), 1),
    );
    await moveDeals(t.hubspot.url, [seeded?.id ?? '']);
    return seeded?.id ?? '';
  };

  beforeAll(async () => {
    gate = await front();
    c = await startCluster({
      databaseUrl: DATABASE_URL as string,
      tenants: 2,
      accounts: 20,
      items: 10,
      windowMs: 10_000,
      burst: 100,
      everyMs: HOUR,
      hubspotExtra: (i) => `changeEvents: { mode: push, webhookSecret: env:HS_WEBHOOK_SECRET_${i} }`,
      extraYaml: [`hooks: { port: 0, host: 127.0.0.1, publicUrl: '${gate.url}' }`],
      extraEnv: { HS_WEBHOOK_SECRET_0: secret(0), HS_WEBHOOK_SECRET_1: secret(1) },
    });
    scheduler = c.spawnCli(['run', '--role', 'scheduler']);
    worker = c.spawnCli(['run', '--role', 'worker', '--concurrency', '2']);
    const receiver = await scheduler.waitForLine((l) => l.startsWith('webhook receiver: '));
    gate.target.value = receiver.slice('webhook receiver: '.length).trim();
    const completed = (l: string): boolean =>
      l.includes('"event":"scale.pass.finished"') && l.includes('"completed"');
    await until(
      'both first passes',
      () => Promise.resolve(worker.lines.filter(completed).length >= 2 ? true : undefined),
      60_000,
    );
    for (const [i, t] of c.tenants.entries()) await pointWebhooksAt(t.hubspot.url, gate.url, secret(i));
  }, 120_000);

  afterAll(async () => {
    await c?.close();
    gate?.server.close();
  }, 60_000);

  it("a deal closed during its connection's pass waits for it; another connection's deal does not", async () => {
    const [t0, t1] = c.tenants as [Tenant, Tenant];
    // t0's next orders pass hangs 6 s in QAD (the customer browse behind the currency check)
    await postJson(`${t0.qad.origin}/_sandbox/faults`, {
      method: 'GET',
      path: '/api/qracore/browses*',
      kind: 'latency',
      latencyMs: 6_000,
      count: 1,
    });
    const from = worker.lines.length;
    const first = await closeOne(t0);
    const started = await worker.waitForLine(
      (l) => l.includes('"event":"scale.pass.started"') && l.includes(`"connection":"${t0.name}"`),
      from,
    );
    const t0Job = (JSON.parse(started) as { jobId: string }).jobId;
    const t0Finished = (l: string): boolean =>
      l.includes('"event":"scale.pass.finished"') && l.includes(`"jobId":"${t0Job}"`);
    // while t0's pass runs: another t0 deal (its request must wait), then a t1 deal
    const second = await closeOne(t0);
    const t0Received = (): number =>
      events(scheduler, 'hooks.received').filter((e) => e['connection'] === t0.name).length;
    await until('the second t0 event stored', () => Promise.resolve(t0Received() >= 2 ? true : undefined));
    const other = await closeOne(t1);
    // t1's order does not wait for t0's pass: a job queued beside a running one would have held
    // every fetch until t0's pass ended
    await until(`order number on ${t1.name} deal ${other}`, () => orderOnDeal(t1, other), 5_000);
    expect(worker.lines.slice(from).some(t0Finished)).toBe(false);
    // both t0 deals become orders: the first in the slow pass, the second in the pass asked for after it
    await until(`order number on ${t0.name} deal ${first}`, () => orderOnDeal(t0, first), 20_000);
    await until(`order number on ${t0.name} deal ${second}`, () => orderOnDeal(t0, second), 20_000);
    for (const [t, id] of [
      [t0, first],
      [t0, second],
      [t1, other],
    ] as const) {
      const { salesOrders } = await getJson<{ salesOrders: unknown[] }>(
        `${t.qad.origin}/_sandbox/sales-orders?purchaseOrder=HS-${id}`,
      );
      expect(salesOrders).toHaveLength(1);
    }
  }, 90_000);
});
