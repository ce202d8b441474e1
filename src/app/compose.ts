/**
 * The single composition root: the only place that turns a config file into live parts. The CLI,
 * the server and tests call `openApp`; nothing else constructs stores, vaults or loggers.
 */
import type { DestinationStream } from 'pino';
import {
  CONNECTION_SECRET_PATHS,
  listSecretFields,
  loadConfig,
  parseSecretRef,
  readProcessEnv,
  resolveConfigPath,
  resolveSecretRef,
  secretRefOf,
  type AppConfig,
  type ConnectionConfig,
  type ConnectionSecretPath,
  type Env,
} from '../config/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { EventBus } from '../core/events.js';
import {
  bridgeEventsToLogger,
  createLogger,
  SecretRegistry,
  type Logger,
  type LogLevel,
} from '../core/logger.js';
import { createStore, type KyselyStore } from '../store/index.js';
import { Vault } from '../vault/index.js';

export interface OpenAppOptions {
  /** Config file; default: ML_CONNECTOR_CONFIG or ./ml-connector.yaml under `cwd`. */
  configPath?: string | undefined;
  /** Environment snapshot; default: the real one (read once, here). */
  env?: Env;
  /** Base for relative paths; default process.cwd(). */
  cwd?: string;
  clock?: Clock;
  events?: EventBus;
  /** Where log lines go; default stderr. */
  logDestination?: DestinationStream | NodeJS.WritableStream;
  /** Overrides `log.level` from the config. */
  logLevel?: LogLevel | 'silent';
  /** Shared registry of secret values to scrub (the CLI passes its own to redact its output). */
  secrets?: SecretRegistry;
}

export interface App {
  config: AppConfig;
  /** Absolute path of the config file. */
  configPath: string;
  env: Env;
  store: KyselyStore;
  vault: Vault;
  logger: Logger;
  events: EventBus;
  clock: Clock;
  /** Every secret value this process has seen; scrubbed from logs and output. */
  secrets: SecretRegistry;
  /** The named connection, or CONFIG_UNKNOWN_CONNECTION. */
  connection(name: string): ConnectionConfig;
  /** Resolves a connection's secret reference (`hubspot.token`, `qad.password`), cached. */
  secret(connection: string, path: ConnectionSecretPath): Promise<string>;
  /** Resolves `dashboard.token`, or null when none is configured. */
  dashboardToken(): Promise<string | null>;
  /** Resolves `dashboard.metricsToken` (read-only /metrics), or null when none is configured. */
  metricsToken(): Promise<string | null>;
  close(): Promise<void>;
}

/** Loads and validates the config, opens the store (migrations run), prepares vault and logger. */
export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const env = options.env ?? readProcessEnv();
  const cwd = options.cwd ?? process.cwd();
  const configPath = resolveConfigPath({ flag: options.configPath, env, cwd });
  const loaded = await loadConfig({ path: configPath, env });
  const { config } = loaded;

  const secrets = options.secrets ?? new SecretRegistry();
  // env: secrets are known now: scrub them from every line, even before anything resolves them.
  for (const field of listSecretFields(config)) {
    const ref = parseSecretRef(field.ref);
    if (ref?.source === 'env') secrets.add(env[ref.name]);
  }
  if (loaded.masterKey) secrets.add(loaded.masterKey);
  if (loaded.storePassword) {
    secrets.add(loaded.storePassword);
    secrets.add(encodeURIComponent(loaded.storePassword)); // as it stands in the store URL
  }

  const clock = options.clock ?? systemClock;
  const events = options.events ?? new EventBus();
  const logger = createLogger({
    level: options.logLevel ?? config.log.level,
    secrets,
    base: { service: 'ml-connector' },
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const unbridge = bridgeEventsToLogger(events, logger);
  const store = await createStore(config.store, { logger, clock });
  const vault = new Vault({ store, keyFile: config.keyFile, masterKey: loaded.masterKey, clock, secrets });
  for (const connection of config.connections) await store.ensureConnection(connection.name, clock.nowMs());

  const cache = new Map<string, Promise<string>>();
  const vaultReader = (c: string, n: string): Promise<string | null> => vault.get(c, n);
  const connection = (name: string): ConnectionConfig => {
    const found = config.connections.find((c) => c.name === name);
    if (!found) {
      const known = config.connections.map((c) => c.name).join(', ') || '(none)';
      throw new ConfigError('CONFIG_UNKNOWN_CONNECTION', `unknown connection "${name}" (known: ${known})`);
    }
    return found;
  };
  const resolveCached = (key: string, resolve: () => Promise<string>): Promise<string> => {
    let pending = cache.get(key);
    if (!pending) {
      pending = resolve().then((value) => {
        secrets.add(value);
        return value;
      });
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    return pending;
  };

  let closed = false;
  return {
    config,
    configPath,
    env,
    store,
    vault,
    logger,
    events,
    clock,
    secrets,
    connection,
    secret(name, path) {
      if (!CONNECTION_SECRET_PATHS.includes(path)) {
        throw new ConfigError('USAGE', `unknown secret path ${String(path)}`);
      }
      const ref = secretRefOf(connection(name), path);
      if (ref === undefined)
        throw new ConfigError(
          'CONFIG_INVALID',
          `connections.${name}.${path.replace('hubspot.', 'hubspot.changeEvents.')} is not set`,
        );
      return resolveCached(`${name}\u0000${path}`, () =>
        resolveSecretRef(ref, { connection: name, path }, { env, vault: vaultReader }),
      );
    },
    async dashboardToken() {
      const ref = config.dashboard?.token;
      if (!ref) return null;
      return resolveCached('\u0000dashboard.token', () =>
        resolveSecretRef(ref, { connection: null, path: 'dashboard.token' }, { env, vault: vaultReader }),
      );
    },
    async metricsToken() {
      const ref = config.dashboard?.metricsToken;
      if (!ref) return null;
      return resolveCached('\u0000dashboard.metricsToken', () =>
        resolveSecretRef(
          ref,
          { connection: null, path: 'dashboard.metricsToken' },
          { env, vault: vaultReader },
        ),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      unbridge();
      await store.close();
      logger.flush();
    },
  };
}
