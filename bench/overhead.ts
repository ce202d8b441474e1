/**
 * Figure 5: connector overhead with limits off. Each size runs in a fresh child process
 * (overhead-child.ts) on a fresh store; its peak RSS comes from process.resourceUsage().maxRSS.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freshStore } from './env.js';
import type { OverheadChildResult } from './overhead-child.js';

const run = promisify(execFile);

/** One size on one dialect. */
export interface OverheadResult extends OverheadChildResult {
  accounts: number;
  dialect: 'sqlite' | 'postgres';
  recordsPerSecond: number;
}

/** Runs `accounts` through the pipeline in a child process on a fresh store. */
export async function runOverhead(o: {
  accounts: number;
  seed: number;
  workDir: string;
  databaseUrl: string | undefined;
}): Promise<OverheadResult> {
  const dir = path.join(o.workDir, `overhead-${o.accounts}-${o.databaseUrl ? 'pg' : 'sqlite'}`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const store = await freshStore(dir, o.databaseUrl);
  try {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'overhead-child.js');
    const arg = JSON.stringify({ accounts: o.accounts, seed: o.seed, location: store.location });
    const { stdout } = await run(process.execPath, [script, arg], { maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as OverheadChildResult;
    return {
      ...r,
      accounts: o.accounts,
      dialect: store.dialect,
      recordsPerSecond: r.records / (r.wallMs / 1000),
    };
  } finally {
    await store.drop();
  }
}
