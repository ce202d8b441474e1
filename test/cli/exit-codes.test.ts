/**
 * Every row of the exit-code table (EXIT_CODES) through the real CLI against both sandboxes:
 * in-process for the quick rows, as real child processes (`src/cli/main.ts`) where a process
 * must be killed, interrupted or must exit on its own. The lease rows use a real `sync` child:
 * alive, its flow is reported held (exit 4, who and until when); SIGKILLed, the next sync takes
 * its lease over at once (audited) instead of waiting for it to expire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { EXIT, EXIT_CODES } from '../../src/core/errors.js';
import { startHarness, type Harness } from '../flows/harness.js';

const MAIN = path.resolve(import.meta.dirname, '../../src/cli/main.ts');
const TSX = import.meta.resolve('tsx');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ accounts: 40, items: 10 });
});
afterAll(async () => {
  await h.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  args: string[],
  configPath = h.configPath,
  env: Record<string, string> = h.env,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ml-connector', '--config', configPath, ...args], {
    env,
    cwd: h.dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    logDestination: { write: () => true },
  });
  return { code, stdout, stderr };
}

/** The real executable as a child process. */
function child(
  args: string[],
  env: Record<string, string> = h.env,
): ChildProcess & { done: Promise<Run>; stderrSoFar: () => string } {
  const proc = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: h.dir,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })),
  );
  return Object.assign(proc, { done, stderrSoFar: () => stderr });
}

