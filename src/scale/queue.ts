/**
 * The pg-boss queue of passes: one job = one pass over some due flows of ONE connection, with
 * `singletonKey = connection` on a `stately` queue (at most one queued and one running per
 * connection). The scheduler never enqueues for a connection that still has an unfinished job, so a
 * worker's fetch never meets a queued job blocked by a running one of the same key.
 *
 * pg-boss v10 has no job heartbeat: `heartbeat()` renews a running job by moving its `started_on`
 * (the column v10's expiry check reads), so expiry means "worker silent for expireInSeconds", not
 * "pass longer than expireInSeconds". This touches a v10 table column; the package is pinned to v10.
 */
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { messageOf, SystemError } from '../core/errors.js';
import type { FlowId } from '../core/store-port.js';
import { parsePostgresLocation } from '../store/index.js';
import type { QueueSettings } from './settings.js';

/** The pg-boss queue holding passes. */
export const PASS_QUEUE = 'ml-connector-pass';

/** The data of one pass job. */
export interface PassJobData {
  connection: string;
  /** Due flows; the worker runs them in dependency order. */
  flows: FlowId[];
}

/** What a worker records on a completed pass (read by the next owner of the connection). */
export interface PassJobOutput {
  worker: string;
  /** The portal's burst window as last seen by that worker (from X-HubSpot-RateLimit-* headers), ms. */
  windowMs: number;
  outcomes: Record<string, string>;
}

/** What `request` did: joined a queued pass, queued a new one, or found the connection's pass running. */
export type PassRequest = 'joined' | 'queued' | 'busy';

/** The previous owner of a connection, as seen by the queue. */
export interface PreviousPass {
  worker: string | null;
  windowMs: number | null;
  /** How long ago it completed, ms (database clock, so no skew between hosts). */
  agoMs: number;
}

/** An opened queue: pg-boss plus the few queries the roles need. */
export interface PassQueue {
  readonly boss: PgBoss;
  readonly settings: QueueSettings;
  /** Connections with a job that is queued, waiting for retry, or running. */
  busyConnections(): Promise<Set<string>>;
  /** Enqueues a pass; null when the connection already has one queued. */
  enqueue(data: PassJobData): Promise<string | null>;
  /**
   * Asks for `data.flows` to run soon without ever queuing a second job beside a running one:
   * `joined` = added to the connection's queued job, `queued` = a new job, `busy` = its pass is
   * running (ask again when it ended).
   */
  request(data: PassJobData): Promise<PassRequest>;
  /** Renews a running job; false when it is no longer ours (expired and handed to another worker). */
  heartbeat(jobId: string): Promise<boolean>;
  /** The most recent completed pass of `connection` other than `jobId`, or null. */
  previousPass(connection: string, jobId: string): Promise<PreviousPass | null>;
  /** Stops pg-boss (graceful: running handlers are awaited up to `timeoutMs`). */
  close(timeoutMs?: number): Promise<void>;
}

