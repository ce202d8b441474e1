/**
 * Test harness for scale-out: N HubSpot + N QAD sandboxes (port 0, in the test process), a config
 * with N connections on a fresh PostgreSQL schema, and real child processes of the BUILT CLI
 * (`node dist/src/cli/main.js run --role …`) whose stderr (JSON log lines) the test can watch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { uniqueSchemaName, withSchema } from '../helpers/store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI entry point (`npm run build` first). */
export const CLI_MAIN = path.join(ROOT, 'dist/src/cli/main.js');

/** Whether the built program registers `run` (program.ts belongs to the CLI area). */
const PROGRAM_JS = path.join(ROOT, 'dist/src/cli/program.js');
const RUN_REGISTERED =
  existsSync(PROGRAM_JS) && readFileSync(PROGRAM_JS, 'utf8').includes('registerRunCommand');

/**
 * Launcher used only while the built program does not register `run` yet: it builds the same
 * program from dist/ and adds the real `run` command (as test/e2e/cli-sync.test.ts does in-process).
 */
const LAUNCHER = `
import { registerRunCommand } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/cli/commands/run.js')).href)};
import { buildProgram, runProgram } from ${JSON.stringify(pathToFileURL(PROGRAM_JS).href)};
import { readProcessEnv } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/config/index.js')).href)};
const deps = { env: readProcessEnv(), cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
const { program, ctx } = buildProgram(deps);
if (!program.commands.some((c) => c.name() === 'run')) registerRunCommand(program, ctx);
process.exitCode = await runProgram(program, ctx, process.argv);
`;

/** The script a test spawns in `dir`: dist/src/cli/main.js, or the launcher written there. */
export async function cliEntry(dir: string): Promise<string> {
  if (RUN_REGISTERED) return CLI_MAIN;
  const launcher = path.join(dir, 'run-cli.mjs');
  await writeFile(launcher, LAUNCHER);
  return launcher;
}

export interface Tenant {
  name: string;
  hubspot: HubSpotSandbox;
  qad: QadSandbox;
}

/** A child process of the CLI with its stderr collected line by line. */
export interface CliProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first stderr line from index `from` on matching `test` (rejects on exit before it). */
  waitForLine(test: (line: string) => boolean, from?: number): Promise<string>;
  exited: Promise<number | null>;
}

export interface Cluster {
  dir: string;
  /** The script spawned for the CLI (see `cliEntry`). */
  cli: string;
  configPath: string;
  storeUrl: string;
  schema: string;
  tenants: Tenant[];
  env: Record<string, string>;
  spawnCli(args: string[]): CliProcess;
  /** Runs SQL against the test database. */
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  tenants: number;
  accounts: number;
  items: number;
  /** HubSpot sandbox rolling window (ms) and burst per window: deliberately tight. */
  windowMs: number;
  burst: number;
  everyMs: number;
  /** More settings inside every connection's `hubspot:` mapping, given the tenant index and name. */
  hubspotExtra?(index: number, name: string): string;
  /** More top-level YAML lines (e.g. `hooks:`). */
  extraYaml?: string[];
  /** More environment for the spawned processes (secrets the extra settings refer to). */
  extraEnv?: Record<string, string>;
}

/** Starts the sandboxes and writes the config; processes are spawned by the test. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < opts.tenants; i++) {
    const hubspot = await startHubSpotSandbox({
      portalId: 4_000_000 + i,
      rateLimit: { windowMs: opts.windowMs, burst: opts.burst },
    });
    const qad = await startQadSandbox({ seed: 100 + i, accounts: opts.accounts, items: opts.items });
    // HubSpot's clock 2 minutes behind: deals seeded later are already past the search safety lag
    await fetch(`${hubspot.url}/_sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMs: -120_000 }),
    });
    tenants.push({ name: `t${i}`, hubspot, qad });
  }
  const schema = uniqueSchemaName('mlc_scale');
  const storeUrl = withSchema(opts.databaseUrl, schema);
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-scale-'));
  const configPath = path.join(dir, 'ml-connector.yaml');
  const env: Record<string, string> = { ...opts.extraEnv };
  const every = `{ everyMs: ${opts.everyMs} }`;
  const yaml = [
    `store: '${storeUrl}'`,
    'connections:',
    ...tenants.flatMap((t, i) => {
      env[`HS_TOKEN_${i}`] = t.hubspot.token;
      env[`QAD_PASSWORD_${i}`] = t.qad.password;
      return [
        `  - name: ${t.name}`,
        `    hubspot: { hubId: ${t.hubspot.portalId}, token: env:HS_TOKEN_${i}, baseUrl: '${t.hubspot.url}', rateLimit: { burstPer10s: ${opts.burst} }${opts.hubspotExtra ? `, ${opts.hubspotExtra(i, t.name)}` : ''} }`,
        `    qad: { baseUrl: '${t.qad.url}', clientId: '${t.qad.clientId}', username: ${t.qad.username}, password: env:QAD_PASSWORD_${i}, domain: 10USA, entity: 10USACO }`,
        '    flows:',
        ...['accounts', 'contacts', 'catalog', 'orders'].map((f) => `      ${f}: { schedule: ${every} }`),
      ];
    }),
    ...(opts.extraYaml ?? []),
    '',
  ].join('\n');
  await writeFile(configPath, yaml);
  const cli = await cliEntry(dir);
  const children: CliProcess[] = [];
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });

  const spawnCli = (args: string[]): CliProcess => {
    if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run "npm run build" first`);
    const child = spawn(process.execPath, [cli, '--config', configPath, ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lines: string[] = [];
    const watchers: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
    let buffered = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      buffered += chunk;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        for (const w of watchers.splice(0)) {
          if (w.test(line)) w.resolve(line);
          else watchers.push(w);
        }
        nl = buffered.indexOf('\n');
      }
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc: CliProcess = {
      child,
      lines,
      exited,
      waitForLine: (test, from = 0) =>
        new Promise<string>((resolve, reject) => {
          const seen = lines.slice(from).find(test);
          if (seen !== undefined) return resolve(seen);
          watchers.push({ test, resolve });
          void exited.then((code) =>
            reject(
              new Error(`process exited (${String(code)}) before the line:\n${lines.slice(-20).join('\n')}`),
            ),
          );
        }),
    };
    children.push(proc);
    return proc;
  };

  return {
    dir,
    cli,
    configPath,
    storeUrl,
    schema,
    tenants,
    env,
    spawnCli,
    query: async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as T[],
    close: async () => {
      for (const c of children)
        if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.query(`drop schema if exists "${schema}_boss" cascade`);
      await pool.end();
      for (const t of tenants) {
        await t.hubspot.close();
        await t.qad.close();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** GET a sandbox control endpoint as JSON. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
  return (await res.json()) as T;
}

/** POSTs JSON to a sandbox control endpoint. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}
