import { describe, expect, it } from 'vitest';
import { countOutcomes, linkStateFor, outcomesToCommit, type RecordOutcome } from '../../src/engine/flow.js';
import type { EngineConnection } from '../../src/engine/ports.js';

const ctx = { connection: { name: 'acme' } as EngineConnection, flowId: 'accounts' as const, runId: 'run-1' };

describe('outcomes → ledger rows', () => {
  const outcomes: RecordOutcome[] = [
    { sourceKey: 'a', action: 'created', targetId: '101', contentHash: 'h1', snapshot: { p: 1 } },
    { sourceKey: 'b', action: 'unchanged', targetId: '102' },
    {
      sourceKey: 'c',
      action: 'failed',
      snapshot: { p: 2 },
      error: { code: 'HUBSPOT_VALIDATION', message: 'bad' },
    },
    { sourceKey: 'd', action: 'quarantined', error: { code: 'RECORD_INVALID', message: 'name: is empty' } },
    { sourceKey: 'e', action: 'skipped', detail: { reason: 'inactive' } },
  ];

  it('writes one audit event per attempted record and link changes only where the state changes', () => {
    const { links, events } = outcomesToCommit(ctx, outcomes, 1000);
    expect(events.map((e) => [e.sourceKey, e.action])).toEqual([
      ['a', 'created'],
      ['c', 'failed'],
      ['d', 'quarantined'],
      ['e', 'skipped'],
    ]);
    expect(links).toEqual([
      {
        connection: 'acme',
        flow: 'accounts',
        sourceKey: 'a',
        state: 'ok',
        lastRunId: 'run-1',
        targetId: '101',
        lastError: null,
        contentHash: 'h1',
        snapshot: { p: 1 },
      },
      {
        connection: 'acme',
        flow: 'accounts',
        sourceKey: 'c',
        state: 'failed',
        lastRunId: 'run-1',
        lastError: { code: 'HUBSPOT_VALIDATION', message: 'bad' },
        snapshot: { p: 2 },
      },
      {
        connection: 'acme',
        flow: 'accounts',
        sourceKey: 'd',
        state: 'quarantined',
        lastRunId: 'run-1',
        lastError: { code: 'RECORD_INVALID', message: 'name: is empty' },
      },
    ]);
    // a failed write never stores a content hash: the next sync re-sends it
    expect(links[1]).not.toHaveProperty('contentHash');
  });

  it('counts per action', () => {
    const counts = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
    countOutcomes(counts, outcomes);
    expect(counts).toEqual({ read: 0, created: 1, updated: 0, unchanged: 1, failed: 2, skipped: 1 });
    expect(linkStateFor('archived')).toBe('ok');
    expect(linkStateFor('skipped')).toBeNull();
  });
});