/** Waits until `pid` holds the lease of acme/accounts. */
async function leaseHeldBy(pid: number | undefined): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const lease = await h.app.store.getLease('acme', 'accounts');
    if (lease && lease.owner?.pid === pid) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pid ${pid} never held the lease`);
}

// every QAD API call, browses included: the accounts flow reads browses (/api/qracore/browses), so
// slowing only /api/erp left the lease rows racing a child that finished in ~100 ms
const slowQad = (): Promise<unknown> =>
  h.qadControl('POST', '/_sandbox/faults', { path: '/api/*', kind: 'latency', latencyMs: 1500 });
const fastQad = (): Promise<unknown> => h.qadControl('DELETE', '/_sandbox/faults');

interface SyncJson {
  ok: boolean;
  exitCode: number;
  connections: {
    connection: string;
    flows: {
      flow: string;
      status: string;
      reason?: string;
      until?: string;
      heldBy?: { host: string; pid: number };
      counts?: { failed: number };
      leaseTakenOver?: { reason: string };
    }[];
  }[];
}

describe('exit codes through the real CLI', () => {
  it('the table has one row per code and docs/cli.md shows every row', async () => {
    const docs = await readFile(path.resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8');
    expect(new Set(EXIT_CODES.map((r) => r.code)).size).toBe(EXIT_CODES.length);
    const rows = docs.split('\n').map((l) => l.split('|').map((c) => c.trim()));
    for (const row of EXIT_CODES) expect(rows).toContainEqual(['', String(row.code), row.meaning, '']);
  });

  it('0: everything requested ran and nothing failed', async () => {
    const r = await cli(['sync', 'catalog', '--json']);
    const out = JSON.parse(r.stdout) as SyncJson;
    expect(out.connections[0]?.flows[0]).toMatchObject({ flow: 'catalog', status: 'ok' });
    expect(out).toMatchObject({ ok: true, exitCode: 0 });
    expect(r.code).toBe(EXIT.ok);
  });

  it('1: a record failed (the rest was committed)', async () => {
    const items = (await h.qadControl<{ records: { itemCode: string }[] }>('GET', '/_sandbox/records/items'))
      .records;
    const code = encodeURIComponent(items[0]?.itemCode ?? '');
    await h.qadControl('PATCH', `/_sandbox/records/items/${code}`, { description: '' });
    const r = await cli(['sync', 'catalog', '--json']);
    const out = JSON.parse(r.stdout) as SyncJson;
    expect(out.connections[0]?.flows[0]).toMatchObject({ status: 'partial', counts: { failed: 1 } });
    expect(r.code).toBe(EXIT.partial);
    await h.qadControl('PATCH', `/_sandbox/records/items/${code}`, { description: 'Fixed again' });
  });

  it('2: usage and config errors; with --json the error is a JSON object on stdout', async () => {
    const cases: [string[], string][] = [
      [['sync', 'nope', '--json'], 'USAGE'],
      [['replay', 'NOPE', '--json'], 'KEY_UNKNOWN'],
      [['audit', 'NOPE', '--json'], 'KEY_UNKNOWN'],
      [['frobnicate', '--json'], 'USAGE'],
      [['status', '--connection', 'typo', '--json'], 'CONFIG_UNKNOWN_CONNECTION'],
    ];
    for (const [args, code] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      const out = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      expect(out.error.code, args.join(' ')).toBe(code);
      expect(out.error.message.length).toBeGreaterThan(0);
    }
    const human = await cli(['replay', 'NOPE']);
    expect(human.code).toBe(EXIT.usage);
    expect(human.stderr).toContain('error[KEY_UNKNOWN]: "NOPE" is not in the ledger');
  });

  it('3: QAD unreachable is 3 for sync as for ping', async () => {
    const yaml = await readFile(h.configPath, 'utf8');
    const unreachable = path.join(h.dir, 'unreachable.yaml');
    await writeFile(unreachable, yaml.replace(h.qad.url, 'http://127.0.0.1:9/clouderp'));
    const sync = await cli(['sync', 'catalog', '--json'], unreachable);
    const out = JSON.parse(sync.stdout) as SyncJson;
    expect(out.connections[0]?.flows[0]?.status).toBe('failed');
    expect(sync.code).toBe(EXIT.auth);
    const ping = await cli(['ping'], unreachable);
    expect(ping.code).toBe(EXIT.auth);
  });

  it('4: a flow held by a live run is reported (who, until when); a killed holder is taken over at once', async () => {
    await slowQad();
    const holder = child(['--config', h.configPath, 'sync', 'accounts', '--full']);
    try {
      await leaseHeldBy(holder.pid);
      const held = await cli(['sync', 'accounts', '--json']);
      expect(held.code).toBe(EXIT.leaseHeld);
      const flow = (JSON.parse(held.stdout) as SyncJson).connections[0]?.flows[0];
      expect(flow).toMatchObject({ flow: 'accounts', status: 'not-run', reason: 'LEASE_HELD' });
      expect(flow?.heldBy).toMatchObject({ host: hostname(), pid: holder.pid });
      expect(Date.parse(flow?.until ?? '')).toBeGreaterThan(Date.now());
      const human = await cli(['sync', 'accounts']);
      expect(human.code).toBe(EXIT.leaseHeld);
      expect(human.stdout).toMatch(new RegExp(`acme accounts +not run +held by process ${holder.pid} on `));
    } finally {
      holder.kill('SIGKILL');
    }
    await holder.done;
    await fastQad();
    const after = await cli(['sync', 'accounts', '--json']);
    const flow = (JSON.parse(after.stdout) as SyncJson).connections[0]?.flows[0];
    expect(flow?.status).not.toBe('not-run');
    expect(flow?.leaseTakenOver?.reason).toBe(`process ${holder.pid} on ${hostname()} is not running`);
    expect([EXIT.ok, EXIT.partial]).toContain(after.code);
    const audit = await h.app.store.listLeaseTakeovers({ connection: 'acme', limit: 5 });
    expect(audit[0]?.previous.owner?.pid).toBe(holder.pid);
  }, 90_000);

  it('130: Ctrl-C stops after the pages in flight', async () => {
    await slowQad();
    try {
      const once = child(['--config', h.configPath, 'sync', 'accounts', '--full']);
      await leaseHeldBy(once.pid);
      once.kill('SIGINT');
      const r1 = await once.done;
      expect(r1.stderr).toContain('stopping after the pages in flight');
      expect(r1.code).toBe(EXIT.interrupted);
    } finally {
      await fastQad();
    }
  }, 90_000);

  it('130: a second Ctrl-C stops at once, without waiting for the write in flight', async () => {
    // records to write, and HubSpot answering their upsert only after 10 s
    const relations = (
      await h.qadControl<{ records: { businessRelationCode: string; domainCode: string }[] }>(
        'GET',
        '/_sandbox/records/businessRelations?limit=5',
      )
    ).records;
    for (const r of relations)
      await h.qadControl('PATCH', `/_sandbox/records/businessRelations/${r.businessRelationCode}`, {
        name1: `Renamed ${Date.now()} ${r.businessRelationCode}`,
      });
    const route = 'POST /crm/objects/{objectType}/batch/upsert';
    await h.hs('POST', '/_sandbox/faults', { kind: 'slow', delayMs: 10_000, route, count: 5 });
    const fired = async (): Promise<boolean> =>
      (await h.hs<{ faults: { remaining?: number }[] }>('GET', '/_sandbox/faults')).faults.some(
        (f) => (f.remaining ?? 5) < 5,
      );
    try {
      const proc = child(['--config', h.configPath, 'sync', 'accounts']);
      for (let i = 0; i < 200 && !(await fired()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await fired()).toBe(true); // the upsert is in flight
      proc.kill('SIGINT');
      for (let i = 0; i < 100 && !proc.stderrSoFar().includes('stopping after the pages in flight'); i++)
        await new Promise((r) => setTimeout(r, 50));
      const second = Date.now();
      proc.kill('SIGINT');
      const r = await proc.done;
      expect(r.stderr).toContain('stopped at once');
      expect(r.code).toBe(EXIT.interrupted);
      expect(Date.now() - second).toBeLessThan(5_000);
    } finally {
      await h.hs('DELETE', '/_sandbox/faults');
    }
  }, 90_000);
});

describe('run fails fast on every bad dashboard setting (exit 2, never hangs)', () => {
  let taken: Server;
  let takenPort = 0;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => taken.close(r));
  });

  async function runWith(dashboard: string, env: Record<string, string>): Promise<Run> {
    const yaml = await readFile(h.configPath, 'utf8');
    const file = path.join(h.dir, `run-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, `${yaml.trimEnd()}\n${dashboard}\n`);
    const proc = child(['--config', file, 'run'], { ...h.env, ...env });
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    const r = await proc.done;
    clearTimeout(timer);
    return r;
  }

  const GOOD = 'x7Gq2LmP9vRt4WzK8bNc3HdY6sJf1QaE';
  const cases: [string, string, Record<string, string>, string][] = [
    [
      'token env var unset',
      'dashboard: { port: 0, token: env:MLC_DASH_TOKEN }',
      {},
      'CONFIG_SECRET_UNRESOLVED',
    ],
    [
      'short token',
      'dashboard: { port: 0, token: env:MLC_DASH_TOKEN }',
      { MLC_DASH_TOKEN: 'short' },
      'DASHBOARD_TOKEN_WEAK',
    ],
    [
      'port taken',
      'dashboard: { port: PORT, token: env:MLC_DASH_TOKEN }',
      { MLC_DASH_TOKEN: GOOD },
      'DASHBOARD_LISTEN_FAILED',
    ],
  ];
  for (const [name, dashboard, env, code] of cases) {
    it(
      name,
      async () => {
        const r = await runWith(dashboard.replace('PORT', String(takenPort)), env);
        expect(r.stderr).toContain(`error[${code}]`);
        expect(r.stderr).not.toContain('scheduler running');
        expect(r.code).toBe(EXIT.usage);
      },
      30_000,
    );
  }
});
