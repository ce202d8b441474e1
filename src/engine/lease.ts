/**
 * Holding a store lease while a run works: acquire (recording this process as its owner), take
 * over at once a lease whose owner is provably dead (audited by the store), renew every third of
 * the TTL on the injected clock, and abort the run's signal when the lease is lost (another
 * process took it after expiry). A lease that stays held is answered with its record, so the
 * caller can say who holds it and until when.
 */
import type { Clock } from '../core/clock.js';
import type { FlowId, LeaseOwner, LeaseRecord, Store } from '../core/store-port.js';

/** Who this process is, and how to tell that another lease owner is dead (app/lease-owner.ts). */
export interface LeaseOwnership {
  self: LeaseOwner;
  /** Why `owner` is provably dead (e.g. "pid 42 on host-a is not running"), or null when it may live. */
  deadReason(owner: LeaseOwner): string | null;
}

/** A lease acquired, or the record of whoever holds it (null: it vanished meanwhile, try later). */
export type LeaseAttempt =
  | { held: HeldLease; takenOver: { previous: LeaseRecord; reason: string } | null }
  | { held: null; holder: LeaseRecord | null };

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
  return (await attemptLease(store, clock, key, ttlMs)).held;
}

/**
 * Acquires the lease; when another holder has it and `ownership` proves that holder dead, takes
 * it over at once (the store records the takeover). Otherwise answers who holds it.
 */
export async function attemptLease(
  store: Store,
  clock: Clock,
  key: { connection: string; flow: FlowId; holder: string },
  ttlMs: number = DEFAULT_LEASE_TTL_MS,
  ownership?: LeaseOwnership,
): Promise<LeaseAttempt> {
  const nowMs = clock.nowMs();
  if (await store.acquireLease(key.connection, key.flow, key.holder, ttlMs, nowMs, ownership?.self)) {
    return { held: keepLease(store, clock, key, ttlMs), takenOver: null };
  }
  const current = await store.getLease(key.connection, key.flow);
  const reason = current?.owner && ownership ? ownership.deadReason(current.owner) : null;
  if (current && ownership && reason !== null) {
    const takeover = { connection: key.connection, flow: key.flow, atMs: nowMs, holder: key.holder };
    if (await store.takeOverLease({ ...takeover, previous: current, reason }, ttlMs, ownership.self)) {
      return { held: keepLease(store, clock, key, ttlMs), takenOver: { previous: current, reason } };
    }
    return { held: null, holder: await store.getLease(key.connection, key.flow) };
  }
  return { held: null, holder: current };
}

/** Renews an acquired lease until released; `lost` aborts when a renewal fails. */
function keepLease(
  store: Store,
  clock: Clock,
  key: { connection: string; flow: FlowId; holder: string },
  ttlMs: number,
): HeldLease {
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
