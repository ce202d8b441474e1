import { expect, it } from 'vitest';
import type { AuditEventInput, RunCounts } from '../../src/core/store-port.js';
import { forEachDialect } from '../helpers/store.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const zeroCounts: RunCounts = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };

function event(
  over: Partial<AuditEventInput> & Pick<AuditEventInput, 'connection' | 'sourceKey'>,
): AuditEventInput {
  return {
    flow: 'accounts',
    runId: 'r1',
    atMs: T0,
    action: 'created',
    targetId: null,
    payloadHash: null,
    payload: null,
    error: null,
    detail: null,
    ...over,
  };
}

forEachDialect('store', (h) => {
  it('runs migrations idempotently when a second store opens the same location', async () => {
    const again = await h.open();
    expect(again.dialect).toBe(h.dialect);
    await again.ensureConnection('mig', T0);
    expect(await h.store.listConnections()).toContain('mig');
  });

  it('registers connections once', async () => {
    await h.store.ensureConnection('c-conn', T0);
    await h.store.ensureConnection('c-conn', T0 + 1);
    expect((await h.store.listConnections()).filter((c) => c === 'c-conn')).toHaveLength(1);
  });

  it('stores, replaces and lists sealed secrets', async () => {
    const s = { connection: 'c-sec', name: 'hubspot.token', keyId: 'k1', blob: 'AAA', updatedAtMs: T0 };
    await h.store.putSecret(s);
    await h.store.putSecret({ ...s, blob: 'BBB', updatedAtMs: T0 + 5 });
    expect(await h.store.getSecret('c-sec', 'hubspot.token')).toEqual({
      ...s,
      blob: 'BBB',
      updatedAtMs: T0 + 5,
    });
    expect(await h.store.getSecret('c-sec', 'nope')).toBeNull();
    await h.store.replaceSecrets([
      { ...s, keyId: 'k2', blob: 'CCC' },
      { ...s, name: 'qad.password', keyId: 'k2', blob: 'DDD' },
    ]);
    const mine = (await h.store.listSecrets()).filter((x) => x.connection === 'c-sec');
    expect(mine.map((x) => [x.name, x.keyId, x.blob])).toEqual([
      ['hubspot.token', 'k2', 'CCC'],
      ['qad.password', 'k2', 'DDD'],
    ]);
    expect(typeof mine[0]!.updatedAtMs).toBe('number');
  });

  it('sets, replaces and clears cursors', async () => {
    expect(await h.store.getCursor('c-cur', 'accounts')).toBeNull();
    await h.store.setCursor('c-cur', 'accounts', '{"m":1}');
    await h.store.setCursor('c-cur', 'accounts', '{"m":2}');
    expect(await h.store.getCursor('c-cur', 'accounts')).toBe('{"m":2}');
    expect(await h.store.getCursor('c-cur', 'contacts')).toBeNull();
    await h.store.setCursor('c-cur', 'accounts', null);
    expect(await h.store.getCursor('c-cur', 'accounts')).toBeNull();
  });

  it('grants a lease to one holder until it expires or is released', async () => {
    const s = h.store;
    expect(await s.acquireLease('c-lease', 'orders', 'a', 1000, T0)).toBe(true);
    expect(await s.acquireLease('c-lease', 'orders', 'b', 1000, T0 + 10)).toBe(false);
    expect(await s.acquireLease('c-lease', 'orders', 'a', 1000, T0 + 20)).toBe(true); // re-entrant
    expect(await s.acquireLease('c-lease', 'accounts', 'b', 1000, T0)).toBe(true); // other flow
    expect(await s.renewLease('c-lease', 'orders', 'a', 1000, T0 + 500)).toBe(true);
    expect(await s.acquireLease('c-lease', 'orders', 'b', 1000, T0 + 1400)).toBe(false); // renewed to 1500
    expect(await s.acquireLease('c-lease', 'orders', 'b', 1000, T0 + 1500)).toBe(true); // expired → taken
    expect(await s.renewLease('c-lease', 'orders', 'a', 1000, T0 + 1600)).toBe(false); // a lost it
    await s.releaseLease('c-lease', 'orders', 'a'); // not the holder: no effect
    expect(await s.acquireLease('c-lease', 'orders', 'a', 1000, T0 + 1700)).toBe(false);
    await s.releaseLease('c-lease', 'orders', 'b');
    expect(await s.acquireLease('c-lease', 'orders', 'a', 1000, T0 + 1700)).toBe(true);
  });

  it('records the lease owner and lets exactly one taker take over a lease, audited', async () => {
    const s = h.store;
    const dead = { host: 'host-a', pid: 4242, startedAtMs: T0 - 60_000 };
    const alive = { host: 'host-a', pid: 77, startedAtMs: T0 - 5_000 };
    expect(await s.acquireLease('c-own', 'accounts', 'dead-pass', 30_000, T0, dead)).toBe(true);
    const previous = await s.getLease('c-own', 'accounts');
    expect(previous).toEqual({
      connection: 'c-own',
      flow: 'accounts',
      holder: 'dead-pass',
      expiresAtMs: T0 + 30_000,
      owner: dead,
    });
    expect(await s.getLease('c-own', 'contacts')).toBeNull();
    const takeover = (holder: string) => ({
      connection: 'c-own',
      flow: 'accounts' as const,
      atMs: T0 + 100,
      holder,
      previous: previous!,
      reason: 'process 4242 on host-a is not running',
    });
    const wins = await Promise.all([
      s.takeOverLease(takeover('new-1'), 30_000, alive),
      s.takeOverLease(takeover('new-2'), 30_000, alive),
    ]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    const now = await s.getLease('c-own', 'accounts');
    expect(now?.owner).toEqual(alive);
    expect(now?.expiresAtMs).toBe(T0 + 30_100);
    // the old lease record no longer matches: a late taker loses
    expect(await s.takeOverLease(takeover('new-3'), 30_000, alive)).toBe(false);
    const audit = await s.listLeaseTakeovers({ connection: 'c-own', limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      flow: 'accounts',
      holder: now?.holder,
      reason: 'process 4242 on host-a is not running',
      previous: { holder: 'dead-pass', owner: dead, expiresAtMs: T0 + 30_000 },
    });
  });

  it('lets exactly one of many concurrent contenders from two processes win a lease', async () => {
    const other = await h.open();
    const attempts = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? other : h.store).acquireLease('c-race', 'catalog', `holder-${i}`, 60_000, T0),
    );
    const won = (await Promise.all(attempts)).filter(Boolean);
    expect(won).toHaveLength(1);
  });

  it('records runs and lists the newest first, with numbers for times', async () => {
    const base = {
      connection: 'c-run',
      flow: 'accounts' as const,
      counts: zeroCounts,
      calls: { hubspot: 0, qad: 0 },
    };
    await h.store.startRun({ ...base, id: 'run-1', startedAtMs: T0, dryRun: false });
    await h.store.startRun({ ...base, id: 'run-2', startedAtMs: T0 + 1000, dryRun: true });
    await h.store.finishRun('run-1', {
      endedAtMs: T0 + 500,
      outcome: 'partial',
      counts: { ...zeroCounts, read: 3, failed: 1 },
      calls: { hubspot: 2, qad: 1 },
      error: { code: 'X', message: 'y' },
    });
    const runs = await h.store.listRuns({ connection: 'c-run', limit: 10 });
    expect(runs.map((r) => r.id)).toEqual(['run-2', 'run-1']);
    expect(runs[0]).toMatchObject({
      outcome: 'running',
      endedAtMs: null,
      dryRun: true,
      startedAtMs: T0 + 1000,
    });
    expect(runs[1]).toEqual({
      ...base,
      id: 'run-1',
      startedAtMs: T0,
      endedAtMs: T0 + 500,
      outcome: 'partial',
      counts: { ...zeroCounts, read: 3, failed: 1 },
      calls: { hubspot: 2, qad: 1 },
      error: { code: 'X', message: 'y' },
      dryRun: false,
    });
    expect(await h.store.listRuns({ connection: 'c-run', flow: 'orders', limit: 10 })).toEqual([]);
    expect(await h.store.listRuns({ connection: 'c-run', limit: 1 })).toHaveLength(1);
  });

  it('commits links, audit events and the cursor together; omitted link fields keep their value', async () => {
    await h.store.commitBatch({
      links: [
        {
          connection: 'c-batch',
          flow: 'accounts',
          sourceKey: '10USA/C1',
          state: 'ok',
          targetId: '101',
          contentHash: 'h1',
          snapshot: { name: 'Acme' },
          lastRunId: 'r1',
        },
        {
          connection: 'c-batch',
          flow: 'accounts',
          sourceKey: '10USA/C2',
          state: 'failed',
          lastError: { code: 'E', message: 'bad' },
        },
      ],
      events: [
        event({
          connection: 'c-batch',
          sourceKey: '10USA/C1',
          targetId: '101',
          payload: { name: 'Acme' },
          detail: { traceId: 't' },
        }),
        event({
          connection: 'c-batch',
          sourceKey: '10USA/C2',
          action: 'failed',
          error: { code: 'E', message: 'bad' },
        }),
      ],
      cursor: { connection: 'c-batch', flow: 'accounts', value: 'cur-1' },
    });
    await h.store.commitBatch({
      links: [
        { connection: 'c-batch', flow: 'accounts', sourceKey: '10USA/C1', state: 'ok', contentHash: 'h2' },
      ],
      events: [event({ connection: 'c-batch', sourceKey: '10USA/C1', action: 'updated', atMs: T0 + 10 })],
    });
    const links = await h.store.getLinks('c-batch', 'accounts', ['10USA/C1', '10USA/C2', 'missing']);
    expect([...links.keys()].sort()).toEqual(['10USA/C1', '10USA/C2']);
    expect(links.get('10USA/C1')).toMatchObject({
      targetId: '101',
      contentHash: 'h2',
      snapshot: { name: 'Acme' },
      lastRunId: 'r1',
      state: 'ok',
      orderStage: null,
      lastError: null,
    });
    expect(links.get('10USA/C2')).toMatchObject({
      state: 'failed',
      targetId: null,
      lastError: { code: 'E', message: 'bad' },
    });
    expect(await h.store.getCursor('c-batch', 'accounts')).toBe('cur-1');

    const history = await h.store.auditHistory('10USA/C1', { connection: 'c-batch' });
    expect(history.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(history[0]).toMatchObject({
      payload: { name: 'Acme' },
      detail: { traceId: 't' },
      atMs: T0,
      flow: 'accounts',
    });
    expect(typeof history[0]!.id).toBe('number');
    expect(history[1]!.id).toBeGreaterThan(history[0]!.id);
  });

  it('merges repeated keys in one batch and keeps fields other rows omit', async () => {
    await h.store.commitBatch({
      links: [
        {
          connection: 'c-merge',
          flow: 'contacts',
          sourceKey: 'A',
          state: 'ok',
          targetId: '1',
          snapshot: { v: 1 },
        },
        { connection: 'c-merge', flow: 'contacts', sourceKey: 'B', state: 'ok', targetId: '2' },
      ],
      events: [],
    });
    await h.store.commitBatch({
      links: [
        {
          connection: 'c-merge',
          flow: 'contacts',
          sourceKey: 'A',
          state: 'failed',
          lastError: { code: 'E', message: 'm' },
        },
        { connection: 'c-merge', flow: 'contacts', sourceKey: 'A', state: 'failed', contentHash: 'h' },
        { connection: 'c-merge', flow: 'contacts', sourceKey: 'B', state: 'quarantined' },
        { connection: 'c-merge', flow: 'contacts', sourceKey: 'C', state: 'ok', targetId: null },
      ],
      events: [],
    });
    const links = await h.store.getLinks('c-merge', 'contacts', ['A', 'B', 'C']);
    expect(links.get('A')).toMatchObject({
      state: 'failed',
      targetId: '1',
      snapshot: { v: 1 },
      contentHash: 'h',
      lastError: { code: 'E', message: 'm' },
    });
    expect(links.get('B')).toMatchObject({ state: 'quarantined', targetId: '2' });
    expect(links.get('C')).toMatchObject({ state: 'ok', targetId: null });
  });

  it('rolls the whole batch back when one part fails', async () => {
    const broken = {
      ...event({ connection: 'c-atomic', sourceKey: 'K2' }),
      action: null,
    } as unknown as AuditEventInput;
    await expect(
      h.store.commitBatch({
        links: [{ connection: 'c-atomic', flow: 'catalog', sourceKey: 'K1', state: 'ok', targetId: '9' }],
        events: [event({ connection: 'c-atomic', sourceKey: 'K1', flow: 'catalog' }), broken],
        cursor: { connection: 'c-atomic', flow: 'catalog', value: 'x' },
      }),
    ).rejects.toThrow();
    expect((await h.store.getLinks('c-atomic', 'catalog', ['K1'])).size).toBe(0);
    expect(await h.store.auditHistory('K1', { connection: 'c-atomic' })).toEqual([]);
    expect(await h.store.getCursor('c-atomic', 'catalog')).toBeNull();
  });

  it('finds links by target id and lists them by state with paging', async () => {
    const links = Array.from({ length: 7 }, (_, i) => ({
      connection: 'c-list',
      flow: 'orders' as const,
      sourceKey: `deal-${i}`,
      state: i < 5 ? ('ok' as const) : ('quarantined' as const),
      targetId: `SO${i}`,
      orderStage: 'confirmed' as const,
    }));
    await h.store.commitBatch({ links, events: [] });
    const byTarget = await h.store.getLinksByTarget('c-list', 'orders', ['SO1', 'SO6', 'nope']);
    expect([...byTarget.entries()].map(([t, l]) => [t, l.sourceKey, l.orderStage])).toEqual([
      ['SO1', 'deal-1', 'confirmed'],
      ['SO6', 'deal-6', 'confirmed'],
    ]);
    const page1 = await h.store.listLinks({ connection: 'c-list', states: ['ok'], limit: 3 });
    const page2 = await h.store.listLinks({ connection: 'c-list', states: ['ok'], limit: 3, offset: 3 });
    expect([...page1, ...page2].map((l) => l.sourceKey)).toEqual([
      'deal-0',
      'deal-1',
      'deal-2',
      'deal-3',
      'deal-4',
    ]);
    expect(
      (await h.store.listLinks({ connection: 'c-list', states: ['quarantined'], limit: 10 })).length,
    ).toBe(2);
    expect(await h.store.listLinks({ connection: 'c-list', states: [], limit: 10 })).toEqual([]);
  });

  it('deletes one link and records its audit event together (unlink)', async () => {
    await h.store.commitBatch({
      links: ['k1', 'k2'].map((sourceKey) => ({
        connection: 'c-unlink',
        flow: 'accounts' as const,
        sourceKey,
        state: 'ok' as const,
        targetId: `T-${sourceKey}`,
      })),
      events: [],
    });
    await h.store.deleteLink(
      'c-unlink',
      'accounts',
      'k1',
      event({ connection: 'c-unlink', sourceKey: 'k1', action: 'unlinked', targetId: 'T-k1', runId: null }),
    );
    const left = await h.store.getLinks('c-unlink', 'accounts', ['k1', 'k2']);
    expect([...left.keys()]).toEqual(['k2']);
    const history = await h.store.auditHistory('k1', { connection: 'c-unlink' });
    expect(history.map((e) => [e.action, e.targetId])).toEqual([['unlinked', 'T-k1']]);
  });

  it('reads more keys than one IN list holds', async () => {
    const keys = Array.from({ length: 1203 }, (_, i) => `k${i}`);
    await h.store.commitBatch({
      links: keys.map((sourceKey) => ({
        connection: 'c-many',
        flow: 'contacts' as const,
        sourceKey,
        state: 'ok' as const,
      })),
      events: [],
    });
    expect((await h.store.getLinks('c-many', 'contacts', keys)).size).toBe(1203);
  });

  it('reports flow health per connection and flow', async () => {
    await h.store.ensureConnection('c-health', T0);
    await h.store.commitBatch({
      links: [
        { connection: 'c-health', flow: 'accounts', sourceKey: 'a', state: 'ok' },
        { connection: 'c-health', flow: 'accounts', sourceKey: 'b', state: 'ok' },
        { connection: 'c-health', flow: 'accounts', sourceKey: 'c', state: 'failed' },
        { connection: 'c-health', flow: 'accounts', sourceKey: 'd', state: 'quarantined' },
        { connection: 'c-health', flow: 'qad-orders', sourceKey: '10USA/SO1', state: 'waiting' },
        { connection: 'c-health', flow: 'qad-orders', sourceKey: '10USA/SO1#1', state: 'waiting' },
      ],
      events: [],
    });
    const base = {
      connection: 'c-health',
      flow: 'accounts' as const,
      counts: zeroCounts,
      calls: { hubspot: 0, qad: 0 },
      dryRun: false,
    };
    await h.store.startRun({ ...base, id: 'h-1', startedAtMs: T0 });
    await h.store.finishRun('h-1', {
      endedAtMs: T0 + 100,
      outcome: 'ok',
      counts: zeroCounts,
      calls: base.calls,
      error: null,
    });
    await h.store.startRun({ ...base, id: 'h-2', startedAtMs: T0 + 1000 });
    await h.store.finishRun('h-2', {
      endedAtMs: T0 + 1100,
      outcome: 'failed',
      counts: zeroCounts,
      calls: base.calls,
      error: null,
    });

    const health = await h.store.flowHealth('c-health');
    expect(health.map((x) => x.flow)).toEqual(['accounts', 'contacts', 'catalog', 'orders', 'qad-orders']);
    expect(health[0]).toMatchObject({ inSync: 2, failing: 1, quarantined: 1, lastSuccessAtMs: T0 + 100 });
    expect(health[0]!.lastRun?.id).toBe('h-2');
    expect(health[1]).toMatchObject({ lastRun: null, lastSuccessAtMs: null, inSync: 0 });
    expect(health[0]).toMatchObject({ waiting: 0 });
    expect(health[4]).toMatchObject({ waiting: 2, failing: 0, inSync: 0 });
    const all = await h.store.flowHealth();
    expect(all.some((x) => x.connection === 'c-health')).toBe(true);
  });
});
