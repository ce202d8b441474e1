import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatQadCursor,
  parseQadCursor,
  planQadRead,
  qadCheckpoints,
} from '../../src/flows/qad-cursor.js';

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

  it('gives the pipeline its checkpoints: the plan cursor with the last key read, and the final one', () => {
    const plan = planQadRead({ v: 1, day: '2026-03-01', key: null }, start, { full: false });
    const checkpoints = qadCheckpoints(plan);
    expect(parseQadCursor(checkpoints.after('10USA/C1000'))).toEqual({
      v: 1,
      day: '2026-03-01',
      key: '10USA/C1000',
    });
    expect(parseQadCursor(checkpoints.final)).toEqual({ v: 1, day: '2026-03-09', key: null });
  });
});
