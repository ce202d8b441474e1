/** Where secrets live in a config, and how a reference becomes a value. */
import { ConfigError } from '../core/errors.js';
import type { Env } from './env.js';
import type { AppConfig, ConnectionConfig } from './schema.js';
import { parseSecretRef } from './secret-ref.js';

/** Secret fields of a connection, as dotted paths: `app.secret(connection, path)` takes these. */
export const CONNECTION_SECRET_PATHS = [
  'hubspot.token',
  'qad.password',
  'hubspot.webhookSecret',
  'hubspot.appClientSecret',
] as const;
export type ConnectionSecretPath = (typeof CONNECTION_SECRET_PATHS)[number];

export interface SecretField {
  /** Connection name, or null for global secrets (dashboard.token). */
  connection: string | null;
  path: string;
  ref: string;
}

/** The reference stored at a connection's secret path. */
export function secretRefOf(
  connection: ConnectionConfig,
  secretPath: ConnectionSecretPath,
): string | undefined {
  switch (secretPath) {
    case 'hubspot.token':
      return connection.hubspot.token;
    case 'qad.password':
      return connection.qad.password;
    case 'hubspot.webhookSecret':
      return connection.hubspot.changeEvents.webhookSecret;
    case 'hubspot.appClientSecret':
      return connection.hubspot.changeEvents.appClientSecret;
  }
}

/** Every secret reference in the config. */
export function listSecretFields(config: AppConfig): SecretField[] {
  const out: SecretField[] = [];
  for (const connection of config.connections) {
    for (const p of CONNECTION_SECRET_PATHS) {
      const ref = secretRefOf(connection, p);
      if (ref !== undefined) out.push({ connection: connection.name, path: p, ref });
    }
  }
  if (config.dashboard?.token)
    out.push({ connection: null, path: 'dashboard.token', ref: config.dashboard.token });
  if (config.dashboard?.metricsToken)
    out.push({ connection: null, path: 'dashboard.metricsToken', ref: config.dashboard.metricsToken });
  return out;
}

/** Reads a vault entry: (connection, name) → plaintext or null. */
export type VaultReader = (connection: string, name: string) => Promise<string | null>;

/**
 * Resolves one reference. `vault:` refs of global fields live under connection `_global`.
 * Errors name the field and the reference, never a value.
 */
export async function resolveSecretRef(
  ref: string,
  where: { connection: string | null; path: string },
  sources: { env: Env; vault: VaultReader },
): Promise<string> {
  const parsed = parseSecretRef(ref);
  const field = where.connection === null ? where.path : `connection "${where.connection}" ${where.path}`;
  if (!parsed) throw new ConfigError('CONFIG_SECRET_UNRESOLVED', `${field}: not a secret reference`);
  if (parsed.source === 'env') {
    const value = sources.env[parsed.name];
    if (value === undefined || value === '') {
      throw new ConfigError(
        'CONFIG_SECRET_UNRESOLVED',
        `${field}: environment variable ${parsed.name} is not set`,
      );
    }
    return value;
  }
  const value = await sources.vault(where.connection ?? GLOBAL_VAULT_SCOPE, parsed.name);
  if (value === null) {
    throw new ConfigError(
      'CONFIG_SECRET_UNRESOLVED',
      `${field}: ${ref} is not in the vault (store it with \`ml-connector connect\`)`,
    );
  }
  return value;
}

/** Vault scope of secrets that belong to no connection. */
export const GLOBAL_VAULT_SCOPE = '_global';
