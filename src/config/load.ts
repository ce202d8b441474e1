/**
 * Loads ml-connector.yaml: parse, validate once with the strict schema, resolve relative paths
 * against the file's directory. The only reader of the config file and (via env.ts) the environment.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { ENV, type Env } from './env.js';
import { formatIssues } from './issues.js';
import { appConfigSchema, type AppConfig } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'ml-connector.yaml';

export interface LoadedConfig {
  /** Validated config; `store` (when a file), `keyFile` and `dashboard.tls` files are absolute paths. */
  config: AppConfig;
  /** Absolute path of the config file. */
  path: string;
  /** ML_CONNECTOR_MASTER_KEY, when set: overrides the key file. */
  masterKey: string | undefined;
  env: Env;
}

/** Which config file to use: the flag, else ML_CONNECTOR_CONFIG, else ./ml-connector.yaml. */
export function resolveConfigPath(options: { flag?: string | undefined; env: Env; cwd: string }): string {
  const chosen = options.flag ?? options.env[ENV.configPath] ?? DEFAULT_CONFIG_FILE;
  return path.resolve(options.cwd, chosen);
}

/** True for a PostgreSQL store location. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
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
  return doc.toJS() ?? {};
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

function resolvePaths<T extends { store: string; keyFile: string; dashboard?: AppConfig['dashboard'] }>(
  config: T,
  dir: string,
): T {
  const { dashboard } = config;
  return {
    ...config,
    store: isPostgresLocation(config.store) ? config.store : path.resolve(dir, config.store),
    keyFile: path.resolve(dir, config.keyFile),
    ...(dashboard?.tls === undefined
      ? {}
      : {
          dashboard: {
            ...dashboard,
            tls: { cert: path.resolve(dir, dashboard.tls.cert), key: path.resolve(dir, dashboard.tls.key) },
          },
        }),
  };
}

/** Loads and fully validates a config file. */
export async function loadConfig(options: { path: string; env: Env }): Promise<LoadedConfig> {
  const data = await readYamlFile(options.path);
  const config = resolvePaths(validateConfig(data, options.path), path.dirname(options.path));
  return { config, path: options.path, masterKey: options.env[ENV.masterKey] || undefined, env: options.env };
}

const baseSchema = z.object({
  store: appConfigSchema.shape.store,
  keyFile: appConfigSchema.shape.keyFile,
  log: appConfigSchema.shape.log,
});
/** The global part of the config: enough to open the store and vault. */
export type BaseConfig = z.infer<typeof baseSchema>;

/**
 * Loads only store, keyFile and log, ignoring the connections: `connect` uses it to store a
 * secret while a connection is still being set up (incomplete connections are not yet valid).
 */
export async function loadBaseConfig(options: {
  path: string;
  env: Env;
}): Promise<{ config: BaseConfig; path: string; masterKey: string | undefined; env: Env }> {
  const data = await readYamlFile(options.path);
  const config = resolvePaths(validateConfig(data, options.path, baseSchema), path.dirname(options.path));
  return { config, path: options.path, masterKey: options.env[ENV.masterKey] || undefined, env: options.env };
}
