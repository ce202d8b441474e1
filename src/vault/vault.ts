/**
 * The vault: secrets sealed with envelope encryption and kept in the store. The keyring is loaded
 * on first use, so a config that only uses `env:` references never needs a master key.
 */
import { rename } from 'node:fs/promises';
import { systemClock, type Clock } from '../core/clock.js';
import { ConfigError, SystemError } from '../core/errors.js';
import type { SecretRegistry } from '../core/logger.js';
import type { SealedSecret, Store } from '../core/store-port.js';
import { EnvelopeError, masterKeyFrom, open, rewrap, seal, type MasterKey } from './envelope.js';
import {
  generateMasterKey,
  listSiblingKeyFiles,
  loadKeyring,
  parseMasterKey,
  promoteKeyFile,
  siblingKeyFile,
  writeKeyFile,
  type Keyring,
} from './keyring.js';
import { keyUsage, retireKey, type KeyUsage } from './retirement.js';

export interface VaultOptions {
  store: Store;
  /** Absolute key file path (config `keyFile`). */
  keyFile: string;
  /** ML_CONNECTOR_MASTER_KEY, when set; overrides the key file. */
  masterKey?: string | undefined;
  clock?: Clock;
  /** Every revealed plaintext is registered here so logs and output scrub it. */
  secrets?: SecretRegistry;
}

export interface RotationResult {
  oldKeyId: string;
  newKeyId: string;
  /** Secrets re-wrapped under the new key. */
  rewrapped: number;
  /** Where the previous key was kept (file mode), or null (env mode). */
  retiredKeyFile: string | null;
}

export class Vault {
  readonly #options: VaultOptions;
  #keyring: Promise<Keyring> | null = null;

  constructor(options: VaultOptions) {
    this.#options = options;
  }

  /** Loads the keyring now (it is otherwise loaded on first use); throws VAULT_KEY_* errors. */
  async unlock(): Promise<{ keyId: string; source: 'env' | 'file' }> {
    const ring = await this.#ring();
    return { keyId: ring.primary.id, source: ring.source };
  }

  #ring(): Promise<Keyring> {
    this.#keyring ??= loadKeyring({ keyFile: this.#options.keyFile, masterKey: this.#options.masterKey });
    const ring = this.#keyring;
    ring.catch(() => {
      if (this.#keyring === ring) this.#keyring = null; // let a fixed key file be picked up next time
    });
    return ring;
  }

