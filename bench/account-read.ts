/**
 * Figure 5b: the accounts flow's QAD read (customers + suppliers merged per business relation)
 * with a capped heap. Each size reads from its own sandbox child in a fresh process; a control
 * run holds the whole grouping in memory to show the cap is one the old way could not meet.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AccountReadChildOptions, AccountReadChildResult } from './account-read-child.js';
import { freshStore, startSandboxes } from './env.js';

const run = promisify(execFile);

/** The reader's V8 heap cap: far below what holding 100,000 accounts' rows in memory needs. */
export const ACCOUNT_READ_HEAP_MB = 96;

/** One size, spilling (the product's default) or, for the control, held in memory. */
export interface AccountReadResult {
  accounts: number;
  mode: 'default' | 'in-memory';
  /** Null when the reader ran out of heap. */
  result: AccountReadChildResult | null;
}

export async function runAccountRead(o: {
  accounts: number;
  seed: number;
  workDir: string;
  /** Also read this size with the whole grouping held in memory (the control). */
  control: boolean;
}): Promise<AccountReadResult[]> {
  const sb = await startSandboxes({
    seed: o.seed,
    accounts: o.accounts,
    items: 10,
    windowMs: 10_000,
    burst: 1e9,
    searchWindowMs: 1_000,
    searchPerSecond: 1e9,
  });
  const store = await freshStore(o.workDir, undefined);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'account-read-child.js');
  const once = async (mode: AccountReadResult['mode']): Promise<AccountReadResult> => {
    const arg: AccountReadChildOptions = {
      sandboxes: { hubspot: sb.hubspot, qad: sb.qad },
      location: store.location,
      ...(mode === 'in-memory' ? { inMemoryLimit: Number.MAX_SAFE_INTEGER } : {}),
    };
    try {
      const { stdout } = await run(
        process.execPath,
        [`--max-old-space-size=${ACCOUNT_READ_HEAP_MB}`, script, JSON.stringify(arg)],
        { maxBuffer: 1 << 20 },
      );
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as AccountReadChildResult;
      return { accounts: o.accounts, mode, result };
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      if (stderr !== undefined && /heap out of memory/i.test(stderr))
        return { accounts: o.accounts, mode, result: null };
      throw error;
    }
  };
  try {
    const results = [await once('default')];
    if (o.control) results.push(await once('in-memory'));
    return results;
  } finally {
    await store.drop();
    await sb.close();
  }
}
