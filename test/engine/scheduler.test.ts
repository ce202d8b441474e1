import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import { nextDue, nextSlot } from '../../src/engine/schedule.js';
import { startScheduler } from '../../src/engine/scheduler.js';

const T0 = Date.UTC(2026, 0, 1, 10, 30);

describe('schedule math', () => {
  it('everyMs and cron slots', () => {
    expect(nextSlot({ everyMs: 60_000 }, T0)).toBe(T0 + 60_000);
    expect(new Date(nextSlot({ cron: '0 * * * *' }, T0)).toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });

  it('missed slots collapse: the next run is on the grid after now', () => {
    expect(nextDue({ everyMs: 1000 }, T0, T0 + 200)).toBe(T0 + 1000);
    expect(nextDue({ everyMs: 1000 }, T0, T0 + 5500)).toBe(T0 + 6000);
    const hourly = nextDue({ cron: '0 * * * *' }, T0, T0 + 3 * 3_600_000);
    expect(new Date(hourly).toISOString()).toBe('2026-01-01T14:00:00.000Z');
  });
});

describe('startScheduler on fake time', () => {
  it('runs on cadence, collapses missed runs into one, and stops cleanly', async () => {
    const clock = new FakeClock(T0);
    const events = new EventBus();
    const runs: number[] = [];
    const scheduler = startScheduler({
      clock,
      events,
      flows: [{ connection: 'acme', flow: 'accounts', schedule: { everyMs: 1000 } }],
      runFlow: () => {
        runs.push(clock.nowMs() - T0);
        return Promise.resolve();
      },
    });
    const scheduled = (): Promise<unknown> => events.once('scheduler.run.scheduled');
    await scheduled(); // the run at start
    expect(runs).toEqual([0]);
    let next = scheduled();
    await clock.advance(1000);
    await next;
    expect(runs).toEqual([0, 1000]);
    // the process "sleeps" through 4.5 slots: one catch-up run, then back on the grid
    next = scheduled();
    await clock.advance(4500);
    await next;
    expect(runs).toEqual([0, 1000, 5500]);
    expect(scheduler.nextRuns()[0]?.nextAtMs).toBe(T0 + 6000);
    next = scheduled();
    await clock.advance(500);
    await next;
    expect(runs).toEqual([0, 1000, 5500, 6000]);
    await scheduler.stop();
    await clock.advance(10_000);
    expect(runs).toHaveLength(4);
  });

  it('stop() asks the running flow to stop and waits for it', async () => {
    const clock = new FakeClock(T0);
    let release: () => void = () => undefined;
    let sawAbort = false;
    let resolveStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      resolveStarted = resolve;
    });
    const scheduler = startScheduler({
      clock,
      flows: [{ connection: 'acme', flow: 'catalog', schedule: { cron: '0 * * * *' } }],
      runFlow: (_c, _f, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            release = resolve;
          });
          resolveStarted();
        }),
    });
    await started;
    let done = false;
    const stopping = scheduler.stop().then(() => {
      done = true;
    });
    expect(sawAbort).toBe(true);
    await Promise.resolve();
    expect(done).toBe(false); // still finishing its batch
    release();
    await stopping;
    expect(done).toBe(true);
  });

  it('serialises runs of one connection', async () => {
    const clock = new FakeClock(T0);
    let active = 0;
    let maxActive = 0;
    let finished = 0;
    const allDone = new Promise<void>((resolve) => {
      const scheduler = startScheduler({
        clock,
        flows: [
          { connection: 'acme', flow: 'accounts', schedule: { everyMs: 60_000 } },
          { connection: 'acme', flow: 'catalog', schedule: { everyMs: 60_000 } },
        ],
        runFlow: async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await Promise.resolve();
          await Promise.resolve();
          active -= 1;
          finished += 1;
          if (finished === 2) {
            resolve();
            void scheduler.stop();
          }
        },
      });
    });
    await allDone;
    expect(maxActive).toBe(1);
  });
});
