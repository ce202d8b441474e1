/**
 * Holding a store lease while a run works: acquire, renew every third of the TTL on the injected
 * clock, and abort the run's signal when the lease is lost (another process took it after expiry).
 */
import type { Clock } from '../core/clock.js';
import type { FlowId, Store } from '../core/store-port.js';

/**
 * Default lease TTL. The holder renews every third of it, so a live run never loses it, while a
 * killed one blocks the next run of its flow for at most this long (`LEASE_HELD` until then).
 */
export const DEFAULT_LEASE_TTL_MS = 30_000;

export interface HeldLease {
  /** Aborted when the lease was lost. */
  readonly lost: AbortSignal;
  /** Stops renewing and releases the lease. */
  release(): Promise<void>;
}

/** Acquires the lease or returns null when another holder has it. */
export async function holdLease(
  store: Store,
  clock: Clock,
  key: { connection: string; flow: FlowId; holder: string },
  ttlMs: number = DEFAULT_LEASE_TTL_MS,
): Promise<HeldLease | null> {
  const acquired = await store.acquireLease(key.connection, key.flow, key.holder, ttlMs, clock.nowMs());
  if (!acquired) return null;
  const lost = new AbortController();
  const stop = new AbortController();
  let stopped = false;
  const stoppedPromise = new Promise<void>((resolve) =>
    stop.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  const renewing = (async () => {
    while (!stopped) {
      await Promise.race([
        clock.sleep(Math.max(1, Math.floor(ttlMs / 3)), stop.signal).catch(() => undefined),
        stoppedPromise,
      ]);
      if (stopped) return;
      try {
        const ok = await store.renewLease(key.connection, key.flow, key.holder, ttlMs, clock.nowMs());
        if (!ok) {
          lost.abort();
          return;
        }
      } catch {
        lost.abort();
        return;
      }
    }
  })();
  return {
    lost: lost.signal,
    release: async () => {
      stopped = true;
      stop.abort();
      await renewing;
      await store.releaseLease(key.connection, key.flow, key.holder);
    },
  };
}
