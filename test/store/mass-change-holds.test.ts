/**
 * The mass-change holds on both dialects: counting linked records, a new hold superseding the
 * waiting one, and confirm / use as conditional updates (a hold is confirmed once, a confirmation
 * used by one run).
 */
import { expect, it } from 'vitest';
import type { MassChangeHold } from '../../src/core/store-port.js';
import { forEachDialect } from '../helpers/store.js';

const hold = (id: string, atMs: number, status: MassChangeHold['status'] = 'held'): MassChangeHold => ({
  id,
  connection: 'acme',
  flow: 'catalog',
  runId: `run-${id}`,
  heldAtMs: atMs,
  tally: { linked: 100, archive: 80, inactivate: 0, update: 2 },
  threshold: 49,
  sample: [{ key: '10USA/ITEM-1', kind: 'archive' }],
  status,
  confirmedBy: null,
  confirmedAtMs: null,
  usedByRunId: null,
});

forEachDialect('mass-change holds', (h) => {
  it('counts only links that carry a target id', async () => {
    const s = h.store;
    await s.commitBatch({
      links: [
        { connection: 'acme', flow: 'catalog', sourceKey: 'a', state: 'ok', targetId: '1' },
        { connection: 'acme', flow: 'catalog', sourceKey: 'b', state: 'failed', targetId: '2' },
        { connection: 'acme', flow: 'catalog', sourceKey: 'c', state: 'quarantined' },
        { connection: 'acme', flow: 'accounts', sourceKey: 'd', state: 'ok', targetId: '3' },
      ],
      events: [],
    });
    expect(await s.countLinkedRecords('acme', 'catalog')).toBe(2);
    expect(await s.countLinkedRecords('other', 'catalog')).toBe(0);
  });

  it('a new hold supersedes the waiting one; confirm and use happen once', async () => {
    const s = h.store;
    const first = '00000000-0000-4000-8000-000000000001';
    const second = '00000000-0000-4000-8000-000000000002';
    await s.recordMassChangeHold(hold(first, 1000));
    expect(await s.recordMassChangeHold({ ...hold(second, 1500), id: 'ignored' })).toBe(first);
    await s.recordMassChangeHold({
      ...hold(second, 2000),
      tally: { linked: 100, archive: 81, inactivate: 0, update: 2 },
    });
    const listed = await s.listMassChangeHolds({ connection: 'acme', flow: 'catalog', limit: 10 });
    expect(listed.map((x) => [x.id, x.status])).toEqual([
      [second, 'held'],
      [first, 'superseded'],
    ]);
    expect(listed[0]?.tally.archive).toBe(81);
    expect(await s.confirmMassChangeHold(first, 'dashboard:127.0.0.1', 3000)).toBeNull();
    const confirmed = await s.confirmMassChangeHold(second, 'dashboard:127.0.0.1', 3000);
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      confirmedBy: 'dashboard:127.0.0.1',
      confirmedAtMs: 3000,
    });
    expect(await s.confirmMassChangeHold(second, 'dashboard:10.0.0.9', 3001)).toBeNull();
    expect(await s.useMassChangeConfirmation(second, 'run-x')).toBe(true);
    expect(await s.useMassChangeConfirmation(second, 'run-y')).toBe(false);
    const [used] = await s.listMassChangeHolds({ statuses: ['used'], limit: 1 });
    expect(used).toMatchObject({ id: second, usedByRunId: 'run-x', confirmedBy: 'dashboard:127.0.0.1' });
  });
});
