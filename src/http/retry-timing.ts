/**
 * Pure timing rules for retries: capped exponential backoff with full jitter, Retry-After parsing,
 * and the portal-local midnight at which HubSpot's daily budget resets. No clock or randomness
 * is read here: callers pass `nowMs` and a `random` source.
 */

/** Backoff settings; defaults suit remote APIs that recover within seconds. */
export interface BackoffOptions {
  /** First retry's ceiling in ms (default 250). */
  baseDelayMs?: number;
  /** Largest delay in ms (default 20 000). */
  maxDelayMs?: number;
}

/**
 * Full-jitter backoff (AWS architecture blog): a uniform delay in [0, min(max, base·2^(n−1))]
 * for retry number `retryNumber` ≥ 1. Full jitter spreads concurrent retries best.
 */
export function backoffDelayMs(
  retryNumber: number,
  random: () => number,
  options: BackoffOptions = {},
): number {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 20_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(random() * ceiling);
}

/**
 * Parses a Retry-After header: delta-seconds ("2", "1.5") or an HTTP date. Returns the wait in ms
 * (never negative), or undefined when absent or unparseable.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * The first instant after `nowMs` at which the wall clock in `timeZone` (IANA, e.g.
 * "America/Chicago") reads 00:00. HubSpot resets the daily budget then.
 */
export function nextLocalMidnightMs(nowMs: number, timeZone: string): number {
  const offsetAt = (ms: number): number => zoneOffsetMs(ms, timeZone);
  const localNow = nowMs + offsetAt(nowMs);
  const dayMs = 86_400_000;
  const localMidnightNext = Math.floor(localNow / dayMs) * dayMs + dayMs;
  // Convert local wall time back to UTC; re-check the offset at the target (DST changes).
  let utc = localMidnightNext - offsetAt(nowMs);
  utc = localMidnightNext - offsetAt(utc);
  return utc > nowMs ? utc : utc + dayMs;
}

/** The zone's offset from UTC in ms at instant `ms` (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - (ms - (ms % 1000));
}
