/**
 * The queue scheduler's ticks never overlap: a tick asked for while the loop's first tick is still
 * enqueueing waits for it, so it sees that tick's job as busy. (Overlapping ticks raced for the
 * same connection; the loser saw a null job id and returned before the winner had reported.)
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import type { PassJobData } from '../../src/scale/queue.js';
import { startQueueScheduler } from '../../src/scale/scheduler-role.js';

/** An in-memory queue with the stately rule (one unfinished pass per connection) and a slow send. */
function slowQueue(sendDelayMs: number) {
  const unfinished = new Set<string>();
  const sends: string[] = [];
  return {
    sends,
    busyConnections() {
      return Promise.resolve(new Set(unfinished));
    },
    async enqueue(data: PassJobData) {
      sends.push(data.connection);
      const accepted = !unfinished.has(data.connection);
      if (accepted) unfinished.add(data.connection);
      await new Promise((resolve) => setTimeout(resolve, sendDelayMs));
      return accepted ? `job-${data.connection}` : null;
    },
  };
}

describe('queue scheduler ticks', () => {
  it('a tick asked for during the first tick runs after it and reports nothing twice', async () => {
    const queue = slowQueue(30);
    const events = new EventBus();
    const enqueued: string[] = [];
    events.on('scale.pass.enqueued', (e) => enqueued.push(e.connection));
    const scheduler = startQueueScheduler({
      queue,
      clock: new FakeClock(1_000_000),
      events,
      tickMs: 60_000,
      onError: (e) => {
        throw e;
      },
      flows: [
        { connection: 'a', flow: 'accounts', schedule: { everyMs: 1000 } },
        { connection: 'b', flow: 'catalog', schedule: { everyMs: 1000 } },
      ],
    });
    await scheduler.tick();
    // when the asked-for tick resolves, the loop's first tick has reported both passes
    expect(enqueued).toEqual(['a', 'b']);
    // and the asked-for tick saw them as busy instead of trying to send them again
    expect(queue.sends).toEqual(['a', 'b']);
    await scheduler.stop();
  });
});
