/**
 * Tenant isolation (issue 8): two connections — different HubSpot portals, different QAD tenants
 * (own client id and password) — in one config, synced at the same time in one process. A
 * recording proxy in front of each of the four hosts proves that no credential of one tenant is
 * ever sent to the other's hosts, and the data proves that no record of one reaches the other.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app/compose.js';
import { buildRuntime } from '../../src/app/runtime.js';
import { runPass } from '../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../src/flows/index.js';
import { memoryLog, startPair, warpClock, type Pair } from './harness.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { recordResult } from './results.js';
import { hsObjects, qadOrders, seedClosedWonDeals } from './state.js';

interface Tenant {
  name: string;
  pair: Pair;
  hsProxy: RecordingProxy;
  qadProxy: RecordingProxy;
  password: string;
  deals: number;
}

async function names(pair: Pair, kind: string, field: string): Promise<Set<string>> {
  const { records } = await pair.qadControl<{ records: Record<string, unknown>[] }>(
    'GET',
    `/_sandbox/records/${kind}?limit=1000`,
  );
  return new Set(records.map((r) => String(r[field])));
}

describe('tenant isolation: two portals and two QAD tenants synced at the same time', () => {
  const tenants: Tenant[] = [];
  let app: App;

  beforeAll(async () => {
    const a = await startPair({ portalId: 11_111_111, seed: 7 });
    const b = await startPair({
      portalId: 22_222_222,
      seed: 8,
      clientId: 'b'.repeat(32),
      password: 'tenant-b-Pw-9f3k',
    });
    for (const [name, pair, password, deals] of [
      ['tenant-a', a, 'integration-pw', 3],
      ['tenant-b', b, 'tenant-b-Pw-9f3k', 4],
    ] as const) {
      await pair.hs('POST', '/_sandbox/clock', { offsetMs: -120_000 });
      tenants.push({
        name,
        pair,
        password,
        deals,
        hsProxy: await startRecordingProxy(pair.hubspot.url),
        qadProxy: await startRecordingProxy(pair.qad.origin),
      });
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-tenants-'));
    const configPath = path.join(dir, 'ml-connector.yaml');
    const env: Record<string, string> = {};
    const lines = ['store: ./state.db', 'connections:'];
    for (const t of tenants) {
      const v = t.name.toUpperCase().replace(/-/g, '_');
      env[`${v}_HS`] = t.pair.hubspot.token;
      env[`${v}_QAD`] = t.password;
      lines.push(
        `  - name: ${t.name}`,
        `    hubspot: { hubId: ${t.pair.hubspot.portalId}, token: env:${v}_HS, baseUrl: '${t.hsProxy.origin}' }`,
        `    qad: { baseUrl: '${t.qadProxy.origin}/clouderp', clientId: '${t.pair.qad.clientId}', username: integration, password: env:${v}_QAD, domain: 10USA, entity: 10USACO }`,
      );
    }
    await writeFile(configPath, `${lines.join('\n')}\n`);
    app = await openApp({ configPath, env, cwd: dir, clock: warpClock(), logDestination: memoryLog() });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    for (const t of tenants) {
      await t.hsProxy.close();
      await t.qadProxy.close();
      await t.pair.close();
    }
  });

  it('no credential crosses tenants and no record reaches the other tenant', async () => {
    const [a, b] = tenants as [Tenant, Tenant];
    expect(a.pair.hubspot.token).not.toBe(b.pair.hubspot.token);
    expect(a.pair.qad.clientId).not.toBe(b.pair.qad.clientId);
    const registry = defaultFlowRegistry();
    const runtimes = await Promise.all(tenants.map((t) => buildRuntime(app, t.name)));
    const master = await Promise.all(
      runtimes.map((rt) => runPass(rt, { registry, flows: ['accounts', 'contacts', 'catalog'] })),
    );
    for (const pass of master) expect(pass.flows.map((f) => f.outcome)).not.toContain('failed');
    for (const t of tenants) await seedClosedWonDeals(t.pair, t.deals);
    const orders = await Promise.all(runtimes.map((rt) => runPass(rt, { registry, flows: ['orders'] })));
    for (const pass of orders) expect(pass.flows[0]?.outcome).toBe('ok');

    // credentials: each host saw its own tenant's secrets and never the other's
    for (const [own, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const hs = own.hsProxy.transcript();
      const qad = own.qadProxy.transcript();
      expect(hs).toContain(`Bearer ${own.pair.hubspot.token}`);
      expect(qad).toContain(own.pair.qad.clientId);
      expect(qad).toContain(own.password);
      for (const secret of [other.pair.hubspot.token, other.password, other.pair.qad.clientId]) {
        expect(hs.includes(secret), `${other.name} secret at ${own.name}'s HubSpot`).toBe(false);
        expect(qad.includes(secret), `${other.name} secret at ${own.name}'s QAD`).toBe(false);
      }
      // and no HubSpot token ever goes to a QAD host (nor the QAD password to HubSpot)
      expect(qad.includes(own.pair.hubspot.token)).toBe(false);
      expect(hs.includes(own.password)).toBe(false);
    }

    // data: every company/product comes from its own tenant; orders only for its own deals
    const summary: string[] = [];
    for (const [own, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const ownNames = await names(own.pair, 'businessRelations', 'name1');
      const otherOnly = [...(await names(other.pair, 'businessRelations', 'name1'))].filter(
        (n) => !ownNames.has(n),
      );
      const companies = await hsObjects(own.pair, 'companies');
      expect(companies.length).toBeGreaterThan(10);
      expect(companies.filter((c) => !ownNames.has(c.properties['name'] ?? ''))).toEqual([]);
      expect(companies.filter((c) => otherOnly.includes(c.properties['name'] ?? ''))).toEqual([]);
      const ownItems = await names(own.pair, 'items', 'itemCode');
      const products = await hsObjects(own.pair, 'products');
      expect(products.filter((p) => !ownItems.has(p.properties['hs_sku'] ?? ''))).toEqual([]);
      const ownOrders = await qadOrders(own.pair);
      expect(ownOrders).toHaveLength(own.deals);
      const dealIds = new Set((await hsObjects(own.pair, 'deals')).map((d) => `HS-${d.id}`));
      expect(ownOrders.filter((o) => !dealIds.has(o.purchaseOrder))).toEqual([]);
      expect(ownOrders.flatMap((o) => o.lines).filter((l) => !ownItems.has(l.itemCode))).toEqual([]);
      summary.push(
        `${own.name}: ${companies.length} companies, ${products.length} products, ${ownOrders.length} orders, ${own.hsProxy.requests.length + own.qadProxy.requests.length} requests recorded`,
      );
    }
    recordResult('tenant isolation', 'two tenants synced concurrently', {
      runs: 1,
      outcome: `${summary.join('; ')}; 0 foreign credentials, 0 foreign records`,
    });
  }, 120_000);
});
