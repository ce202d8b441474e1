/**
 * The end of a master key's life. `keys rotate` keeps the previous key as
 * `<keyFile>.<id>.retired` so that a secret sealed under it stays readable whatever moment a
 * rotation was interrupted; once no stored secret is sealed under it any more, `keys retire <id>`
 * deletes that file, so it is no longer loaded (or exposed) on every start.
 */
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { SealedSecret } from '../core/store-port.js';
import { decodeBlob } from './envelope.js';
import type { Keyring } from './keyring.js';

/** One master key the keyring holds, and how many stored secrets it seals. */
export interface KeyUsage {
  keyId: string;
  state: 'primary' | 'retired' | 'pending';
  /** The key's file; null for a primary key from ML_CONNECTOR_MASTER_KEY. */
  file: string | null;
  secrets: number;
}

/** Every key: the primary first, then the siblings in file-name order. */
export function keyUsage(
  ring: Keyring,
  keyFile: string,
  siblings: readonly string[],
  secrets: readonly SealedSecret[],
): KeyUsage[] {
  const count = (keyId: string): number => secrets.filter((s) => sealedUnder(s, keyId)).length;
  const out: KeyUsage[] = [
    {
      keyId: ring.primary.id,
      state: 'primary',
      file: ring.source === 'file' ? keyFile : null,
      secrets: count(ring.primary.id),
    },
  ];
  for (const file of [...siblings].sort()) {
    const match = /\.([0-9a-f]{16})\.(retired|pending)$/.exec(path.basename(file));
    if (!match?.[1] || match[1] === ring.primary.id) continue;
    const state = match[2] === 'pending' ? 'pending' : 'retired';
    out.push({ keyId: match[1], state, file, secrets: count(match[1]) });
  }
  return out;
}

/**
 * Deletes the retired key `keyId` when no secret is sealed under it. Refuses (ConfigError) the
 * current key, an id that is not a retired key, and a key that still seals secrets.
 */
export async function retireKey(usage: readonly KeyUsage[], keyId: string): Promise<KeyUsage> {
  const key = usage.find((k) => k.keyId === keyId);
  if (key?.state === 'primary') {
    throw new ConfigError(
      'USAGE',
      `key ${keyId} is the current master key; it cannot be retired (rotate to a new key first: ml-connector keys rotate)`,
    );
  }
  if (key?.state !== 'retired' || key.file === null) {
    const retired = usage.filter((k) => k.state === 'retired').map((k) => k.keyId);
    throw new ConfigError(
      'USAGE',
      `${keyId} is not a retired master key (retired keys: ${retired.join(', ') || 'none'})`,
    );
  }
  if (key.secrets > 0) {
    throw new ConfigError(
      'VAULT_KEY_IN_USE',
      `key ${keyId} still seals ${key.secrets} secret(s); run \`ml-connector keys rotate\` to re-wrap them under a new key, then retire it`,
      { details: { keyId, secrets: key.secrets } },
    );
  }
  await unlink(key.file);
  return key;
}

/** True when the secret is sealed under `keyId` (the blob's own key id, or the row's). */
function sealedUnder(secret: SealedSecret, keyId: string): boolean {
  if (secret.keyId === keyId) return true;
  try {
    return decodeBlob(secret.blob).keyId === keyId;
  } catch {
    return false;
  }
}
