/**
 * Finding 12 (no mass-change guard): QAD marking most items inactive made one catalog run archive
 * most of the HubSpot catalog, and a mapping change overwrote every company. Now a run that would
 * archive, inactivate or update more than `massChange.maxShare` of a flow's linked records (and at
 * least `minRecords`) stops before writing: `sync` exits 5, HubSpot sees no write (sandbox stats),
 * and it goes ahead only with `sync --confirm-mass-change` or a confirmation on the dashboard —
 * both recorded. Through the real CLI against both sandboxes, and the dashboard over real HTTP.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { systemClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import type { MassChangeHold } from '../../src/core/store-port.js';
import { startDashboard } from '../../src/server/dashboard.js';
import type { DashboardHandle } from '../../src/server/types.js';
import { createStore, type KyselyStore } from '../../src/store/index.js';
import { MemoryLogger, TOKEN, login } from '../server/harness.js';
import { control } from '../helpers/sandbox-app.js';
import { cliFolder, type CliFolder, type CliResult } from './cli.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}
interface QadItemRow {
  itemCode: string;
  domainCode: string;
  isActive: boolean;
}
interface MassChangeVerdict {
  wouldHold: boolean;
  exceedsLimit: boolean;
  tally: { linked: number; archive: number; inactivate: number; update: number };
  threshold: number;
  sample: { key: string; kind: string }[];
  confirmedBy: string | null;
}
interface SyncJson {
  exitCode: number;
  flows: Record<string, { created: number; updated: number; unchanged: number; failed: number }>;
  massChangeHeld?: { connection: string; flow: string; message: string }[];
  massChangeWouldHold?: ({ connection: string; flow: string } & MassChangeVerdict)[];
  connections: { plan?: { massChange: Record<string, MassChangeVerdict> } }[];
}

let hubspot: HubSpotSandbox;
let qad: QadSandbox;
let folder: CliFolder;
let env: Record<string, string>;

const ITEMS = 100;
const ACCOUNTS = 60;

function configLines(extraFlows: string[] = []): string[] {
  return [
    `store: ${path.join(folder.dir, 'state.db')}`,
    'connections:',
    '  - name: acme',
    `    hubspot: { hubId: ${hubspot.portalId}, token: env:HS_TOKEN, baseUrl: '${hubspot.url}' }`,
    `    qad: { baseUrl: '${qad.url}', clientId: '${qad.clientId}', username: ${qad.username}, password: env:QAD_PASSWORD, domain: 10USA, entity: 10USACO }`,
    ...(extraFlows.length > 0 ? ['    flows:', ...extraFlows] : []),
  ];
}

const sync = (...args: string[]): Promise<CliResult> => folder.cli(['sync', ...args], env);
const writeCalls = async (): Promise<number> =>
  (await control<{ writeCalls: number }>(hubspot.url, 'GET', '/_sandbox/stats')).writeCalls;
const objects = async (type: string): Promise<HsRecord[]> =>
  (await control<{ results: HsRecord[] }>(hubspot.url, 'GET', `/_sandbox/objects/${type}`)).results;
const json = (r: CliResult): SyncJson => JSON.parse(r.stdout) as SyncJson;

async function withStore<T>(use: (store: KyselyStore) => Promise<T>): Promise<T> {
  const store = await createStore(path.join(folder.dir, 'state.db'));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  hubspot = await startHubSpotSandbox();
  qad = await startQadSandbox({ seed: 12, accounts: ACCOUNTS, items: ITEMS });
  folder = await cliFolder('mlc-mass-');
  env = { HS_TOKEN: hubspot.token, QAD_PASSWORD: qad.password };
  await folder.writeConfig(configLines());
});
afterAll(async () => {
  await folder.close();
  await hubspot.close();
  await qad.close();
});

describe('QAD marks 80 % of the items inactive', () => {
  let toDeactivate: string[] = [];

  it('a first sync on an empty ledger is not a mass change', async () => {
    const r = await sync('catalog', '--json');
    expect(r.code).toBe(0);
    const created = json(r).flows['catalog']?.created ?? 0;
    expect(created).toBeGreaterThanOrEqual(60);
    const linked = (await objects('products')).filter((p) => !p.archived);
    expect(linked).toHaveLength(created);
    const items = await control<{ records: QadItemRow[] }>(qad.origin, 'GET', '/_sandbox/records/items');
    const active = items.records.filter((i) => i.isActive && i.domainCode === '10USA');
    toDeactivate = active.slice(0, Math.ceil(active.length * 0.8)).map((i) => i.itemCode);
  });

  it('a dry run says the run would be held: exit 0, no hold recorded, nothing written', async () => {
    for (const code of toDeactivate)
      await control(qad.origin, 'POST', `/_sandbox/records/items/${encodeURIComponent(code)}/deactivate`);
    const before = await writeCalls();
    const r = await sync('catalog', '--dry-run', '--json');
    expect(r.code).toBe(0);
    const answer = json(r);
    expect(answer.exitCode).toBe(0);
    expect(answer.massChangeHeld).toBeUndefined();
    const verdict = answer.connections[0]?.plan?.massChange['catalog'];
    expect(verdict).toMatchObject({
      wouldHold: true,
      exceedsLimit: true,
      tally: { archive: toDeactivate.length, inactivate: 0, update: 0 },
      confirmedBy: null,
    });
    expect(verdict?.tally.linked).toBeGreaterThanOrEqual(60);
    expect(verdict?.threshold).toBeLessThan(toDeactivate.length);
    expect(verdict?.sample[0]).toEqual({ key: `10USA/${toDeactivate[0]}`, kind: 'archive' });
    expect(answer.massChangeWouldHold).toEqual([{ connection: 'acme', flow: 'catalog', ...verdict }]);

    const text = await sync('catalog', '--dry-run');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `WOULD BE HELD by the mass-change guard: acme catalog would archive ${toDeactivate.length}, inactivate 0, update 0`,
    );
    expect(text.stdout).toContain('exit 5 (MASS_CHANGE_HELD)');

    // with the confirmation flag the preview says the run would go ahead, and who confirmed
    const confirmedPreview = json(await sync('catalog', '--dry-run', '--confirm-mass-change', '--json'));
    expect(confirmedPreview.connections[0]?.plan?.massChange['catalog']).toMatchObject({
      wouldHold: false,
      exceedsLimit: true,
      confirmedBy: expect.stringMatching(/^cli:.+/) as unknown,
    });
    expect(confirmedPreview.massChangeWouldHold).toEqual([]);

    expect(await writeCalls()).toBe(before);
    expect((await objects('products')).filter((p) => p.archived)).toHaveLength(0);
    expect(await withStore((s) => s.listMassChangeHolds({ flow: 'catalog', limit: 10 }))).toEqual([]);
  });

  it('the catalog run is held: exit 5, counts and sample keys, no write to HubSpot', async () => {
    const before = await writeCalls();
    const r = await sync('catalog', '--json');
    expect(r.code).toBe(5);
    const held = json(r).massChangeHeld ?? [];
    expect(held).toHaveLength(1);
    expect(held[0]?.flow).toBe('catalog');
    expect(held[0]?.message).toContain(`archive ${toDeactivate.length}, inactivate 0, update 0`);
    expect(held[0]?.message).toContain(`10USA/${toDeactivate[0]} (archive)`);
    expect(held[0]?.message).toContain('--confirm-mass-change');
    expect(await writeCalls()).toBe(before);
    expect((await objects('products')).filter((p) => p.archived)).toHaveLength(0);

    // the plain-text answer names the hold too
    const text = await sync('catalog');
    expect(text.code).toBe(5);
    expect(`${text.stdout}${text.stderr}`).toContain('MASS_CHANGE_HELD');
    expect(await writeCalls()).toBe(before);

    const holds = await withStore((s) => s.listMassChangeHolds({ flow: 'catalog', limit: 10 }));
    expect(holds.map((h) => h.status)).toEqual(['held']);
    expect(holds[0]?.tally).toMatchObject({ archive: toDeactivate.length, inactivate: 0, update: 0 });
  });

  it('--confirm-mass-change goes ahead, archives them, and records who confirmed', async () => {
    const r = await sync('catalog', '--confirm-mass-change', '--json');
    expect(r.code).toBe(0);
    expect(json(r).massChangeHeld).toBeUndefined();
    const archived = (await objects('products')).filter((p) => p.archived);
    expect(archived).toHaveLength(toDeactivate.length);
    const [used] = await withStore((s) =>
      s.listMassChangeHolds({ flow: 'catalog', statuses: ['used'], limit: 1 }),
    );
    expect(used?.confirmedBy).toMatch(/^cli:.+/);
    expect(used?.usedByRunId).toBe(used?.runId);
    expect(used?.tally.archive).toBe(toDeactivate.length);
  });

  it('a change under the threshold goes through without confirmation', async () => {
    const items = await control<{ records: QadItemRow[] }>(qad.origin, 'GET', '/_sandbox/records/items');
    const [one] = items.records.filter((i) => i.isActive && i.domainCode === '10USA');
    await control(qad.origin, 'PATCH', `/_sandbox/records/items/${encodeURIComponent(one?.itemCode ?? '')}`, {
      description: 'Renamed in QAD',
    });
    const r = await sync('catalog', '--json');
    expect(r.code).toBe(0);
    expect(json(r).flows['catalog']?.updated).toBe(1);
  });
});

describe('a mapping change that would overwrite every company', () => {
  let dashboard: DashboardHandle;
  let dashboardStore: KyselyStore;

  beforeAll(async () => {
    expect((await sync('accounts', '--json')).code).toBe(0);
    dashboardStore = await createStore(path.join(folder.dir, 'state.db'));
    dashboard = await startDashboard({
      port: 0,
      token: TOKEN,
      store: dashboardStore,
      events: new EventBus(),
      clock: systemClock,
      rateBudget: () => [],
      schedule: () => [],
      replay: () => Promise.reject(new Error('replay is not part of this test')),
      logger: new MemoryLogger(),
    });
  });
  afterAll(async () => {
    await dashboard.close();
    await dashboardStore.close();
  });

  const page = async (cookie: string): Promise<string> =>
    (await fetch(`${dashboard.url}/mass-changes`, { headers: { Cookie: cookie } })).text();
  const confirm = (
    session: { cookie: string; csrf: string },
    fields: Record<string, string>,
  ): Promise<Response> =>
    fetch(`${dashboard.url}/mass-changes/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Cookie: session.cookie,
        Origin: dashboard.url,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: session.csrf, ...fields }),
    });
  const waiting = async (): Promise<MassChangeHold | undefined> =>
    (await dashboardStore.listMassChangeHolds({ flow: 'accounts', statuses: ['held'], limit: 1 }))[0];

  it('is held before any write', async () => {
    await folder.writeConfig(configLines(['      accounts: { mapping: { city: { const: Springfield } } }']));
    const before = await writeCalls();
    const companies = (await objects('companies')).length;
    const r = await sync('accounts', '--full', '--json');
    expect(r.code).toBe(5);
    expect(json(r).massChangeHeld?.[0]?.message).toMatch(/update \d+ of \d+ linked records/);
    expect(await writeCalls()).toBe(before);
    expect((await objects('companies')).filter((c) => c.properties['city'] === 'Springfield')).toHaveLength(
      0,
    );
    expect(companies).toBeGreaterThanOrEqual(50);
  });

  it('the dashboard shows the hold; a confirmation without the CSRF token is refused', async () => {
    const hold = await waiting();
    expect(hold).toBeDefined();
    const session = await login(dashboard.url);
    const shown = await page(session.cookie);
    expect(shown).toContain(`data-hold="${hold?.id}" data-status="held"`);
    expect(shown).toContain(`update <b>${hold?.tally.update}</b>`);
    const forged = await confirm(
      { ...session, csrf: 'not-the-token' },
      { id: hold?.id ?? '', understood: 'yes' },
    );
    expect(forged.status).toBe(403);
    const unticked = await confirm(session, { id: hold?.id ?? '' });
    expect(unticked.status).toBe(400);
    expect((await waiting())?.id).toBe(hold?.id);
  });

  it('a dashboard confirmation lets the next sync go ahead, and is audited', async () => {
    const hold = await waiting();
    const session = await login(dashboard.url);
    const res = await confirm(session, { id: hold?.id ?? '', understood: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/mass-changes');
    expect(await page(session.cookie)).toContain(`data-hold="${hold?.id}" data-status="confirmed"`);
    // the same hold cannot be confirmed twice
    expect((await confirm(session, { id: hold?.id ?? '', understood: 'yes' })).status).toBe(409);

    // a dry run sees the waiting confirmation and does not use it up
    const preview = json(await sync('accounts', '--full', '--dry-run', '--json'));
    expect(preview.connections[0]?.plan?.massChange['accounts']).toMatchObject({
      wouldHold: false,
      exceedsLimit: true,
      confirmedBy: 'dashboard:127.0.0.1',
    });
    expect((await waiting())?.id).toBeUndefined();
    expect(await page(session.cookie)).toContain(`data-hold="${hold?.id}" data-status="confirmed"`);

    const r = await sync('accounts', '--full', '--json');
    expect(r.code).toBe(0);
    expect(json(r).flows['accounts']?.updated).toBe(hold?.tally.update);
    const springfield = (await objects('companies')).filter((c) => c.properties['city'] === 'Springfield');
    expect(springfield.length).toBe(hold?.tally.update);
    const [used] = await dashboardStore.listMassChangeHolds({
      flow: 'accounts',
      statuses: ['used'],
      limit: 1,
    });
    expect(used?.id).toBe(hold?.id);
    expect(used?.confirmedBy).toBe('dashboard:127.0.0.1');
    expect(used?.usedByRunId).not.toBe(hold?.runId);
    expect(await page(session.cookie)).toContain(`data-hold="${hold?.id}" data-status="used"`);
  });
});
