/**
 * Loads ml-connector.yaml: parse, validate once with the strict schema, resolve relative paths
 * against the file's directory. The only reader of the config file and (via env.ts) the environment.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, messageOf } from '../core/errors.js';
import { ENV, type Env } from './env.js';
import { formatIssues } from './issues.js';
import { appConfigSchema, type AppConfig } from './schema.js';
import { resolveStoreSetting, type StoreSetting } from './store-setting.js';

export const DEFAULT_CONFIG_FILE = 'ml-connector.yaml';

export interface LoadedConfig {
  /** Validated config; `store` (when a file), `keyFile` and `dashboard.tls` files are absolute paths. */
  config: AppConfig;
  /** Absolute path of the config file. */
  path: string;
  /** ML_CONNECTOR_MASTER_KEY, when set: overrides the key file. */
  masterKey: string | undefined;
  /** The PostgreSQL password resolved from `store.password`, so output can scrub it. */
  storePassword: string | undefined;
  env: Env;
}

/** Which config file to use: the flag, else ML_CONNECTOR_CONFIG, else ./ml-connector.yaml. */
export function resolveConfigPath(options: { flag?: string | undefined; env: Env; cwd: string }): string {
  const chosen = options.flag ?? options.env[ENV.configPath] ?? DEFAULT_CONFIG_FILE;
  return path.resolve(options.cwd, chosen);
}

/** Reads and parses YAML into plain data; syntax errors name line and column, never the content. */
export async function readYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError('CONFIG_NOT_FOUND', `config file not found: ${file}`);
    }
    throw new ConfigError('CONFIG_INVALID', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const where = lineCounter.linePos(first.pos[0]);
    const at = `:${where.line}:${where.col}`;
    const reason = first.message.split(/:\n|\n/)[0] ?? first.code;
    throw new ConfigError('CONFIG_INVALID', `${file}${at}: YAML syntax error: ${reason}`, {
      details: { yamlCode: first.code },
    });
  }
  try {
    return doc.toJS() ?? {};
  } catch (error) {
    // the yaml library refuses documents whose aliases expand past maxAliasCount (an "alias bomb")
    const reason = /alias/i.test(messageOf(error))
      ? 'YAML aliases expand too much (more than 100 alias uses); refused as a resource-exhaustion risk'
      : `YAML cannot be read: ${messageOf(error)}`;
    throw new ConfigError('CONFIG_INVALID', `${file}: ${reason}`, { cause: error });
  }
}

/** Validates parsed data; throws one ConfigError listing every problem, path-qualified. */
export function validateConfig<T extends z.ZodType = typeof appConfigSchema>(
  data: unknown,
  file: string,
  schema?: T,
): z.infer<T> {
  const result = (schema ?? appConfigSchema).safeParse(data);
  if (result.success) return result.data as z.infer<T>;
  const issues = formatIssues(result.error, data);
  const lines = issues.map((i) => `${i.path}: ${i.message}`);
  const message =
    lines.length === 1
      ? `${file}: ${lines[0]}`
      : `${file} has ${lines.length} problems:\n  ${lines.join('\n  ')}`;
  throw new ConfigError('CONFIG_INVALID', message, { details: { issues } });
}

/** Resolves `store` (to a path or a full URL), `keyFile` and `dashboard.tls` against the file's folder. */
function resolvePaths<T extends { store: StoreSetting; keyFile: string; dashboard?: AppConfig['dashboard'] }>(
  config: T,
  dir: string,
  env: Env,
): { config: Omit<T, 'store'> & { store: string }; storePassword: string | undefined } {
  const { dashboard } = config;
  const store = resolveStoreSetting(config.store, dir, env);
  return {
    config: {
      ...config,
      store: store.location,
      keyFile: path.resolve(dir, config.keyFile),
      ...(dashboard?.tls === undefined
        ? {}
        : {
            dashboard: {
              ...dashboard,
              tls: { cert: path.resolve(dir, dashboard.tls.cert), key: path.resolve(dir, dashboard.tls.key) },
            },
          }),
    },
    storePassword: store.password,
  };
}

/** Loads and fully validates a config file. */
export async function loadConfig(options: { path: string; env: Env }): Promise<LoadedConfig> {
  const data = await readYamlFile(options.path);
  const { config, storePassword } = resolvePaths(
    validateConfig(data, options.path),
    path.dirname(options.path),
    options.env,
  );
  return {
    config,
    path: options.path,
    masterKey: options.env[ENV.masterKey] || undefined,
    storePassword,
    env: options.env,
  };
}

const baseSchema = z.object({
  store: appConfigSchema.shape.store,
  keyFile: appConfigSchema.shape.keyFile,
  log: appConfigSchema.shape.log,
});
/** The global part of the config: enough to open the store and vault (`store` resolved). */
export type BaseConfig = Omit<z.infer<typeof baseSchema>, 'store'> & { store: string };

/**
 * Loads only store, keyFile and log, ignoring the connections: `connect` uses it to store a
 * secret while a connection is still being set up (incomplete connections are not yet valid).
 */
export async function loadBaseConfig(options: {
  path: string;
  env: Env;
}): Promise<{ config: BaseConfig; path: string; masterKey: string | undefined; env: Env }> {
  const data = await readYamlFile(options.path);
  const { config } = resolvePaths(
    validateConfig(data, options.path, baseSchema),
    path.dirname(options.path),
    options.env,
  );
  return { config, path: options.path, masterKey: options.env[ENV.masterKey] || undefined, env: options.env };
}
