/** Portal-local time helpers: the daily rate budget resets at midnight in the portal's time zone. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (negative west of Greenwich). */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const local = Date.UTC(
    p['year'] ?? 1970,
    (p['month'] ?? 1) - 1,
    p['day'] ?? 1,
    p['hour'] ?? 0,
    p['minute'] ?? 0,
    p['second'] ?? 0,
  );
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000) * 60_000;
}

/** `-05:00` style rendering of an offset. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(offsetMs) / 60_000;
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The portal-local calendar day of `ms`, as `YYYY-MM-DD`. */
export function localDay(ms: number, timeZone: string): string {
  const d = new Date(ms + utcOffsetMs(ms, timeZone));
  return d.toISOString().slice(0, 10);
}

/** The next portal-local midnight after `ms`, in epoch ms. */
export function nextLocalMidnightMs(ms: number, timeZone: string): number {
  const offset = utcOffsetMs(ms, timeZone);
  const local = new Date(ms + offset);
  const nextLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return nextLocal - offset;
}