/** Starts pg-boss on the store's database (its own schema), creating the pass queue if missing. */
export async function openPassQueue(
  storeLocation: string,
  settings: QueueSettings,
  logger: Logger,
): Promise<PassQueue> {
  const { connectionString } = parsePostgresLocation(storeLocation);
  const boss = new PgBoss({
    connectionString,
    schema: settings.schema,
    max: 4,
    application_name: 'ml-connector',
    schedule: false,
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
  });
  boss.on('error', (error: Error) =>
    logger.warn({ event: 'scale.queue.error', err: error.message }, 'job queue error (pg-boss retries)'),
  );
  try {
    await boss.start();
    await ensurePassQueue(boss, settings);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw new SystemError(
      'SCALE_QUEUE_UNAVAILABLE',
      `cannot start the job queue in PostgreSQL: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  const db = boss.getDb();
  const schema = settings.schema;
  let closed = false;
  const enqueue = (data: PassJobData): Promise<string | null> =>
    boss.send(PASS_QUEUE, data, {
      singletonKey: data.connection,
      expireInSeconds: settings.expireInSeconds,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
    });
  return {
    boss,
    settings,
    async busyConnections() {
      const { rows } = await db.executeSql(
        `SELECT DISTINCT singleton_key AS key FROM ${schema}.job WHERE name = $1 AND state < 'completed'`,
        [PASS_QUEUE],
      );
      return new Set((rows as { key: string | null }[]).flatMap((r) => (r.key === null ? [] : [r.key])));
    },
    enqueue,
    async request(data) {
      // A job queued beside a running one of the same key cannot be fetched (stately: one active
      // per key), and pg-boss fetches the oldest first and swallows the refusal: every other
      // connection's pass would wait behind it until that pass ended. So: join, or wait.
      const { rows: joined } = await db.executeSql(
        `UPDATE ${schema}.job
            SET data = jsonb_set(data, '{flows}', (
                  SELECT to_jsonb(array_agg(DISTINCT f))
                    FROM jsonb_array_elements_text(data->'flows' || $3::jsonb) AS f))
          WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry')
          RETURNING id`,
        [PASS_QUEUE, data.connection, JSON.stringify(data.flows)],
      );
      if (joined.length > 0) return 'joined';
      const { rows: active } = await db.executeSql(
        `SELECT 1 FROM ${schema}.job WHERE name = $1 AND singleton_key = $2 AND state = 'active' LIMIT 1`,
        [PASS_QUEUE, data.connection],
      );
      if (active.length > 0) return 'busy';
      // null: a scheduler queued one meanwhile; the next request joins it
      return (await enqueue(data)) === null ? 'busy' : 'queued';
    },
    async heartbeat(jobId) {
      const { rows } = await db.executeSql(
        `UPDATE ${schema}.job SET started_on = now() WHERE name = $1 AND id = $2 AND state = 'active' RETURNING id`,
        [PASS_QUEUE, jobId],
      );
      return rows.length > 0;
    },
    async previousPass(connection, jobId) {
      const { rows } = await db.executeSql(
        `SELECT output->>'worker' AS worker, (output->>'windowMs')::float8 AS window_ms,
                EXTRACT(EPOCH FROM (now() - completed_on)) * 1000 AS ago_ms
           FROM ${schema}.job
          WHERE name = $1 AND singleton_key = $2 AND id <> $3 AND state = 'completed'
          ORDER BY completed_on DESC LIMIT 1`,
        [PASS_QUEUE, connection, jobId],
      );
      const row = rows[0] as
        { worker: string | null; window_ms: number | null; ago_ms: string | number } | undefined;
      if (!row) return null;
      return {
        worker: row.worker,
        windowMs: row.window_ms === null ? null : Number(row.window_ms),
        agoMs: Number(row.ago_ms),
      };
    },
    async close(timeoutMs = 30_000) {
      if (closed) return;
      closed = true;
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
    },
  };
}

/** How often a process tries to create the pass queue before giving up. */
const CREATE_QUEUE_ATTEMPTS = 5;

/**
 * Creates the pass queue unless it exists. pg-boss's `create_queue` is not safe against itself: when
 * a scheduler and its workers start on a fresh schema together, one process's `INSERT … ON CONFLICT`
 * waits for the creator's uncommitted row while holding a lock on the queue table that the
 * creator's foreign-key step needs, and PostgreSQL aborts one of them with "deadlock detected"
 * (reproduced: 9 of 40 starts, 4 at a time). The survivor commits, so the aborted side finds the
 * queue on its next look; a short random pause keeps a retry from meeting another creator again.
 */
async function ensurePassQueue(boss: PgBoss, settings: QueueSettings): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(PASS_QUEUE)) return;
    try {
      await boss.createQueue(PASS_QUEUE, {
        name: PASS_QUEUE,
        policy: 'stately',
        expireInSeconds: settings.expireInSeconds,
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
      });
      return;
    } catch (error) {
      if (attempt >= CREATE_QUEUE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}
