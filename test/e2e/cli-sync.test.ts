/**
 * The sync/status/audit/replay commands through the real CLI program, in-process, against both
 * sandboxes with a temp config and a real SQLite store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, runProgram } from '../../src/cli/program.js';
import { registerAuditCommand } from '../../src/cli/commands/audit.js';
import { registerReplayCommand } from '../../src/cli/commands/replay.js';
import { registerStatusCommand } from '../../src/cli/commands/status.js';
import { registerSyncCommand } from '../../src/cli/commands/sync.js';
import { startHarness, type Harness } from '../flows/harness.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(h: Harness, args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const { program, ctx } = buildProgram({
    env: h.env,
    cwd: h.dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: process.stdin,
    logDestination: { write: () => true },
  });
  for (const register of [
    registerSyncCommand,
    registerStatusCommand,
    registerAuditCommand,
    registerReplayCommand,
  ]) {
    if (
      !program.commands.some(
        (c) => c.name() === register.name.replace(/^register|Command$/g, '').toLowerCase(),
      )
    ) {
      register(program, ctx);
    }
  }
  const code = await runProgram(program, ctx, ['node', 'ml-connector', '--config', h.configPath, ...args]);
  return { code, stdout, stderr };
}

describe('sync, status, audit, replay through the CLI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: 20, items: 15 });
  });
  afterAll(async () => {
    await h.close();
  });
  const writeCalls = async (): Promise<number> =>
    (await h.hs<{ writeCalls: number }>('GET', '/_sandbox/stats')).writeCalls;

  it('sync --json prints one object with counts and calls; exit 1 when records failed', async () => {
    const r = await cli(h, ['sync', 'accounts', 'contacts', 'catalog', '--json']);
    const out = JSON.parse(r.stdout) as {
      flows: Record<string, { read: number; created: number; failed: number }>;
      calls: { hubspot: number; qad: number };
      durationMs: number;
    };
    expect(Object.keys(out.flows)).toEqual(['accounts', 'contacts', 'catalog']);
    expect(out.flows['accounts']?.created).toBe(20);
    expect(out.calls.hubspot).toBeGreaterThan(0);
    expect(out.calls.qad).toBeGreaterThan(0);
    const failed = out.flows['contacts']?.failed ?? 0;
    expect(r.code).toBe(failed > 0 ? 1 : 0);
  });

  it('a second sync writes nothing to HubSpot', async () => {
    const before = await writeCalls();
    const r = await cli(h, ['sync', 'accounts', 'contacts', 'catalog', '--json']);
    const out = JSON.parse(r.stdout) as {
      flows: Record<string, { created: number; updated: number; unchanged: number }>;
    };
    expect(await writeCalls()).toBe(before);
    for (const f of Object.values(out.flows)) expect(f.created + f.updated).toBe(0);
    // --full re-reads everything: all unchanged by content hash, still zero writes
    const full = JSON.parse((await cli(h, ['sync', 'accounts', '--full', '--json'])).stdout) as typeof out;
    expect(full.flows['accounts']?.unchanged).toBe(20);
    expect(await writeCalls()).toBe(before);
  });

  it('--dry-run shows the change and writes nothing anywhere', async () => {
    const items = (
      await h.qadControl<{ records: { itemCode: string; isActive?: boolean }[] }>(
        'GET',
        '/_sandbox/records/items',
      )
    ).records;
    const item = items.find((i) => i.isActive !== false);
    expect(item).toBeDefined();
    const code = item?.itemCode ?? '';
    await h.qadControl('PATCH', `/_sandbox/records/items/${encodeURIComponent(code)}`, {
      description: 'Dry run me',
    });
    const runsBefore = await h.app.store.listRuns({ limit: 100 });
    const before = await writeCalls();
    const r = await cli(h, ['sync', 'catalog', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`acme catalog update 10USA/${code} \\(HubSpot \\d+\\)\\n {6}\\w+: "[^"]*" → "Dry run me"`),
    );
    expect(await writeCalls()).toBe(before);
    expect(await h.app.store.listRuns({ limit: 100 })).toHaveLength(runsBefore.length);
    // the real sync then applies exactly that change
    const real = JSON.parse((await cli(h, ['sync', 'catalog', '--json'])).stdout) as {
      flows: { catalog: { updated: number } };
    };
    expect(real.flows.catalog.updated).toBe(1);
  });

  it('status and audit report the ledger', async () => {
    const status = JSON.parse((await cli(h, ['status', '--json'])).stdout) as {
      flows: { flow: string; inSync: number; lastRun: { outcome: string } | null }[];
    };
    const accounts = status.flows.find((f) => f.flow === 'accounts');
    expect(accounts?.inSync).toBe(20);
    expect(accounts?.lastRun?.outcome).toBe('ok');
    const link = (await h.app.store.listLinks({ flow: 'accounts', limit: 1 }))[0];
    const audit = JSON.parse((await cli(h, ['audit', link?.sourceKey ?? '', '--json'])).stdout) as {
      events: { action: string; targetId: string; payload: unknown }[];
    };
    expect(audit.events.map((e) => e.action)).toEqual(['created']);
    expect(audit.events[0]?.targetId).toBe(link?.targetId);
    expect(audit.events[0]?.payload).toMatchObject({ properties: { qad_account_key: link?.sourceKey } });
  });

  it('replay --failed re-sends failed records from their snapshot and audits the attempt', async () => {
    const failed = await h.app.store.listLinks({ flow: 'contacts', states: ['failed'], limit: 100 });
    expect(failed.length).toBeGreaterThan(0); // the generated data always has contacts sharing an email
    const key = failed[0]?.sourceKey ?? '';
    const before = (await h.app.store.auditHistory(key)).length;
    const r = await cli(h, ['replay', '--failed', '--json']);
    const out = JSON.parse(r.stdout) as {
      results: { connection: string; replayed: number; ok: number; failed: number }[];
    };
    expect(out.results[0]).toMatchObject({ connection: 'acme', replayed: failed.length });
    expect(out.results[0]?.failed).toBeGreaterThan(0);
    const history = await h.app.store.auditHistory(key);
    expect(history.length).toBe(before + 1);
    // the email really belongs to another HubSpot contact: still failing, with the existing id
    expect(history.at(-1)?.action).toBe('failed');
    expect(r.code).toBe(1);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(h, ['sync', 'nonsense'])).code).toBe(2);
    expect((await cli(h, ['replay'])).code).toBe(2);
  });
});
