/**
 * Packaging: `npm pack` → install the tarball into a fresh consumer folder (npm 11 needs the
 * consumer to approve better-sqlite3's install script; see installTarball for its compile) → the
 * installed `ml-connector` works without the TypeScript toolchain: `--help`, and `demo --json
 * --keep`, whose reported orders are then checked in the still-running QAD sandbox.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
  files: string[];
};
const npmFlags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Bare module specifiers a file imports at run time (type-only imports are erased). */
function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/g,
  )) {
    if (m[1] === undefined) out.push(m[2] as string);
  }
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1] as string);
  return out.filter((s) => !s.startsWith('.'));
}

const packageName = (spec: string): string =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);

describe('package manifest', () => {
  it('runs built JavaScript, states its Node versions and ships what bin needs', () => {
    expect(pkg.bin['ml-connector']).toBe('dist/src/cli/main.js');
    expect(pkg.engines.node).toMatch(/^>=20\./);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/src', 'dist/sandbox']));
  });

  it('runtime code (src/, sandbox/) imports only dependencies and Node built-ins, never devDependencies', () => {
    const builtins = new Set(builtinModules);
    const offenders: string[] = [];
    const seen = new Set<string>();
    for (const dir of ['src', 'sandbox']) {
      for (const file of sourceFiles(path.join(root, dir))) {
        for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
          const name = packageName(spec);
          seen.add(name);
          if (spec.startsWith('node:') || builtins.has(name)) continue;
          if (!(name in pkg.dependencies)) offenders.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
    for (const dep of ['commander', 'zod', 'better-sqlite3', 'kysely']) expect(seen.has(dep)).toBe(true);
  });
});

describe('npm pack → npm install → ml-connector', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('installs from the tarball and runs --help and demo --json from another folder', async () => {
    const packDir = await mkdtemp(path.join(tmpdir(), 'mlc-pack-'));
    const consumer = await mkdtemp(path.join(tmpdir(), 'mlc-consumer-'));
    dirs.push(packDir, consumer);

    // prepack builds dist/ with tsc.
    await run('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    const tgz = (await readdir(packDir)).find((f) => f.endsWith('.tgz'));
    expect(tgz).toBeDefined();
    const listing = await run('tar', ['-tzf', path.join(packDir, tgz as string)]);
    expect(listing.stdout).toContain('package/dist/src/cli/main.js');
    expect(listing.stdout).toContain('package/dist/sandbox/hubspot/index.js');
    expect(listing.stdout).not.toMatch(/package\/(src|test)\/.*\.ts\n/);

    await writeFile(
      path.join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, allowScripts: { 'better-sqlite3': true } }),
    );
    await installTarball(path.join(packDir, tgz as string), consumer);
    const installed = path.join(consumer, 'node_modules', 'ml-connector');
    expect(readdirSync(path.join(consumer, 'node_modules'))).not.toContain('typescript');
    expect(readdirSync(installed)).not.toContain('src');

    const help = await run('npx', ['--no-install', 'ml-connector', '--help'], { cwd: consumer });
    expect(help.stdout).toContain('Usage: ml-connector');
    expect(help.stdout).toContain('demo');

    const summary = await runDemoKeep(path.join(consumer, 'node_modules', '.bin', 'ml-connector'), consumer);
    expect(summary.exitCode).toBe(0);
    const s = summary.json;
    expect(s.flows['accounts']?.created).toBeGreaterThan(0);
    expect(s.flows['contacts']?.created).toBeGreaterThan(0);
    expect(s.flows['catalog']?.created).toBeGreaterThan(0);
    expect(s.flows['orders']?.created).toBe(4);
    expect(s.orders).toHaveLength(4);
    expect(summary.salesOrders).toHaveLength(4);
    for (const order of s.orders) {
      const inQad = summary.salesOrders.filter((o) => o.purchaseOrder === `HS-${order.dealId}`);
      expect(inQad).toHaveLength(1);
      expect(inQad[0]?.salesOrderNumber).toBe(order.orderNumber);
    }
    dirs.push(s.dir);
  }, 240_000);
});

/**
 * `npm install <tgz>` into the consumer. Compiling better-sqlite3 from source takes minutes on a busy
 * machine, so the install skips scripts and the consumer gets the repo's compiled addon when the
 * versions match (the same bytes `npm ci` built here); otherwise `npm rebuild` compiles it (the
 * consumer approves the script in its own `allowScripts`).
 */
async function installTarball(tgz: string, consumer: string): Promise<void> {
  await run('npm', ['install', tgz, '--ignore-scripts', ...npmFlags], {
    cwd: consumer,
    maxBuffer: 16 * 1024 * 1024,
  });
  const ours = path.join(root, 'node_modules', 'better-sqlite3');
  const theirs = path.join(consumer, 'node_modules', 'better-sqlite3');
  const version = (dir: string): string =>
    (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (
    version(ours) === version(theirs) &&
    existsSync(path.join(ours, 'build', 'Release', 'better_sqlite3.node'))
  ) {
    await cp(path.join(ours, 'build'), path.join(theirs, 'build'), { recursive: true });
  } else {
    await run('npm', ['rebuild', 'better-sqlite3', '--loglevel=error'], {
      cwd: consumer,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
}

interface DemoJson {
  flows: Record<string, { created: number }>;
  orders: { dealId: string; orderNumber: string }[];
  dir: string;
  sandboxes: { hubspot: string; qad: string };
}

/**
 * Runs `demo --json --keep`, reads its one JSON line, lists the QAD sandbox's sales orders while it
 * is still up, then stops it with SIGINT and waits for its exit code.
 */
async function runDemoKeep(
  bin: string,
  cwd: string,
): Promise<{
  json: DemoJson;
  salesOrders: { purchaseOrder: string; salesOrderNumber: string }[];
  exitCode: number | null;
}> {
  const child = spawn(
    bin,
    ['demo', '--json', '--keep', '--accounts', '60', '--items', '30', '--deals', '4'],
    {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    void exited.then((code) => reject(new Error(`demo exited (${code}) before printing: ${stderr}`)));
  });
  const json = JSON.parse(line) as DemoJson;
  const origin = new URL(json.sandboxes.qad).origin;
  const res = await fetch(`${origin}/_sandbox/sales-orders`);
  const { salesOrders } = (await res.json()) as {
    salesOrders: { purchaseOrder: string; salesOrderNumber: string }[];
  };
  child.kill('SIGINT');
  return { json, salesOrders, exitCode: await exited };
}
