/**
 * The process environment, read in exactly one place. Everything else receives an `Env` value,
 * so tests pass their own and nothing reads process.env behind the caller's back.
 */

/** A read-only snapshot of environment variables. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables the product itself reads (others are read only via `env:NAME` refs). */
export const ENV = {
  masterKey: 'ML_CONNECTOR_MASTER_KEY',
  /** The next master key, for `keys rotate` when the current one comes from the environment. */
  newMasterKey: 'ML_CONNECTOR_NEW_MASTER_KEY',
  configPath: 'ML_CONNECTOR_CONFIG',
} as const;

/** Snapshot of the real environment; only the CLI entry point and compose's default call this. */
export function readProcessEnv(): Env {
  return { ...process.env };
}
