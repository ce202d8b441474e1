/**
 * The worker role: fetches pass jobs and runs them with the engine (`runPass`, dependency order,
 * store leases, content hashes). While a pass runs the worker heart-beats its job; a worker that is
 * killed stops heart-beating, the job expires after `expireInSeconds` and another worker retries
 * it. The retry is idempotent through the ledger: unchanged records are not re-sent (content
 * hash), upserts are keyed on unique properties, and orders are guarded by their PO reference.
 *
 * Jobs are fetched and completed here (not with `boss.work`) so a worker that lost its job (it
 * expired and was handed to another worker) does not complete or fail the other worker's attempt.
 */
import type { Clock } from '../core/clock.js';
import { SystemError, toConnectorError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { FlowId } from '../core/store-port.js';
import type { EngineLogger } from '../engine/ports.js';
import { runPass, type PassResult } from '../engine/runner.js';
import type { SyncRegistry, SyncRuntime } from '../flows/connection.js';
import type { Limiter } from '../http/limiter.js';
import { handoverWaitMs } from './handover.js';
import { PASS_QUEUE, type PassJobData, type PassJobOutput, type PassQueue } from './queue.js';

/** What the worker needs of a connection runtime: the engine runtime plus the portal limiter. */
export type WorkerRuntime = SyncRuntime & { limiter: Pick<Limiter, 'pauseUntil' | 'windowMs'> };

export interface QueueWorkerOptions {
  queue: PassQueue;
  registry: SyncRegistry;
  /** The (cached) runtime of a connection. */
  runtime(connection: string): Promise<WorkerRuntime>;
  clock: Clock;
  events: EventBus;
  logger: EngineLogger;
  /** This process's id (recorded on completed passes for the rate-budget handover). */
  workerId: string;
}

export interface QueueWorkerHandle {
  /** Stops fetching; running passes stop after their batch and are handed back to the queue. */
  stop(): Promise<void>;
}

type FetchedJob = { id: string; data: PassJobData; retryCount: number };

/** Starts `settings.concurrency` fetch loops. */
export function startQueueWorker(opts: QueueWorkerOptions): QueueWorkerHandle {
  const { queue, clock } = opts;
  const settings = queue.settings;
  const stopping = new AbortController();
  const stopped = new Promise<void>((resolve) =>
    stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  const pause = async (ms: number): Promise<void> => {
    await Promise.race([clock.sleep(ms).catch(() => undefined), stopped]);
  };

  const fetchOne = async (): Promise<FetchedJob | null> => {
    const jobs = await queue.boss.fetch<PassJobData>(PASS_QUEUE, { batchSize: 1, includeMetadata: true });
    const job = jobs?.[0];
    return job ? { id: job.id, data: job.data, retryCount: job.retryCount } : null;
  };

  const runJob = async (job: FetchedJob): Promise<void> => {
    const { connection, flows } = job.data;
    const lost = new AbortController();
    const heartbeatMs = Math.max(200, Math.floor((settings.expireInSeconds * 1000) / 3));
    const beatStop = new AbortController();
    const beatStopped = new Promise<void>((r) =>
      beatStop.signal.addEventListener('abort', () => r(), { once: true }),
    );
    const beating = (async () => {
      while (!beatStop.signal.aborted) {
        await Promise.race([clock.sleep(heartbeatMs).catch(() => undefined), beatStopped]);
        if (beatStop.signal.aborted) return;
        const ours = await queue.heartbeat(job.id).catch(() => true); // a blip is not a loss
        if (!ours) {
          lost.abort();
          return;
        }
      }
    })();
    let result: PassResult | null = null;
    let failure: unknown = null;
    try {
      const rt = await opts.runtime(connection);
      const previous = await queue.previousPass(connection, job.id);
      const waitMs = handoverWaitMs({
        worker: opts.workerId,
        retryCount: job.retryCount,
        previous,
        localWindowMs: rt.limiter.windowMs('burst'),
      });
      if (waitMs > 0) rt.limiter.pauseUntil('burst', clock.nowMs() + waitMs);
      opts.events.emit('scale.pass.started', {
        connection,
        flows,
        jobId: job.id,
        retryCount: job.retryCount,
        worker: opts.workerId,
        handoverWaitMs: waitMs,
      });
      result = await runPass(rt, {
        registry: opts.registry,
        flows,
        signal: AbortSignal.any([stopping.signal, lost.signal]),
        holder: `${opts.workerId}/${job.id}/${job.retryCount}`,
        leaseTtlMs: settings.expireInSeconds * 1000,
      });
      const unfinished = result.flows.filter(
        (f) =>
          f.outcome === 'aborted' || (f.outcome === 'skipped' && f.error?.code !== 'FLOW_DEPENDENCY_FAILED'),
      );
      if (unfinished.length > 0) {
        failure = new SystemError(
          'SCALE_PASS_RETRY',
          `${connection}: ${unfinished.map((f) => `${f.flow} ${f.error?.message ?? f.outcome}`).join('; ')}`,
          { retryable: true },
        );
      }
    } catch (error) {
      failure = error;
    } finally {
      beatStop.abort();
      await beating;
    }
    const outcomes: Record<string, string> = {};
    for (const f of result?.flows ?? []) outcomes[f.flow] = f.outcome;
    if (lost.signal.aborted || !(await queue.heartbeat(job.id).catch(() => false))) {
      // expired and handed to another worker: that attempt owns the job now
      opts.events.emit('scale.pass.finished', { connection, jobId: job.id, outcomes, state: 'lost' });
      return;
    }
    if (failure !== null) {
      const e = toConnectorError(failure);
      opts.logger.warn(
        { event: 'scale.pass.retry', connection, jobId: job.id, code: e.code, message: e.message },
        `${connection}: pass handed back to the queue (${e.code})`,
      );
      await queue.boss.fail(PASS_QUEUE, job.id, { code: e.code, message: e.message });
      opts.events.emit('scale.pass.finished', { connection, jobId: job.id, outcomes, state: 'retry' });
      return;
    }
    let windowMs = 0;
    try {
      windowMs = (await opts.runtime(connection)).limiter.windowMs('burst');
    } catch {
      windowMs = 0;
    }
    const output: PassJobOutput = { worker: opts.workerId, windowMs, outcomes };
    await queue.boss.complete(PASS_QUEUE, job.id, output);
    opts.events.emit('scale.pass.finished', { connection, jobId: job.id, outcomes, state: 'completed' });
  };

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      let job: FetchedJob | null = null;
      try {
        job = await fetchOne();
      } catch (error) {
        opts.logger.warn({ event: 'scale.queue.error', err: String(error) }, 'cannot fetch a pass');
      }
      if (job === null) {
        await pause(settings.pollingIntervalSeconds * 1000);
        continue;
      }
      try {
        await runJob(job);
      } catch (error) {
        opts.logger.error(
          { event: 'scale.queue.error', jobId: job.id, err: String(error) },
          'cannot record the outcome of a pass (the queue retries it after expiry)',
        );
      }
    }
  };
  const loops = Array.from({ length: settings.concurrency }, () => loop());

  return {
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}

declare module '../core/events.js' {
  interface EventMap {
    /** A worker started a pass (after the rate-budget handover wait was set). */
    'scale.pass.started': {
      connection: string;
      flows: FlowId[];
      jobId: string;
      retryCount: number;
      worker: string;
      handoverWaitMs: number;
    };
    /** A worker ended a pass: completed, handed back for retry, or lost (expired meanwhile). */
    'scale.pass.finished': {
      connection: string;
      jobId: string;
      outcomes: Record<string, string>;
      state: 'completed' | 'retry' | 'lost';
    };
  }
}
