/**
 * The day cursor of the QAD sources (accounts, contacts, catalog). QAD change stamps are
 * day-granular, so a run filters the browse on its last-modified column `ge` the cursor's day
 * and drops unchanged rows by content hash. The cursor never advances past the run's start day
 * minus a safety margin, so rows changed while (or just before) a run is reading are read again
 * next time.
 *
 * Stored as JSON: `{"v":1,"day":"2026-01-31","key":"10USA/C1000"}` — `day` is the filter day of
 * the next incremental run (null = never completed: the next run is a backfill), `key` the last
 * committed record (tie-breaker, diagnostics), `backfillDay` the cursor a running backfill will
 * set when it completes (so a resumed backfill keeps its original start).
 */
import type { PipelineCheckpoints } from '../engine/pipeline.js';

/** The stored cursor of one QAD-sourced flow. */
export interface QadCursor {
  v: 1;
  /** ISO day `YYYY-MM-DD`; null until the first complete pass. */
  day: string | null;
  /** Last committed source key of the current/last pass; tie-breaker within a day. */
  key: string | null;
  /** Present while a backfill (first run or `--full`) is in progress: the day it will commit. */
  backfillDay?: string;
}

/** Default safety margin: one day (the QAD tenant's day may lag UTC). */
export const DEFAULT_SAFETY_DAYS = 1;

const DAY_MS = 86_400_000;

/** ISO day (UTC) of an epoch-ms instant. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `day` shifted by `deltaDays` (may be negative). */
export function addDays(day: string, deltaDays: number): string {
  return isoDay(Date.parse(`${day}T00:00:00.000Z`) + deltaDays * DAY_MS);
}

/** Parses a stored cursor; unknown or corrupt values read as "no cursor" (a backfill), never throw. */
export function parseQadCursor(raw: string | null): QadCursor {
  if (raw === null || raw === '') return { v: 1, day: null, key: null };
  try {
    const parsed = JSON.parse(raw) as Partial<QadCursor>;
    const day = typeof parsed.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parsed.day) ? parsed.day : null;
    const cursor: QadCursor = { v: 1, day, key: typeof parsed.key === 'string' ? parsed.key : null };
    if (typeof parsed.backfillDay === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parsed.backfillDay)) {
      cursor.backfillDay = parsed.backfillDay;
    }
    return cursor;
  } catch {
    return { v: 1, day: null, key: null };
  }
}

/** The stored form of a cursor (`parseQadCursor` reads it back). */
export function formatQadCursor(cursor: QadCursor): string {
  const out: Record<string, unknown> = { v: 1, day: cursor.day, key: cursor.key };
  if (cursor.backfillDay !== undefined) out['backfillDay'] = cursor.backfillDay;
  return JSON.stringify(out);
}

/** The plan for one run's read: which day to filter from, and the cursor to commit at the end. */
export interface QadReadPlan {
  /** Filter `modified ge sinceDay`; null = read everything (backfill / full reconciliation). */
  sinceDay: string | null;
  /** Cursor written with each write group (its key is the group's last record read). */
  checkpoint: QadCursor;
  /** Cursor written once the whole read succeeded. */
  final: QadCursor;
}

/**
 * Decides a run's read window. `runStartMs` is the run's start; the committed day is
 * `day(runStart) − safetyDays`, never earlier than the stored day (cursors do not move back).
 * A backfill (no completed pass, an interrupted backfill, or `full`) reads everything and keeps
 * the day of the backfill that started first, so a resumed backfill misses nothing.
 */
export function planQadRead(
  stored: QadCursor,
  runStartMs: number,
  opts: { full: boolean; safetyDays?: number },
): QadReadPlan {
  const capDay = addDays(isoDay(runStartMs), -(opts.safetyDays ?? DEFAULT_SAFETY_DAYS));
  const backfill = opts.full || stored.day === null || stored.backfillDay !== undefined;
  if (backfill) {
    const backfillDay =
      stored.backfillDay !== undefined && stored.backfillDay < capDay ? stored.backfillDay : capDay;
    return {
      sinceDay: null,
      checkpoint: { v: 1, day: stored.day, key: null, backfillDay },
      final: { v: 1, day: maxDay(stored.day, backfillDay), key: null },
    };
  }
  return {
    sinceDay: stored.day,
    checkpoint: { v: 1, day: stored.day, key: null },
    final: { v: 1, day: maxDay(stored.day, capDay), key: null },
  };
}

function maxDay(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

/** The plan's cursors as the pipeline commits them: the checkpoint carries the last key read. */
export function qadCheckpoints(plan: QadReadPlan): PipelineCheckpoints {
  return {
    after: (lastKey) => formatQadCursor({ ...plan.checkpoint, key: lastKey }),
    final: formatQadCursor(plan.final),
  };
}
