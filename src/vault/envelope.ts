/**
 * Envelope encryption of one secret. A fresh 256-bit data key encrypts the value (AES-256-GCM);
 * the master key wraps the data key (AES-256-GCM). The blob carries the master key id, so
 * rotation re-wraps data keys without touching (or ever decrypting) the secret. Both layers are
 * bound to the secret's identity (connection/name) as associated data: a blob copied onto another
 * secret fails its integrity check.
 *
 * Blob (base64): version(1) | keyId(8) | wrapIv(12) | wrapTag(16) | wrappedKey(32) | iv(12) | tag(16) | ciphertext
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES + KEY_BYTES + IV_BYTES + TAG_BYTES;

/** A master key and its id (16 hex chars derived from the key, so the id cannot lie about it). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/** Derives the stable id of a master key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('ml-connector/master-key-id/v1').update(key).digest('hex').slice(0, 16);
}

export function masterKeyFrom(key: Buffer): MasterKey {
  return { id: keyIdOf(key), key };
}

/** Why a blob could not be opened; the vault turns this into VAULT_TAMPERED / VAULT_WRONG_KEY. */
export class EnvelopeError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown-key' | 'integrity',
    readonly keyId: string | null,
  ) {
    super(reason);
  }
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; tag: Buffer; data: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

function gcmDecrypt(key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, aad: string, keyId: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new EnvelopeError('integrity', keyId);
  }
}

const wrapAad = (keyId: string, identity: string): string => `ml-connector/dek/v1|${keyId}|${identity}`;
const dataAad = (identity: string): string => `ml-connector/secret/v1|${identity}`;

interface Parts {
  keyId: string;
  wrapIv: Buffer;
  wrapTag: Buffer;
  wrappedKey: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function encode(p: Parts): string {
  return Buffer.concat([
    Buffer.from([VERSION]),
    Buffer.from(p.keyId, 'hex'),
    p.wrapIv,
    p.wrapTag,
    p.wrappedKey,
    p.iv,
    p.tag,
    p.ciphertext,
  ]).toString('base64');
}

/** Parses a blob; throws EnvelopeError('malformed') for anything that is not a v1 envelope. */
export function decodeBlob(blob: string): Parts {
  const raw = Buffer.from(blob, 'base64');
  if (raw.length < HEADER_BYTES || raw[0] !== VERSION || raw.toString('base64') !== blob) {
    throw new EnvelopeError('malformed', null);
  }
  let at = 1;
  const take = (n: number): Buffer => raw.subarray(at, (at += n));
  return {
    keyId: take(KEY_ID_BYTES).toString('hex'),
    wrapIv: take(IV_BYTES),
    wrapTag: take(TAG_BYTES),
    wrappedKey: take(KEY_BYTES),
    iv: take(IV_BYTES),
    tag: take(TAG_BYTES),
    ciphertext: raw.subarray(at),
  };
}

function wrapKey(
  master: MasterKey,
  dataKey: Buffer,
  identity: string,
): Pick<Parts, 'keyId' | 'wrapIv' | 'wrapTag' | 'wrappedKey'> {
  const wrapped = gcmEncrypt(master.key, dataKey, wrapAad(master.id, identity));
  return { keyId: master.id, wrapIv: wrapped.iv, wrapTag: wrapped.tag, wrappedKey: wrapped.data };
}

function unwrapKey(parts: Parts, keys: ReadonlyMap<string, Buffer>, identity: string): Buffer {
  const master = keys.get(parts.keyId);
  if (!master) throw new EnvelopeError('unknown-key', parts.keyId);
  return gcmDecrypt(
    master,
    parts.wrapIv,
    parts.wrapTag,
    parts.wrappedKey,
    wrapAad(parts.keyId, identity),
    parts.keyId,
  );
}

/** Encrypts `plaintext` for the secret `identity` under `master`. */
export function seal(plaintext: string, master: MasterKey, identity: string): string {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const body = gcmEncrypt(dataKey, Buffer.from(plaintext, 'utf8'), dataAad(identity));
    return encode({
      ...wrapKey(master, dataKey, identity),
      iv: body.iv,
      tag: body.tag,
      ciphertext: body.data,
    });
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypts a blob with whichever known master key wrapped it. */
export function open(blob: string, keys: ReadonlyMap<string, Buffer>, identity: string): string {
  const parts = decodeBlob(blob);
  const dataKey = unwrapKey(parts, keys, identity);
  try {
    return gcmDecrypt(
      dataKey,
      parts.iv,
      parts.tag,
      parts.ciphertext,
      dataAad(identity),
      parts.keyId,
    ).toString('utf8');
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Re-wraps the data key under `next`; the ciphertext is kept as is, so the secret is never
 * decrypted. The body's integrity is checked first so a tampered blob is not carried forward.
 */
export function rewrap(
  blob: string,
  keys: ReadonlyMap<string, Buffer>,
  next: MasterKey,
  identity: string,
): string {
  const parts = decodeBlob(blob);
  const dataKey = unwrapKey(parts, keys, identity);
  try {
    const check = createDecipheriv('aes-256-gcm', dataKey, parts.iv);
    check.setAAD(Buffer.from(dataAad(identity), 'utf8'));
    check.setAuthTag(parts.tag);
    // Decrypt into a throwaway buffer only to verify the tag; zeroed immediately.
    const scratch = Buffer.concat([check.update(parts.ciphertext), finalOrThrow(check, parts.keyId)]);
    scratch.fill(0);
    return encode({
      ...wrapKey(next, dataKey, identity),
      iv: parts.iv,
      tag: parts.tag,
      ciphertext: parts.ciphertext,
    });
  } finally {
    dataKey.fill(0);
  }
}

function finalOrThrow(decipher: ReturnType<typeof createDecipheriv>, keyId: string): Buffer {
  try {
    return decipher.final();
  } catch {
    throw new EnvelopeError('integrity', keyId);
  }
}
