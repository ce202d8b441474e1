import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SealedSecret, Store } from '../../src/core/store-port.js';
import { SecretRegistry } from '../../src/core/logger.js';
import { createKeyFile, keyIdOf, readKeyFile, Vault } from '../../src/vault/index.js';
import { createStore } from '../../src/store/index.js';
import { forEachDialect } from '../helpers/store.js';

const TOKEN = 'pat-na1-5f1c2d3e-aaaa-bbbb-cccc-0123456789ab';
const PASSWORD = 'Qad-Passw0rd!-never-in-clear';

async function tempKeyFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mlc-vault-'));
  const file = path.join(dir, '.ml-connector', 'master.key');
  await createKeyFile(file);
  return file;
}

/** Store that fails at a chosen point of replaceSecrets: a crash mid-rotation. */
function crashingStore(store: Store, when: 'before-commit' | 'after-commit'): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'replaceSecrets') {
        return async (secrets: SealedSecret[]) => {
          if (when === 'after-commit') await target.replaceSecrets(secrets);
          throw new Error('simulated crash');
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

forEachDialect('vault', (h) => {
  let keyFile: string;
  let conn: string;
  let store: Store;
  beforeEach(async () => {
    keyFile = await tempKeyFile();
    conn = `v-${randomBytes(4).toString('hex')}`;
    store = (await h.fresh()).store; // rotation touches every secret in a store: isolate each test
  });

  it('seals secrets with a key id and reads them back', async () => {
    const vault = new Vault({ store: store, keyFile });
    await vault.put(conn, 'hubspot.token', TOKEN);
    await vault.put(conn, 'qad.password', PASSWORD);
    expect(await vault.get(conn, 'hubspot.token')).toBe(TOKEN);
    expect(await vault.get(conn, 'qad.password')).toBe(PASSWORD);
    expect(await vault.get(conn, 'missing')).toBeNull();
    const sealed = await store.getSecret(conn, 'hubspot.token');
    expect(sealed?.keyId).toBe((await readKeyFile(keyFile)).id);
    expect(sealed?.blob).not.toContain(TOKEN);
    const fresh = new Vault({ store: store, keyFile });
    expect(await fresh.get(conn, 'qad.password')).toBe(PASSWORD);
  });

  it('registers revealed values so logs can scrub them', async () => {
    const secrets = new SecretRegistry();
    const vault = new Vault({ store: store, keyFile, secrets });
    await vault.put(conn, 'hubspot.token', TOKEN);
    expect(secrets.redact(`Bearer ${TOKEN}`)).toBe('Bearer [redacted]');
  });

  it('re-wraps every secret under a new key; nothing is lost and no plaintext is written', async () => {
    const vault = new Vault({ store: store, keyFile });
    await vault.put(conn, 'hubspot.token', TOKEN);
    await vault.put(conn, 'qad.password', PASSWORD);
    const before = (await readKeyFile(keyFile)).id;
    const result = await vault.rotate();
    expect(result.oldKeyId).toBe(before);
    expect(result.newKeyId).not.toBe(before);
    expect(result.rewrapped).toBeGreaterThanOrEqual(2);
    expect((await readKeyFile(keyFile)).id).toBe(result.newKeyId);
    expect(result.retiredKeyFile).toBe(`${keyFile}.${before}.retired`);
    expect((await stat(result.retiredKeyFile!)).mode & 0o777).toBe(0o600);
    expect((await store.getSecret(conn, 'hubspot.token'))?.keyId).toBe(result.newKeyId);
    expect(await vault.get(conn, 'hubspot.token')).toBe(TOKEN);
    const fresh = new Vault({ store: store, keyFile });
    expect(await fresh.get(conn, 'hubspot.token')).toBe(TOKEN);
    expect(await fresh.get(conn, 'qad.password')).toBe(PASSWORD);
    for (const name of await readdir(path.dirname(keyFile))) {
      const text = await readFile(path.join(path.dirname(keyFile), name), 'utf8');
      expect(text).not.toContain(TOKEN);
    }
    expect((await readdir(path.dirname(keyFile))).some((n) => n.endsWith('.pending'))).toBe(false);
  });

  it('keeps every secret readable when rotation crashes before or after the commit', async () => {
    const vault = new Vault({ store: store, keyFile });
    await vault.put(conn, 'hubspot.token', TOKEN);
    for (const when of ['before-commit', 'after-commit'] as const) {
      const crashing = new Vault({ store: crashingStore(store, when), keyFile });
      await expect(crashing.rotate()).rejects.toThrow('simulated crash');
      const fresh = new Vault({ store: store, keyFile });
      expect(await fresh.get(conn, 'hubspot.token')).toBe(TOKEN);
    }
    const finished = await new Vault({ store: store, keyFile }).rotate();
    expect(await new Vault({ store: store, keyFile }).get(conn, 'hubspot.token')).toBe(TOKEN);
    expect((await store.getSecret(conn, 'hubspot.token'))?.keyId).toBe(finished.newKeyId);
    const names = await readdir(path.dirname(keyFile));
    expect(names.filter((n) => n.endsWith('.pending'))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.retired')).length).toBeGreaterThanOrEqual(3);
  });

  it('detects a flipped byte anywhere in the blob, naming the secret', async () => {
    const vault = new Vault({ store: store, keyFile });
    await vault.put(conn, 'hubspot.token', TOKEN);
    const sealed = (await store.getSecret(conn, 'hubspot.token'))!;
    const raw = Buffer.from(sealed.blob, 'base64');
    for (const offset of [12, 45, 70, 90, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[offset] = (flipped[offset] ?? 0) ^ 0x01;
      await store.putSecret({ ...sealed, blob: flipped.toString('base64') });
      const error = await vault.get(conn, 'hubspot.token').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VAULT_TAMPERED' });
      expect((error as Error).message).toContain(`${conn}/hubspot.token`);
    }
    await store.putSecret({ ...sealed, blob: 'not an envelope' });
    await expect(vault.get(conn, 'hubspot.token')).rejects.toMatchObject({ code: 'VAULT_TAMPERED' });
  });

  it('detects a blob moved onto another secret', async () => {
    const vault = new Vault({ store: store, keyFile });
    await vault.put(conn, 'hubspot.token', TOKEN);
    await vault.put(conn, 'qad.password', PASSWORD);
    const token = (await store.getSecret(conn, 'hubspot.token'))!;
    await store.putSecret({ ...token, name: 'qad.password' });
    await expect(vault.get(conn, 'qad.password')).rejects.toMatchObject({ code: 'VAULT_TAMPERED' });
  });

  it('reports the wrong master key clearly', async () => {
    await new Vault({ store: store, keyFile }).put(conn, 'hubspot.token', TOKEN);
    const other = new Vault({ store: store, keyFile, masterKey: randomBytes(32).toString('base64') });
    const error = await other.get(conn, 'hubspot.token').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VAULT_WRONG_KEY' });
    expect((error as Error).message).toContain(`secret ${conn}/hubspot.token was sealed under master key`);
  });

  it('rotates an environment key only to a given new key', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('hex');
    const vault = new Vault({ store: store, keyFile: '/nonexistent/key', masterKey: oldKey });
    await vault.put(conn, 'hubspot.token', TOKEN);
    await expect(vault.rotate()).rejects.toMatchObject({ code: 'USAGE' });
    const result = await vault.rotate({ newMasterKey: newKey });
    expect(result).toMatchObject({ newKeyId: keyIdOf(Buffer.from(newKey, 'hex')), retiredKeyFile: null });
    const next = new Vault({ store: store, keyFile: '/nonexistent/key', masterKey: newKey });
    expect(await next.get(conn, 'hubspot.token')).toBe(TOKEN);
  });
});

describe('vault on a SQLite file', () => {
  it('never writes the plaintext into the database file or its WAL', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-vault-db-'));
    const file = path.join(dir, 'state.db');
    const store = await createStore(file);
    try {
      const keyFile = await tempKeyFile();
      const vault = new Vault({ store, keyFile });
      await vault.put('acme', 'hubspot.token', TOKEN);
      await vault.put('acme', 'qad.password', PASSWORD);
      await vault.rotate();
      expect(await vault.get('acme', 'hubspot.token')).toBe(TOKEN);
      const files = (await readdir(dir)).filter((n) => n.startsWith('state.db'));
      expect(files).toContain('state.db-wal');
      const all = Buffer.concat(await Promise.all(files.map((n) => readFile(path.join(dir, n)))));
      expect(all.includes(Buffer.from(TOKEN))).toBe(false);
      expect(all.includes(Buffer.from(PASSWORD))).toBe(false);
      expect(all.includes(Buffer.from(TOKEN, 'utf16le'))).toBe(false);
      // the check can fail: the sealed blob itself is really in those bytes
      const sealed = (await store.getSecret('acme', 'hubspot.token'))!;
      expect(all.includes(Buffer.from(sealed.blob))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('master key sources', () => {
  it('refuses a group/world-readable key file, a missing one, and a malformed env key', async () => {
    const keyFile = await tempKeyFile();
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    await chmod(keyFile, 0o644);
    await expect(readKeyFile(keyFile)).rejects.toMatchObject({ code: 'VAULT_KEY_FILE_MODE' });
    await expect(readKeyFile(`${keyFile}.nope`)).rejects.toMatchObject({ code: 'VAULT_KEY_MISSING' });
    const store = {} as Store;
    await expect(new Vault({ store, keyFile, masterKey: 'short' }).unlock()).rejects.toMatchObject({
      code: 'VAULT_KEY_INVALID',
    });
    await expect(createKeyFile(keyFile)).rejects.toMatchObject({ code: 'USAGE' });
  });
});
