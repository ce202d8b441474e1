/** `ml-connector exclude|resolve <key> --reason …` over the real CLI, ledger and sandboxes. */
import { afterEach, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './cli-harness.js';

describe('ml-connector exclude / resolve', () => {
  let h: CliHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('excludes a quarantined item with a reason; the next sync skips it; --lift takes it off', async () => {
    h = await startCliHarness({ accounts: 2, items: 4, seed: 7 });
    const items = (
      await h.qadControl<{ records: Record<string, unknown>[] }>('GET', '/_sandbox/records/items')
    ).records;
    const item = items.find((i) => i['isActive'] !== false);
    const code = String(item?.['itemCode']);
    await h.qadControl('PATCH', `/_sandbox/records/items/${encodeURIComponent(code)}`, { description: '' });
    expect((await h.cli('sync', 'catalog')).code).toBe(1); // partial
    const key = `10USA/${code}`;

    const noReason = await h.cli('exclude', key);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason is required');

    const excluded = await h.cli('exclude', key, '--reason', 'obsolete item', '--json');
    expect(excluded.code).toBe(0);
    expect(JSON.parse(excluded.stdout)).toMatchObject({
      connection: 'acme',
      flow: 'catalog',
      sourceKey: key,
      action: 'excluded',
    });
    const again = await h.cli('sync', 'catalog', '--json');
    expect(again.code).toBe(0);
    // re-read (QAD's safety day), held: counted skipped, not quarantined again
    expect(again.stdout).toMatch(/"skipped":1\b/);
    const lifted = await h.cli('exclude', key, '--reason', 'item back in use', '--lift');
    expect(lifted.code).toBe(0);
    expect(lifted.stdout).toContain('lifted');
    const audit = await h.cli('audit', key, '--json');
    expect(audit.stdout).toContain('"excluded"');
    expect(audit.stdout).toContain('"released"');
  }, 120_000);
});
