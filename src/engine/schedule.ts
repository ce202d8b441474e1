/**
 * Schedule math (pure): when a flow is due next. Missed runs collapse: however many slots passed
 * while the process was suspended or a run was long, the late wake-up runs once (the catch-up)
 * and the cadence continues on its grid after the present.
 */
import { CronExpressionParser } from 'cron-parser';

/** `{ everyMs }` or `{ cron }` (5/6-field cron, evaluated in `timeZone`, default UTC). */
export type FlowSchedule = { everyMs: number; cron?: undefined } | { cron: string; everyMs?: undefined };

/** The first due time after `afterMs` (strictly later). */
export function nextSlot(schedule: FlowSchedule, afterMs: number, timeZone = 'UTC'): number {
  if (schedule.everyMs !== undefined) return afterMs + schedule.everyMs;
  const expr = CronExpressionParser.parse(schedule.cron, { currentDate: new Date(afterMs), tz: timeZone });
  return expr.next().toDate().getTime();
}

/**
 * Next due time after a run that was due at `dueMs`, evaluated at `nowMs`: the first slot of the
 * schedule's grid strictly after `nowMs`. A run that woke late (process suspended, long previous
 * run) was itself the one catch-up run; the slots it missed are not run again.
 */
export function nextDue(schedule: FlowSchedule, dueMs: number, nowMs: number, timeZone = 'UTC'): number {
  if (schedule.everyMs !== undefined) {
    const every = schedule.everyMs;
    const next = dueMs + every;
    return next > nowMs ? next : dueMs + (Math.floor((nowMs - dueMs) / every) + 1) * every;
  }
  return nextSlot(schedule, Math.max(dueMs, nowMs), timeZone);
}
