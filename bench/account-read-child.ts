/**
 * Figure 5b, one size in a fresh process with a capped heap: reads every customer and supplier from
 * the QAD sandbox and merges them into accounts (readAccounts, the accounts flow's source) without
 * writing anywhere. Prints one JSON line: accounts, wall time, peak RSS. argv[2] = JSON
 * {sandboxes, location, inMemoryLimit?}; `inMemoryLimit` overrides the grouping's spill threshold.
 */
import { readAccounts } from '../src/flows/qad-source.js';
import { openBenchApp } from './env.js';
import type { SandboxChildReady } from './sandbox-child.js';

/** The child's answer. */
export interface AccountReadChildResult {
  accounts: number;
  wallMs: number;
  maxRssKb: number;
}

/** What the parent passes in argv[2]. */
export interface AccountReadChildOptions {
  sandboxes: SandboxChildReady;
  location: string;
  inMemoryLimit?: number;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as AccountReadChildOptions;
  const unlimited = {
    windowMs: 10_000,
    burst: 1e9,
    searchWindowMs: 1_000,
    searchPerSecond: 1e9,
    maxConcurrent: 16,
  };
  const bench = await openBenchApp(o.sandboxes, { location: o.location }, unlimited);
  const t0 = performance.now();
  let accounts = 0;
  const pages = readAccounts(bench.rt.qad, {
    sinceDay: null,
    normalise: { domain: bench.rt.connection.qad.domain },
    ...(o.inMemoryLimit === undefined ? {} : { accountsInMemoryLimit: o.inMemoryLimit }),
  });
  for await (const page of pages) accounts += page.records.length;
  const wallMs = performance.now() - t0;
  await bench.close();
  const result: AccountReadChildResult = { accounts, wallMs, maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
