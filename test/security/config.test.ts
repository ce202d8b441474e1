/**
 * Finding 10 (config). Through the real CLI:
 * - a PostgreSQL `store:` takes its password as a secret reference (`{ url, password: env:NAME }`),
 *   never inline; the password reaches PostgreSQL and never the output (`vault:` cannot work there:
 *   the vault lives in that very store, and the message says so);
 * - a YAML alias bomb is a config error naming the file (exit 2), not INTERNAL;
 * - a QAD `baseUrl` with a query string or fragment fails `config check`, naming the field.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { cliFolder, type CliFolder } from './cli.js';

const DATABASE_URL = process.env['DATABASE_URL'];

let folder: CliFolder;
afterEach(async () => {
  await folder.close();
});

const connection = (qadBaseUrl: string): string[] => [
  'connections:',
  '  - name: acme',
  '    hubspot: { hubId: 1, token: env:HS_TOKEN }',
  `    qad: { baseUrl: '${qadBaseUrl}', clientId: c, username: u, password: env:QAD_PASSWORD, domain: 10USA, entity: 10USACO }`,
];
const ENV = { HS_TOKEN: 'pat-na1-0000', QAD_PASSWORD: 'pw' };

describe.skipIf(DATABASE_URL === undefined)('store: a PostgreSQL password by reference', () => {
  const role = `mlc_sec_${process.pid}`;
  const password = 'S3cret/pass@word:with%signs';
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${role}`);
    await admin.query(`create role ${role} login password '${password.replaceAll("'", "''")}'`);
    const db = new URL(DATABASE_URL ?? '').pathname.slice(1);
    await admin.query(`grant all on database ${db} to ${role}`);
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${role} cascade`);
    await admin.query(`drop owned by ${role}`);
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  const storeUrl = (): string => {
    const url = new URL(DATABASE_URL ?? '');
    url.username = role;
    url.password = '';
    url.searchParams.set('schema', role);
    return url.toString();
  };

  it('connects with the password from env:NAME and never prints it', async () => {
    folder = await cliFolder('mlc-store-pw-');
    await folder.writeConfig([`store: { url: '${storeUrl()}', password: env:MLC_STORE_PASSWORD }`]);
    const res = await folder.cli(['config', 'check', '--json'], { MLC_STORE_PASSWORD: password });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true });
    expect(res.stdout).toContain(`postgres://${role}:***@`);
    expect(res.stdout + res.stderr).not.toContain(password);
    expect(res.stdout + res.stderr).not.toContain(encodeURIComponent(password));
    const status = await folder.cli(['status', '--json'], { MLC_STORE_PASSWORD: password });
    expect(status.code).toBe(0);
  });

  it('hands the password to the PostgreSQL client, and names an unset variable', async () => {
    folder = await cliFolder('mlc-store-pw-');
    await folder.writeConfig([`store: { url: '${storeUrl()}', password: env:MLC_STORE_PASSWORD }`]);
    // (the test server trusts local connections, so the password is checked where pg receives it)
    const loaded = await loadConfig({ path: folder.configPath, env: { MLC_STORE_PASSWORD: password } });
    expect(decodeURIComponent(new URL(loaded.config.store).password)).toBe(password);
    expect(new pg.Client({ connectionString: loaded.config.store }).password).toBe(password);
    const unset = await folder.cli(['config', 'check']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/store\.password: environment variable MLC_STORE_PASSWORD is not set/);
  });
});

describe('store: references are checked like every secret field', () => {
  it.each([
    ["password: 'inline-secret'", /store\.password: must be a secret reference/],
    [
      'password: vault:store.password',
      /store\.password: must be env:NAME: a vault: reference cannot work here, since the vault lives in this store/,
    ],
  ])('refuses %s', async (password, message) => {
    folder = await cliFolder('mlc-store-pw-');
    await folder.writeConfig([`store: { url: 'postgres://mlc@127.0.0.1:5432/mlc', ${password} }`]);
    const res = await folder.cli(['config', 'check']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toContain('inline-secret');
  });

  it('refuses a URL that already carries a password, without echoing it', async () => {
    folder = await cliFolder('mlc-store-pw-');
    await folder.writeConfig([
      "store: { url: 'postgres://mlc:Hunter2pw@127.0.0.1:5432/mlc', password: env:MLC_STORE_PASSWORD }",
    ]);
    const res = await folder.cli(['config', 'check'], { MLC_STORE_PASSWORD: 'x' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/store\.url: must not carry a password/);
    expect(res.stderr).not.toContain('Hunter2pw');
  });
});

describe('a YAML alias bomb is a config error', () => {
  it('exits 2 with CONFIG_INVALID naming the file, never INTERNAL', async () => {
    folder = await cliFolder('mlc-yaml-bomb-');
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array<string>(9).fill(`*${prev}`).join(',')}]`);
    }
    await folder.writeConfig([...lines, 'store: ./ml-connector.db']);
    const started = Date.now();
    const res = await folder.cli(['config', 'check']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('CONFIG_INVALID');
    expect(res.stderr).toContain(folder.configPath);
    expect(res.stderr).toMatch(/alias/i);
    expect(res.stderr).not.toContain('INTERNAL');
  });
});

describe('a service URL with a query string or fragment', () => {
  it.each([
    ['a query string', 'https://acme.qad.com/clouderp?tenant=acme'],
    ['an empty query', 'https://acme.qad.com/clouderp?'],
    ['a fragment', 'https://acme.qad.com/clouderp#x'],
  ])('fails config check for %s, naming the field', async (_label, url) => {
    folder = await cliFolder('mlc-url-');
    await folder.writeConfig(['store: ./ml-connector.db', ...connection(url)]);
    const res = await folder.cli(['config', 'check'], ENV);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/connections\[0\]\.qad\.baseUrl: must not have a query string or fragment/);
  });
});
