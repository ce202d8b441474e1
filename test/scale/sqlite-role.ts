/** Runs the built CLI once on a copy of the cluster config whose store is a SQLite file. */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Cluster } from './cluster.js';

/** Spawns `node dist/src/cli/main.js --config <sqlite config> …args` and collects its exit. */
export async function spawnSqlite(
  c: Cluster,
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  const original = await readFile(c.configPath, 'utf8');
  const configPath = path.join(c.dir, 'sqlite.yaml');
  await writeFile(configPath, original.replace(/^store: .*$/m, 'store: ./state.db'));
  const child = spawn(process.execPath, [c.cli, '--config', configPath, ...args], {
    cwd: c.dir,
    env: { PATH: process.env['PATH'] ?? '', ...c.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}
