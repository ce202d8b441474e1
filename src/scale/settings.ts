/**
 * Scale-out settings: which role a `run` process plays and how the pg-boss queue behaves. Roles
 * other than the embedded default need the PostgreSQL store (the queue lives in the same database,
 * in its own schema); with SQLite they are a ConfigError.
 */
import { ConfigError } from '../core/errors.js';
import { isPostgresUrl, parsePostgresLocation } from '../store/index.js';

/** `scheduler` enqueues due passes, `worker` runs them, `all` does both in one process. */
export type ScaleRole = 'scheduler' | 'worker' | 'all';

/** Every role, in `--help` order. */
export const SCALE_ROLES: readonly ScaleRole[] = ['all', 'scheduler', 'worker'];

/** How the queue behaves; every field has a default (see `resolveQueueSettings`). */
export interface QueueSettings {
  /** pg-boss schema; default `pgboss`, or `<store schema>_boss` when the store URL has `?schema=`. */
  schema: string;
  /**
   * A pass whose worker stopped heart-beating this long is retried by another worker (default 60).
   * The worker renews every third of it, so long passes are never expired while alive.
   */
  expireInSeconds: number;
  /** How often a failed or expired pass is retried before pg-boss gives up (default 20). */
  retryLimit: number;
  /** Delay before such a retry, seconds (default 2). */
  retryDelaySeconds: number;
  /** pg-boss maintenance (expiry detection) interval, seconds; default half of `expireInSeconds`. */
  maintenanceIntervalSeconds: number;
  /** How often an idle worker polls for a pass, seconds (default 1; at least 0.5). */
  pollingIntervalSeconds: number;
  /** Passes one worker process runs at once, each of a different connection (default 1). */
  concurrency: number;
  /** How often the scheduler looks for due flows, ms (default 1000). */
  tickMs: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Parses a `--role` value. */
export function parseRole(value: string): ScaleRole {
  if ((SCALE_ROLES as readonly string[]).includes(value)) return value as ScaleRole;
  throw new ConfigError('USAGE', `--role must be one of ${SCALE_ROLES.join(', ')} (got "${value}")`);
}

/**
 * Checks that `role` can run on the store at `storeLocation`: scheduler/worker need PostgreSQL.
 * Returns true when the role uses the pg-boss queue, false for the embedded in-process scheduler.
 */
export function usesQueue(role: ScaleRole, storeLocation: string): boolean {
  if (isPostgresUrl(storeLocation)) return true;
  if (role === 'all') return false;
  throw new ConfigError(
    'SCALE_NEEDS_POSTGRES',
    `--role ${role} needs the PostgreSQL store (store: postgres://…); with SQLite, run "ml-connector run" (embedded scheduler)`,
  );
}

/** Applies defaults; the queue schema derives from the store URL unless given. */
export function resolveQueueSettings(
  storeLocation: string,
  overrides: Partial<QueueSettings> = {},
): QueueSettings {
  const storeSchema = isPostgresUrl(storeLocation) ? parsePostgresLocation(storeLocation).schema : null;
  const expireInSeconds = overrides.expireInSeconds ?? 60;
  const settings: QueueSettings = {
    schema: overrides.schema ?? (storeSchema ? `${storeSchema}_boss` : 'pgboss'),
    expireInSeconds,
    retryLimit: overrides.retryLimit ?? 20,
    retryDelaySeconds: overrides.retryDelaySeconds ?? 2,
    maintenanceIntervalSeconds:
      overrides.maintenanceIntervalSeconds ?? Math.max(1, Math.floor(expireInSeconds / 2)),
    pollingIntervalSeconds: overrides.pollingIntervalSeconds ?? 1,
    concurrency: overrides.concurrency ?? 1,
    tickMs: overrides.tickMs ?? 1000,
  };
  if (!SCHEMA_NAME.test(settings.schema)) {
    throw new ConfigError('USAGE', `invalid queue schema name: ${settings.schema}`);
  }
  const positive: (keyof QueueSettings)[] = [
    'expireInSeconds',
    'maintenanceIntervalSeconds',
    'concurrency',
    'tickMs',
  ];
  for (const key of positive) {
    const v = settings[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ConfigError('USAGE', `${key} must be a positive integer (got ${String(v)})`);
    }
  }
  if (settings.pollingIntervalSeconds < 0.5) {
    throw new ConfigError('USAGE', 'pollingIntervalSeconds must be at least 0.5');
  }
  if (!Number.isInteger(settings.retryLimit) || settings.retryLimit < 0) {
    throw new ConfigError('USAGE', 'retryLimit must be a non-negative integer');
  }
  return settings;
}
