/** Operator holds (migration 0004) and the lease listing, on both dialects. */
import { expect, it } from 'vitest';
import type { AuditEventInput } from '../../src/core/store-port.js';
import { holdRecord, releaseRecord } from '../../src/app/record-holds.js';
import { forEachDialect } from '../helpers/store.js';

function failedEvent(key: string): AuditEventInput {
  return {
    connection: 'acme',
    flow: 'contacts',
    sourceKey: key,
    runId: 'r1',
    atMs: 1000,
    action: 'failed',
    targetId: null,
    payloadHash: null,
    payload: null,
    error: { code: 'HUBSPOT_CONFLICT', message: 'email owned by contact 9' },
    detail: null,
  };
}

forEachDialect('record holds', (h) => {
  it('exclude sets a hold with who, why and the failing payload hash, audited; lifting it is audited too', async () => {
    const store = h.store;
    const snapshot = { op: 'upsert', properties: { email: 'a@b.c' }, context: {} };
    await store.commitBatch({
      links: [
        {
          connection: 'acme',
          flow: 'contacts',
          sourceKey: 'K1',
          state: 'failed',
          lastError: { code: 'HUBSPOT_CONFLICT', message: 'email owned by contact 9' },
          snapshot,
        },
        { connection: 'acme', flow: 'contacts', sourceKey: 'K2', state: 'ok', targetId: '5' },
      ],
      events: [failedEvent('K1')],
    });
    const request = {
      connection: 'acme',
      flow: 'contacts' as const,
      sourceKey: 'K1',
      kind: 'excluded' as const,
      reason: 'duplicate person, merged by sales',
      actor: 'cli:ana',
    };
    await holdRecord(store, request, 2000);
    const held = (await store.getHolds('acme', 'contacts', ['K1', 'K2'])).get('K1');
    expect(held).toMatchObject({
      kind: 'excluded',
      actor: 'cli:ana',
      reason: 'duplicate person, merged by sales',
      atMs: 2000,
    });
    expect(held?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.listHolds({ connection: 'acme', limit: 10 })).toHaveLength(1);
    expect(await store.holdCounts()).toEqual([
      { connection: 'acme', flow: 'contacts', kind: 'excluded', linkState: 'failed', count: 1 },
    ]);
    // an ok record has nothing to hold; a hold needs a reason
    await expect(holdRecord(store, { ...request, sourceKey: 'K2' }, 2000)).rejects.toThrow(/is ok/);
    await expect(holdRecord(store, { ...request, reason: ' ' }, 2000)).rejects.toThrow(/reason is required/);

    expect(await releaseRecord(store, { ...request, reason: 'emails fixed' }, 3000)).toBe(true);
    expect(await releaseRecord(store, { ...request, reason: 'again' }, 3000)).toBe(false);
    expect((await store.getHolds('acme', 'contacts', ['K1'])).size).toBe(0);
    const history = await store.auditHistory('K1', { connection: 'acme', flow: 'contacts' });
    expect(history.map((e) => e.action)).toEqual(['failed', 'excluded', 'released']);
    expect(history[1]?.detail).toMatchObject({
      actor: 'cli:ana',
      reason: 'duplicate person, merged by sales',
    });
    expect(history[1]?.error?.code).toBe('HUBSPOT_CONFLICT');
    expect(history[2]?.detail).toMatchObject({ why: 'lifted by hand', reason: 'emails fixed' });
  });

  it('refuses to hold an order in flight to QAD', async () => {
    await h.store.commitBatch({
      links: [
        {
          connection: 'acme',
          flow: 'orders',
          sourceKey: '4711',
          state: 'failed',
          orderStage: 'submitted',
          lastError: { code: 'ORDER_SUBMISSION_UNCONFIRMED', message: 'sent; not confirmed yet' },
        },
      ],
      events: [],
    });
    await expect(
      holdRecord(
        h.store,
        { connection: 'acme', flow: 'orders', sourceKey: '4711', kind: 'excluded', reason: 'x', actor: 't' },
        1,
      ),
    ).rejects.toThrow(/submitted/);
  });

  it('lists lease rows, expired ones included', async () => {
    expect(await h.store.acquireLease('acme', 'orders', 'worker-1', 30_000, 1_000)).toBe(true);
    const leases = await h.store.listLeases();
    expect(leases).toContainEqual({
      connection: 'acme',
      flow: 'orders',
      holder: 'worker-1',
      expiresAtMs: 31_000,
    });
  });
});
