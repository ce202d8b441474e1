/**
 * The `run` daemon core over a real app and both sandboxes: every enabled flow runs at start,
 * and stop() (what SIGTERM triggers) waits for the running flow and releases its lease.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncDaemon } from '../../src/cli/commands/run.js';
import { startHarness, type Harness } from '../flows/harness.js';

describe('scheduler daemon', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: 10, items: 5 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs enabled flows at start and stops cleanly, releasing leases', async () => {
    const accountsDone = h.app.events.once('run.finished', (r) => r.flow === 'accounts');
    const daemon = startSyncDaemon(h.app);
    expect(
      daemon
        .nextRuns()
        .map((r) => r.flow)
        .sort(),
    ).toEqual(['accounts', 'catalog', 'contacts', 'orders']);
    const finished = await accountsDone;
    expect(finished.outcome).toBe('ok');
    expect(finished.counts.created).toBe(10);
    await daemon.stop();
    for (const flow of ['accounts', 'contacts', 'catalog', 'orders'] as const) {
      expect(await h.app.store.acquireLease('acme', flow, 'probe', 1000, Date.now())).toBe(true);
      await h.app.store.releaseLease('acme', flow, 'probe');
    }
    const runs = await h.app.store.listRuns({ connection: 'acme', limit: 20 });
    expect(runs.every((r) => r.outcome !== 'running')).toBe(true);
  });
});
