/**
 * Per-connection runtimes built on first use and shared by everything one process runs for that
 * connection (the embedded scheduler or a queue worker, replay, the dashboard's rate budget): one
 * HTTP layer and one limiter per portal per process, whoever asks.
 */
import type { App } from './compose.js';
import { buildRuntime, type ConnectionRuntime } from './runtime.js';

/** The runtimes of one process, by connection name. */
export interface RuntimeCache {
  /** The runtime of `name`, built on the first call (a failed build is retried on the next). */
  get(name: string): Promise<ConnectionRuntime>;
  /** The runtimes built so far (the dashboard reads their limiters). */
  ready(): ConnectionRuntime[];
}

/** Creates an empty cache over `app`'s connections. */
export function createRuntimeCache(app: App): RuntimeCache {
  const pending = new Map<string, Promise<ConnectionRuntime>>();
  const ready = new Map<string, ConnectionRuntime>();
  return {
    get(name) {
      let rt = pending.get(name);
      if (!rt) {
        rt = buildRuntime(app, name);
        rt.then(
          (built) => ready.set(name, built),
          () => pending.delete(name),
        );
        pending.set(name, rt);
      }
      return rt;
    },
    ready: () => [...ready.values()],
  };
}
