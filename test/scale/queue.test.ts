/**
 * The pass queue and the queue scheduler on a real PostgreSQL (own schema per run): one unfinished
 * pass per connection, due flows collapse into the next pass, heartbeats, expiry → retry.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import { openPassQueue, PASS_QUEUE, type PassJobData, type PassQueue } from '../../src/scale/queue.js';
import { startQueueScheduler } from '../../src/scale/scheduler-role.js';
import { resolveQueueSettings } from '../../src/scale/settings.js';
import { DATABASE_URL, uniqueSchemaName, withSchema } from '../helpers/store.js';

const suite = DATABASE_URL ? describe : describe.skip;

suite(`pass queue on PostgreSQL${DATABASE_URL ? '' : ' (skipped: DATABASE_URL is not set)'}`, () => {
  const schema = uniqueSchemaName('mlc_q');
  let queue: PassQueue;
  beforeAll(async () => {
    const location = withSchema(DATABASE_URL as string, schema);
    queue = await openPassQueue(
      location,
      resolveQueueSettings(location, { expireInSeconds: 30, retryDelaySeconds: 0 }),
      pino({ level: 'silent' }),
    );
  }, 30_000);
  afterAll(async () => {
    await queue?.close(1000);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}_boss" cascade`);
    await client.end();
  });
  const fetch = async (): Promise<{ id: string; data: PassJobData; retryCount: number } | undefined> =>
    (await queue.boss.fetch<PassJobData>(PASS_QUEUE, { batchSize: 1, includeMetadata: true }))?.[0];

  it('one queued pass per connection; the scheduler collapses due flows while a pass is unfinished', async () => {
    const clock = new FakeClock(1_000_000);
    const events = new EventBus();
    const enqueued: { connection: string; flows: string[] }[] = [];
    events.on('scale.pass.enqueued', (e) => enqueued.push({ connection: e.connection, flows: e.flows }));
    const scheduler = startQueueScheduler({
      queue,
      clock,
      events,
      tickMs: 60_000,
      onError: (e) => {
        throw e;
      },
      flows: [
        { connection: 'a', flow: 'accounts', schedule: { everyMs: 1000 } },
        { connection: 'a', flow: 'contacts', schedule: { everyMs: 5000 } },
        { connection: 'b', flow: 'catalog', schedule: { everyMs: 1000 } },
      ],
    });
    await scheduler.tick();
    await scheduler.stop();
    // at start every flow is due: one pass per connection, with all its due flows
    expect(enqueued).toEqual([
      { connection: 'a', flows: ['accounts', 'contacts'] },
      { connection: 'b', flows: ['catalog'] },
    ]);
    expect(await queue.busyConnections()).toEqual(new Set(['a', 'b']));
    // a second pass for a connection is refused while one is queued (stately singleton key)
    expect(await queue.enqueue({ connection: 'a', flows: ['accounts'] })).toBeNull();

    // a is running; time passes: a's accounts is due again but waits, b is due and free again
    const first = await fetch();
    expect(first?.data.connection).toBe('a');
    const second = await fetch();
    expect(second?.data.connection).toBe('b');
    await queue.boss.complete(PASS_QUEUE, second?.id as string, {
      worker: 'w',
      windowMs: 2000,
      outcomes: {},
    });
    await clock.advance(6000);
    enqueued.length = 0;
    const again = startQueueScheduler({
      queue,
      clock,
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
    await again.tick();
    // a still runs: its due flow waits (stays due) instead of queueing behind the running pass
    expect(enqueued).toEqual([{ connection: 'b', flows: ['catalog'] }]);
    expect(again.nextRuns().find((r) => r.connection === 'a')?.nextAtMs).toBeLessThanOrEqual(clock.nowMs());
    await again.stop();
    // the previous pass of b is visible to its next owner (rate-budget handover)
    const prev = await queue.previousPass('b', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
    expect(prev).toMatchObject({ worker: 'w', windowMs: 2000 });
    expect(prev?.agoMs).toBeGreaterThanOrEqual(0);
    await queue.boss.complete(PASS_QUEUE, first?.id as string, { worker: 'w', windowMs: 2000, outcomes: {} });
    const b2 = await fetch();
    await queue.boss.complete(PASS_QUEUE, b2?.id as string, {});
  });

  it('heartbeats keep a running pass; a silent one expires and is retried with retryCount 1', async () => {
    const id = await queue.enqueue({ connection: 'c', flows: ['accounts'] });
    const job = await fetch();
    expect(job?.id).toBe(id);
    expect(job?.retryCount).toBe(0);
    expect(await queue.heartbeat(id as string)).toBe(true);
    // the worker went silent long ago (moved in the database, not by sleeping)
    await queue.boss
      .getDb()
      .executeSql(`UPDATE ${schema}_boss.job SET started_on = now() - interval '1 hour' WHERE id = $1`, [id]);
    await queue.boss.expire();
    expect(await queue.heartbeat(id as string)).toBe(false);
    expect(await queue.busyConnections()).toContain('c');
    const retried = await fetch();
    expect(retried?.id).toBe(id);
    expect(retried?.retryCount).toBe(1);
    expect(await queue.heartbeat(id as string)).toBe(true);
    await queue.boss.complete(PASS_QUEUE, id as string, {});
    expect(await queue.heartbeat(id as string)).toBe(false);
    expect(await queue.busyConnections()).not.toContain('c');
  });

  it('an orders request joins a queued pass, waits while one runs, and never starves other connections', async () => {
    // nothing unfinished for f: a new pass
    expect(await queue.request({ connection: 'f', flows: ['orders'] })).toBe('queued');
    // queued already: orders joins it (once), no second job
    expect(await queue.request({ connection: 'f', flows: ['orders'] })).toBe('joined');
    await queue.enqueue({ connection: 'g', flows: ['accounts'] });
    expect(await queue.request({ connection: 'g', flows: ['orders'] })).toBe('joined');
    const f = await fetch();
    expect(f?.data).toEqual({ connection: 'f', flows: ['orders'] });
    const g = await fetch();
    expect(g?.data.connection).toBe('g');
    expect([...(g?.data.flows ?? [])].sort()).toEqual(['accounts', 'orders']);
    // f's pass runs: a request is refused (asked again later) instead of queueing beside it — a
    // job queued behind a running one of its key is the oldest, cannot be fetched, and pg-boss
    // would hand out nothing at all until f's pass ended
    expect(await queue.request({ connection: 'f', flows: ['orders'] })).toBe('busy');
    await queue.enqueue({ connection: 'h', flows: ['catalog'] });
    const h = await fetch();
    expect(h?.data.connection).toBe('h');
    for (const job of [f, g, h]) await queue.boss.complete(PASS_QUEUE, job?.id as string, {});
    // f's pass ended: the request is a new pass again
    expect(await queue.request({ connection: 'f', flows: ['orders'] })).toBe('queued');
    const f2 = await fetch();
    await queue.boss.complete(PASS_QUEUE, f2?.id as string, {});
  });

  it('a tick asked for during the first tick runs after it and reports nothing twice', async () => {
    // the real queue, answering 30 ms late, so the loop's first tick and an asked-for tick would
    // both find d and e free if they overlapped (they did: the loser saw a null job id and
    // returned before the winner had reported, which made the first test above flaky)
    const sends: string[] = [];
    const late = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 30));
    const slowQueue = {
      busyConnections: async () => late(await queue.busyConnections()),
      enqueue: async (data: PassJobData) => {
        sends.push(data.connection);
        return late(await queue.enqueue(data));
      },
    };
    const events = new EventBus();
    const enqueued: string[] = [];
    events.on('scale.pass.enqueued', (e) => enqueued.push(e.connection));
    const scheduler = startQueueScheduler({
      queue: slowQueue,
      clock: new FakeClock(1_000_000),
      events,
      tickMs: 60_000,
      onError: (e) => {
        throw e;
      },
      flows: [
        { connection: 'd', flow: 'accounts', schedule: { everyMs: 1000 } },
        { connection: 'e', flow: 'catalog', schedule: { everyMs: 1000 } },
      ],
    });
    await scheduler.tick();
    // when the asked-for tick resolves, the loop's first tick has reported both passes
    expect(enqueued).toEqual(['d', 'e']);
    // and the asked-for tick saw them as busy instead of sending them again
    expect(sends).toEqual(['d', 'e']);
    await scheduler.stop();
  });

  it('a scheduler and its workers starting together on a fresh schema all open the queue', async () => {
    // pg-boss's create_queue deadlocks against itself when several processes create one queue at
    // once (CI saw a worker exit with SCALE_QUEUE_UNAVAILABLE); every opener must still succeed
    const ROUNDS = 5;
    const OPENERS = 5;
    const schemas: string[] = [];
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        const location = withSchema(DATABASE_URL as string, uniqueSchemaName('mlc_qr'));
        schemas.push(resolveQueueSettings(location, {}).schema);
        const opened = await Promise.allSettled(
          Array.from({ length: OPENERS }, () =>
            openPassQueue(location, resolveQueueSettings(location, {}), pino({ level: 'silent' })),
          ),
        );
        for (const o of opened) if (o.status === 'fulfilled') await o.value.close(1000);
        const failures = opened.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
        expect(failures, `round ${round}`).toEqual([]);
      }
    } finally {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
      await client.end();
    }
  }, 60_000);
});