  /** Seals and stores a secret; the store only ever sees the envelope. */
  async put(connection: string, name: string, plaintext: string): Promise<void> {
    const ring = await this.#ring();
    this.#options.secrets?.add(plaintext);
    await this.#options.store.putSecret({
      connection,
      name,
      keyId: ring.primary.id,
      blob: seal(plaintext, ring.primary, identity(connection, name)),
      updatedAtMs: (this.#options.clock ?? systemClock).nowMs(),
    });
  }

  /** The plaintext, or null when no such secret is stored. VAULT_TAMPERED / VAULT_WRONG_KEY otherwise. */
  async get(connection: string, name: string): Promise<string | null> {
    const sealed = await this.#options.store.getSecret(connection, name);
    if (!sealed) return null;
    const ring = await this.#ring();
    const plaintext = this.#guard(sealed, ring, () =>
      open(sealed.blob, ring.keys, identity(connection, name)),
    );
    this.#options.secrets?.add(plaintext);
    return plaintext;
  }

  /** Checks every stored secret opens, without revealing any: for `config check`. */
  async verifyAll(): Promise<{ connection: string; name: string; error: SystemError | null }[]> {
    const ring = await this.#ring();
    const out: { connection: string; name: string; error: SystemError | null }[] = [];
    for (const sealed of await this.#options.store.listSecrets()) {
      try {
        this.#guard(sealed, ring, () =>
          rewrap(sealed.blob, ring.keys, ring.primary, identity(sealed.connection, sealed.name)),
        );
        out.push({ connection: sealed.connection, name: sealed.name, error: null });
      } catch (error) {
        out.push({ connection: sealed.connection, name: sealed.name, error: error as SystemError });
      }
    }
    return out;
  }

  /**
   * Re-wraps every secret under a new master key; never decrypts a secret value. File mode,
   * crash-safe at every step: (1) the old key is copied to `<file>.<oldId>.retired`, (2) the new
   * key is written to `<file>.<newId>.pending`, (3) all blobs are replaced in one transaction,
   * (4) the pending file is renamed over the key file. Retired and pending files are part of the
   * keyring, so whichever step a crash interrupts, every secret stays readable; re-running
   * `keys rotate` finishes the job. Env mode: `newMasterKey` is required and the operator swaps
   * ML_CONNECTOR_MASTER_KEY afterwards.
   */
  async rotate(options: { newMasterKey?: string | undefined } = {}): Promise<RotationResult> {
    const ring = await this.#ring();
    const next: MasterKey =
      options.newMasterKey !== undefined
        ? masterKeyFrom(parseMasterKey(options.newMasterKey, 'ML_CONNECTOR_NEW_MASTER_KEY'))
        : ring.source === 'env'
          ? failEnvRotation()
          : generateMasterKey();
    if (next.id === ring.primary.id) {
      throw new ConfigError('USAGE', 'the new master key is the key already in use');
    }
    const keyFile = this.#options.keyFile;
    let retiredKeyFile: string | null = null;
    if (ring.source === 'file') {
      retiredKeyFile = siblingKeyFile(keyFile, ring.primary.id, 'retired');
      await writeIfAbsent(retiredKeyFile, ring.primary);
      await writeKeyFile(siblingKeyFile(keyFile, next.id, 'pending'), next, { overwrite: true });
    }
    const keys = new Map(ring.keys).set(next.id, next.key);
    const nowMs = (this.#options.clock ?? systemClock).nowMs();
    const rewrapped: SealedSecret[] = [];
    for (const sealed of await this.#options.store.listSecrets()) {
      const blob = this.#guard(sealed, ring, () =>
        rewrap(sealed.blob, keys, next, identity(sealed.connection, sealed.name)),
      );
      rewrapped.push({ ...sealed, keyId: next.id, blob, updatedAtMs: nowMs });
    }
    await this.#options.store.replaceSecrets(rewrapped);
    if (ring.source === 'file') {
      await promoteKeyFile(siblingKeyFile(keyFile, next.id, 'pending'), keyFile);
      await retireLeftoverPending(keyFile);
    }
    this.#keyring = Promise.resolve({ primary: next, keys, source: ring.source });
    return { oldKeyId: ring.primary.id, newKeyId: next.id, rewrapped: rewrapped.length, retiredKeyFile };
  }

  /** Every master key the keyring holds (primary, retired, pending) and how many secrets each seals. */
  async keyUsage(): Promise<KeyUsage[]> {
    const ring = await this.#ring();
    return keyUsage(
      ring,
      this.#options.keyFile,
      await listSiblingKeyFiles(this.#options.keyFile),
      await this.#options.store.listSecrets(),
    );
  }

  /**
   * Deletes the retired key file of `keyId` once no stored secret is sealed under it; refuses
   * the current key and a key still in use (VAULT_KEY_IN_USE, naming how many secrets).
   */
  async retire(keyId: string): Promise<KeyUsage> {
    const retired = await retireKey(await this.keyUsage(), keyId);
    this.#keyring = null; // the next use loads the keyring without it
    return retired;
  }

  #guard<T>(sealed: SealedSecret, ring: Keyring, fn: () => T): T {
    const which = `secret ${identity(sealed.connection, sealed.name)}`;
    try {
      const result = fn();
      return result;
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      if (error.reason === 'unknown-key' && error.keyId === sealed.keyId) {
        throw new SystemError(
          'VAULT_WRONG_KEY',
          `${which} was sealed under master key ${sealed.keyId}, which is not available (current key ${ring.primary.id})`,
          { details: { secret: identity(sealed.connection, sealed.name), keyId: sealed.keyId } },
        );
      }
      throw new SystemError('VAULT_TAMPERED', `${which} failed its integrity check (modified or corrupted)`, {
        details: { secret: identity(sealed.connection, sealed.name) },
      });
    }
  }
}

function identity(connection: string, name: string): string {
  return `${connection}/${name}`;
}

function failEnvRotation(): never {
  throw new ConfigError(
    'USAGE',
    'the master key comes from ML_CONNECTOR_MASTER_KEY: set ML_CONNECTOR_NEW_MASTER_KEY to the new key to rotate, then replace ML_CONNECTOR_MASTER_KEY with it',
  );
}

async function writeIfAbsent(file: string, key: MasterKey): Promise<void> {
  try {
    await writeKeyFile(file, key);
  } catch (error) {
    // Same id ⇒ same key (the id is derived from the key): an earlier, interrupted rotation wrote it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** A pending key left by an interrupted rotation is kept, renamed to `.retired`, never deleted. */
async function retireLeftoverPending(keyFile: string): Promise<void> {
  for (const file of await listSiblingKeyFiles(keyFile)) {
    if (file.endsWith('.pending')) await rename(file, file.replace(/\.pending$/, '.retired'));
  }
}
