/** The change-event inbox (migration 0006) and the journal cursor, on both dialects. */
import { expect, it } from 'vitest';
import { forEachDialect } from '../helpers/store.js';

forEachDialect('change-event inbox', (h) => {
  it('stores new events once, lists the unhandled ones oldest first, marks them handled', async () => {
    const { store } = await h.fresh();
    const ev = (id: string, objectId: string, at: number) => ({
      connection: 'acme',
      eventId: id,
      source: 'webhook' as const,
      objectType: 'deals',
      objectId,
      occurredAtMs: at,
      receivedAtMs: at,
    });
    expect(await store.addChangeEvents([ev('1', '101', 10), ev('2', '102', 20)])).toBe(2);
    // HubSpot's retry of the same batch, plus one new event
    expect(await store.addChangeEvents([ev('1', '101', 30), ev('3', '103', 30)])).toBe(1);
    const pending = await store.pendingChangeEvents('acme', 'deals', 10);
    expect(pending.map((e) => e.eventId)).toEqual(['1', '2', '3']);
    expect(pending[0]).toMatchObject({ objectId: '101', occurredAtMs: 10, source: 'webhook' });
    expect(await store.pendingChangeEvents('other', 'deals', 10)).toEqual([]);
    await store.markChangeEventsHandled('acme', ['1', '3'], 40);
    expect((await store.pendingChangeEvents('acme', 'deals', 10)).map((e) => e.eventId)).toEqual(['2']);
    expect(await store.getChangeCursor('acme', 'journal')).toBeNull();
    await store.setChangeCursor('acme', 'journal', '000000000042');
    expect(await store.getChangeCursor('acme', 'journal')).toBe('000000000042');
  });
});
