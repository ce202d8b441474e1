/**
 * Reading accounts with bounded memory: past its in-memory limit the customer+supplier grouping
 * spills to disk, and the accounts read from the QAD sandbox are the same as when held in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QadAccount } from '../../src/connectors/qad/index.js';
import type { SourcePage } from '../../src/engine/sink.js';
import { readAccounts } from '../../src/flows/qad-source.js';
import { startHarness, type Harness } from './harness.js';

async function readAll(
  pages: AsyncIterable<SourcePage<QadAccount>>,
): Promise<{ accounts: QadAccount[]; sizes: number[] }> {
  const accounts: QadAccount[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    accounts.push(...page.records);
    sizes.push(page.records.length);
  }
  return { accounts: accounts.sort((a, b) => a.key.localeCompare(b.key)), sizes };
}

describe('readAccounts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: 400 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('merges the same accounts whether it holds them in memory or spills them to disk', async () => {
    const opts = { sinceDay: null, normalise: { domain: '10USA' }, pageSize: 100 };
    const inMemory = await readAll(readAccounts(h.rt.qad, opts));
    const spilled = await readAll(readAccounts(h.rt.qad, { ...opts, accountsInMemoryLimit: 60 }));
    expect(inMemory.accounts.length).toBe(400);
    // customer+supplier relations are one account each (otherwise the spill merged nothing)
    expect(inMemory.accounts.filter((a) => a.roles.length === 2).length).toBeGreaterThan(0);
    expect(spilled.accounts).toEqual(inMemory.accounts);
    // full pages of one HubSpot batch, the rest last
    expect(spilled.sizes.slice(0, -1).every((n) => n === 100)).toBe(true);
  });
});
