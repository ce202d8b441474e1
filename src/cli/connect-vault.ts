/**
 * What the `connect` subcommands share: choosing the connection, deciding whether a secret must be
 * entered, and storing it encrypted in the vault while the config is pointed at it (`vault:…`),
 * keeping the file's comments. Output names the secret's path, never its value.
 */
import type { Document } from 'yaml';
import {
  CONNECTION_NAME_PATTERN,
  loadBaseConfig,
  validateConfig,
  type ConnectionSecretPath,
} from '../config/index.js';
import { ConfigError } from '../core/errors.js';
import { createStore } from '../store/index.js';
import { Vault } from '../vault/index.js';
import type { CliContext } from './context.js';
import {
  connectionIndex,
  readConfigDocument,
  setConnectionValues,
  writeConfigDocument,
} from './yaml-edit.js';

/** The connection a `connect` subcommand works on: `--connection`, else the only one. */
export function pickConnection(requested: string | undefined, names: string[], isNew: boolean): string {
  if (requested !== undefined) {
    if (!CONNECTION_NAME_PATTERN.test(requested)) {
      throw new ConfigError('USAGE', `--connection must match ${CONNECTION_NAME_PATTERN.source}`);
    }
    if (!isNew && !names.includes(requested)) {
      throw new ConfigError(
        'CONFIG_UNKNOWN_CONNECTION',
        `unknown connection "${requested}" (known: ${names.join(', ') || 'none'}); pass --new to add it`,
      );
    }
    return requested;
  }
  if (names.length === 1) return names[0] as string;
  throw new ConfigError('USAGE', `--connection is required (connections: ${names.join(', ') || 'none'})`);
}

/** Where a secret goes: its vault entry, and the config field (relative to the connection) naming it. */
export interface SecretSlot {
  /** The vault entry and `vault:` name, e.g. `hubspot.webhookSecret`. */
  vaultName: ConnectionSecretPath;
  /** The config field, e.g. `hubspot.changeEvents.webhookSecret`; default `vaultName`. */
  field?: string;
}

/**
 * Stores `secret` (when given) encrypted in the vault, sets `values` and the slot's reference on
 * the connection, writes the file, and says what it did. A config not yet complete is a note.
 */
export async function storeAndReference(
  ctx: CliContext,
  connection: string,
  slot: SecretSlot,
  secret: string | null,
  values: Record<string, unknown>,
): Promise<void> {
  const field = slot.field ?? slot.vaultName;
  const configPath = ctx.configPath();
  const doc = await readConfigDocument(configPath);
  const base = await loadBaseConfig({ path: configPath, env: ctx.deps.env });
  const store = await createStore(base.config.store);
  ctx.defer(() => store.close());
  const vault = new Vault({
    store,
    keyFile: base.config.keyFile,
    masterKey: base.masterKey,
    secrets: ctx.secrets,
  });
  await store.ensureConnection(connection, Date.now());
  if (secret !== null) await vault.put(connection, slot.vaultName, secret);
  setConnectionValues(doc, connection, {
    ...values,
    ...(secret === null ? {} : { [field]: `vault:${slot.vaultName}` }),
  });
  await writeConfigDocument(configPath, doc);
  const changed = Object.keys(values).filter((k) => values[k] !== undefined);
  ctx.out(
    secret === null
      ? `updated ${changed.join(', ') || 'nothing'} of connection "${connection}" in ${configPath}; the stored ${field} is kept`
      : `stored ${slot.vaultName} of connection "${connection}" encrypted in the vault; ${configPath} now references vault:${slot.vaultName}` +
          (field === slot.vaultName ? '' : ` at ${field}`),
  );
  try {
    validateConfig(doc.toJS(), configPath);
  } catch (error) {
    ctx.err(`note: the config is not complete yet: ${(error as Error).message}`);
  }
}

/** True when the connection already references a stored or env secret at `field`. */
export function hasSecret(doc: Document, connection: string, field: string): boolean {
  const index = connectionIndex(doc, connection);
  return index >= 0 && typeof doc.getIn(['connections', index, ...field.split('.')]) === 'string';
}

/** Whether a secret must be entered: not when one is referenced already and only settings change. */
export function needsSecret(
  doc: Document,
  connection: string,
  field: string,
  given: boolean,
  settings: Record<string, unknown>,
): boolean {
  if (given) return true;
  const changesSomething = Object.values(settings).some((v) => v !== undefined);
  return !(changesSomething && hasSecret(doc, connection, field));
}
