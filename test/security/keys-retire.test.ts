/**
 * Finding 9 (retired master keys live forever). `keys rotate` keeps the previous key as
 * `<keyFile>.<id>.retired` and every start loads it. Through the real CLI: `keys list` shows
 * each key and how many secrets it seals; `keys retire <id>` deletes a retired key once no secret
 * uses it and refuses otherwise, naming how many still do — here after a ledger backup taken
 * before the rotation was restored, so a secret is sealed under the retired key again.
 */
import { chmod, copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliFolder, type CliFolder } from './cli.js';

const TOKEN = 'pat-na1-11112222-3333-4444-5555-666677778888';

describe('keys retire', () => {
  let folder: CliFolder;
  afterEach(async () => {
    await folder.close();
  });

  const keyFiles = async (): Promise<string[]> =>
    (await readdir(path.join(folder.dir, '.ml-connector'))).sort();

  it('removes a retired key no secret uses, refuses one still in use, and never the current key', async () => {
    folder = await cliFolder('mlc-retire-');
    expect((await folder.cli(['init'])).code).toBe(0);
    const stored = await folder.cli([
      'connect',
      'hubspot',
      '--no-check',
      '--connection',
      'acme',
      '--token',
      TOKEN,
    ]);
    expect(stored.code).toBe(0);
    const ledger = path.join(folder.dir, 'ml-connector.db');
    await copyFile(ledger, `${ledger}.backup`);

    const rotated = await folder.cli(['keys', 'rotate']);
    expect(rotated.code).toBe(0);
    const [, oldId, newId] = /master key ([0-9a-f]{16}) → ([0-9a-f]{16})/.exec(rotated.stdout) ?? [];
    expect(oldId).toBeDefined();
    expect(await keyFiles()).toEqual(['master.key', `master.key.${oldId}.retired`]);

    const listed = await folder.cli(['keys', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual({
      keys: [
        {
          keyId: newId,
          state: 'primary',
          file: path.join(folder.dir, '.ml-connector', 'master.key'),
          secrets: 1,
        },
        {
          keyId: oldId,
          state: 'retired',
          file: path.join(folder.dir, '.ml-connector', `master.key.${oldId}.retired`),
          secrets: 0,
        },
      ],
    });

    // the current key is never retired; an unknown id names the retired ones
    const current = await folder.cli(['keys', 'retire', newId ?? '']);
    expect(current.code).toBe(2);
    expect(current.stderr).toMatch(/is the current master key/);
    const unknown = await folder.cli(['keys', 'retire', '0123456789abcdef']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`retired keys: ${oldId}`);

    // a backup from before the rotation comes back: its secret is sealed under the retired key
    await copyFile(`${ledger}.backup`, ledger);
    await chmod(ledger, 0o600);
    const refused = await folder.cli(['keys', 'retire', oldId ?? '']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`key ${oldId} still seals 1 secret(s)`);
    expect(refused.stderr).toContain('keys rotate');
    expect(await keyFiles()).toContain(`master.key.${oldId}.retired`);

    // rotate re-wraps it under a new key; then the old one can go
    expect((await folder.cli(['keys', 'rotate'])).code).toBe(0);
    const retired = await folder.cli(['keys', 'retire', oldId ?? '']);
    expect(retired.code).toBe(0);
    expect(retired.stdout).toContain(`removed retired key ${oldId}`);
    expect(await keyFiles()).not.toContain(`master.key.${oldId}.retired`);

    // every secret still opens
    const check = await folder.cli(['config', 'check', '--json']);
    const hubspot = (JSON.parse(check.stdout) as { secrets: { path: string; ok: boolean }[] }).secrets.find(
      (s) => s.path === 'hubspot.token',
    );
    expect(hubspot?.ok).toBe(true);
    expect(check.stdout + check.stderr).not.toContain(TOKEN);
  });
});
