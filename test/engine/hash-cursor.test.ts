import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/engine/hash.js';
import { addDays, formatQadCursor, parseQadCursor, planQadRead } from '../../src/engine/cursor.js';

describe('content hash', () => {
  it('is independent of key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
    expect(contentHash({ name: 'Acme', city: 'Austin' })).toBe(contentHash({ city: 'Austin', name: 'Acme' }));
  });

  it('stays the same across versions: stored ledger hashes must keep matching unchanged records', () => {
    const payload = { properties: { name: 'Acme', zip: '78701', é: 'x' }, context: { companyId: null } };
    expect(contentHash(payload)).toBe('9436b1d0cb1e68c002936f12705b6cf30be0473dcf6a397bd909bbde330c8e97');
  });

  it('changes when any value changes', () => {
    expect(contentHash({ name: 'Acme' })).not.toBe(contentHash({ name: 'Acme ' }));
    expect(contentHash({ name: 'Acme' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('QAD cursor math', () => {
  const start = Date.UTC(2026, 2, 10, 15, 30); // 2026-03-10 15:30Z

  it('first run is a backfill that commits run start day minus safety', () => {
    const plan = planQadRead(parseQadCursor(null), start, { full: false });
    expect(plan.sinceDay).toBeNull();
    expect(plan.checkpoint).toEqual({ v: 1, day: null, key: null, backfillDay: '2026-03-09' });
    expect(plan.final).toEqual({ v: 1, day: '2026-03-09', key: null });
  });

  it('incremental run filters ge the stored day and never commits past start day minus safety', () => {
    const plan = planQadRead({ v: 1, day: '2026-03-01', key: 'k' }, start, { full: false });
    expect(plan.sinceDay).toBe('2026-03-01');
    expect(plan.final.day).toBe('2026-03-09');
    const zeroSafety = planQadRead({ v: 1, day: '2026-03-01', key: null }, start, {
      full: false,
      safetyDays: 0,
    });
    expect(zeroSafety.final.day).toBe('2026-03-10');
  });

  it('never moves the cursor backwards (clock skew)', () => {
    const plan = planQadRead({ v: 1, day: '2026-04-01', key: null }, start, { full: false });
    expect(plan.final.day).toBe('2026-04-01');
  });

  it('--full reads everything but keeps the stored day as a floor', () => {
    const plan = planQadRead({ v: 1, day: '2026-03-05', key: null }, start, { full: true });
    expect(plan.sinceDay).toBeNull();
    expect(plan.final.day).toBe('2026-03-09');
  });

  it('a resumed backfill keeps the day of the backfill that started first', () => {
    const interrupted = parseQadCursor(
      formatQadCursor({ v: 1, day: null, key: 'x', backfillDay: '2026-03-02' }),
    );
    const plan = planQadRead(interrupted, start, { full: false });
    expect(plan.sinceDay).toBeNull();
    expect(plan.checkpoint.backfillDay).toBe('2026-03-02');
    expect(plan.final.day).toBe('2026-03-02');
  });

  it('reads corrupt cursors as no cursor', () => {
    expect(parseQadCursor('{not json')).toEqual({ v: 1, day: null, key: null });
    expect(parseQadCursor('{"day":"yesterday"}').day).toBeNull();
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
