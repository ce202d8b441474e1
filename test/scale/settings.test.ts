import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { handoverWaitMs } from '../../src/scale/handover.js';
import { parseRole, resolveQueueSettings, usesQueue } from '../../src/scale/settings.js';

describe('scale settings', () => {
  it('roles other than all need PostgreSQL; all on SQLite is the embedded scheduler', () => {
    expect(usesQueue('all', './state.db')).toBe(false);
    expect(usesQueue('worker', 'postgres://h/db')).toBe(true);
    expect(usesQueue('all', 'postgresql://h/db')).toBe(true);
    for (const role of ['scheduler', 'worker'] as const) {
      expect(() => usesQueue(role, './state.db')).toThrow(ConfigError);
      try {
        usesQueue(role, './state.db');
      } catch (e) {
        expect((e as ConfigError).code).toBe('SCALE_NEEDS_POSTGRES');
      }
    }
    expect(() => parseRole('boss')).toThrow(/--role must be one of all, scheduler, worker/);
  });

  it('the queue schema follows the store schema; defaults derive from expireInSeconds', () => {
    expect(resolveQueueSettings('postgres://h/db').schema).toBe('pgboss');
    const s = resolveQueueSettings('postgres://h/db?schema=tenant_a', { expireInSeconds: 10 });
    expect(s.schema).toBe('tenant_a_boss');
    expect(s.maintenanceIntervalSeconds).toBe(5);
    expect(() => resolveQueueSettings('postgres://h/db', { schema: 'Bad-Name' })).toThrow(/schema/);
    expect(() => resolveQueueSettings('postgres://h/db', { concurrency: 0 })).toThrow(/concurrency/);
  });
});

describe('rate-budget handover', () => {
  const base = { worker: 'w1', retryCount: 0, localWindowMs: 10_000 };
  it('no wait for the first pass, or when this worker ran the last one', () => {
    expect(handoverWaitMs({ ...base, previous: null })).toBe(0);
    expect(handoverWaitMs({ ...base, previous: { worker: 'w1', windowMs: 2000, agoMs: 10 } })).toBe(0);
  });
  it("another worker's recent pass: wait for the rest of its window (its observed window)", () => {
    expect(handoverWaitMs({ ...base, previous: { worker: 'w2', windowMs: 2000, agoMs: 500 } })).toBe(1500);
    expect(handoverWaitMs({ ...base, previous: { worker: 'w2', windowMs: 2000, agoMs: 5000 } })).toBe(0);
    expect(handoverWaitMs({ ...base, previous: { worker: 'w2', windowMs: null, agoMs: 4000 } })).toBe(6000);
  });
  it('a retry (the previous attempt died) waits one full window', () => {
    expect(handoverWaitMs({ ...base, retryCount: 1, previous: null })).toBe(10_000);
    expect(
      handoverWaitMs({ ...base, retryCount: 2, previous: { worker: 'w1', windowMs: 2000, agoMs: 0 } }),
    ).toBe(2000);
  });
});
