/**
 * Master keys: from ML_CONNECTOR_MASTER_KEY (passed in) or a key file with mode 0600. During and
 * after rotation the key file has siblings `<file>.<keyId>.retired` (old keys) and
 * `<file>.<keyId>.pending` (a new key not yet promoted); all of them are loaded so a secret
 * sealed under any of them stays readable whatever moment a rotation was interrupted.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { KEY_BYTES, masterKeyFrom, type MasterKey } from './envelope.js';

export interface Keyring {
  /** New secrets are sealed under this key. */
  primary: MasterKey;
  /** Every usable key by id (primary, pending, retired). */
  keys: ReadonlyMap<string, Buffer>;
  /** Where the primary came from, for messages. */
  source: 'env' | 'file';
}

/** Parses 32 bytes given as 64 hex chars or base64. */
export function parseMasterKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (
    bytes.length !== KEY_BYTES ||
    (!/^[0-9a-fA-F]{64}$/.test(trimmed) && bytes.toString('base64') !== trimmed)
  ) {
    throw new ConfigError(
      'VAULT_KEY_INVALID',
      `${origin} is not a 32-byte key (base64 or 64 hex characters)`,
    );
  }
  return bytes;
}

/** A new random master key. */
export function generateMasterKey(): MasterKey {
  return masterKeyFrom(randomBytes(KEY_BYTES));
}

/** Writes a key file with mode 0600 (directory 0700), fsynced. Fails if it exists unless `overwrite`. */
export async function writeKeyFile(
  file: string,
  key: MasterKey,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, options.overwrite ? 'w' : 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${key.key.toString('base64')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates the key file for `init`; refuses to replace an existing one. */
export async function createKeyFile(file: string): Promise<MasterKey> {
  const key = generateMasterKey();
  try {
    await writeKeyFile(file, key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError('USAGE', `key file ${file} already exists; it is never overwritten`);
    }
    throw error;
  }
  return key;
}

/** Reads a key file, refusing one that group or others can read. */
export async function readKeyFile(file: string): Promise<MasterKey> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(
        'VAULT_KEY_MISSING',
        `no master key: ML_CONNECTOR_MASTER_KEY is not set and ${file} does not exist`,
      );
    }
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ConfigError(
      'VAULT_KEY_FILE_MODE',
      `key file ${file} has mode ${(mode & 0o777).toString(8)}; it must not be readable by group or others (chmod 600)`,
    );
  }
  return masterKeyFrom(parseMasterKey(await readFile(file, 'utf8'), `key file ${file}`));
}

/** Sibling key files of a rotation: `<file>.<keyId>.retired|pending`. */
export function siblingKeyFile(file: string, keyId: string, kind: 'retired' | 'pending'): string {
  return `${file}.${keyId}.${kind}`;
}

/** Existing `<file>.<keyId>.retired|pending` siblings. */
export async function listSiblingKeyFiles(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const pattern = new RegExp(
    `^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{16}\\.(retired|pending)$`,
  );
  return names.filter((n) => pattern.test(n)).map((n) => path.join(dir, n));
}

/** Loads the primary key (env wins over the file) and every retired/pending sibling. */
export async function loadKeyring(options: {
  keyFile: string;
  masterKey?: string | undefined;
}): Promise<Keyring> {
  const primary =
    options.masterKey !== undefined
      ? masterKeyFrom(parseMasterKey(options.masterKey, 'ML_CONNECTOR_MASTER_KEY'))
      : await readKeyFile(options.keyFile);
  const keys = new Map<string, Buffer>([[primary.id, primary.key]]);
  for (const sibling of await listSiblingKeyFiles(options.keyFile)) {
    const key = await readKeyFile(sibling);
    if (!keys.has(key.id)) keys.set(key.id, key.key);
  }
  return { primary, keys, source: options.masterKey !== undefined ? 'env' : 'file' };
}

/** Atomically promotes a pending key file to the primary key file (rename + directory fsync). */
export async function promoteKeyFile(pending: string, file: string): Promise<void> {
  await rename(pending, file);
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
