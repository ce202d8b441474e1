/**
 * A token supplied through config (env: and vault: references) never appears in logs, error
 * messages or CLI output; and openApp composes a working app on every store dialect.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openApp } from '../../src/app/compose.js';
import { buildProgram, runProgram } from '../../src/cli/program.js';
import { AuthError } from '../../src/core/errors.js';
import { createLogger, redactSecrets, REDACTED, SecretRegistry } from '../../src/core/logger.js';
import { createKeyFile } from '../../src/vault/index.js';
import { forEachDialect } from '../helpers/store.js';

declare module '../../src/core/events.js' {
  interface EventMap {
    'test.leak': { url: string; note: string };
  }
}

const ENV_TOKEN = 'pat-eu1-env-0000-1111-2222-333333333333';
const VAULT_PASSWORD = 'vault-Pa55-qad-secret';
const WEBHOOK_SECRET = 'wh-secret-0d5e8a7b-1111-4c2d-9e0f-abcdefabcdef';
const APP_CLIENT_SECRET = 'app-secret-6c1f2e3d-2222-4a5b-8c7d-fedcbafedcba';

/** The vault table as the database holds it (every column, as text). */
async function rawSecretsRows(dialect: 'sqlite' | 'postgres', location: string): Promise<string> {
  if (dialect === 'sqlite') {
    const db = new Database(location, { readonly: true });
    try {
      return JSON.stringify(db.prepare('select * from secrets').all());
    } finally {
      db.close();
    }
  }
  const url = new URL(location);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return JSON.stringify((await client.query(`select * from "${schema}".secrets`)).rows);
  } finally {
    await client.end();
  }
}

function sink(): { write(text: string): boolean; text: () => string } {
  let buffer = '';
  return {
    write(text: string) {
      buffer += text;
      return true;
    },
    text: () => buffer,
  };
}

async function writeConfig(dir: string, store: string): Promise<string> {
  const file = path.join(dir, 'ml-connector.yaml');
  await writeFile(
    file,
    `store: '${store}'
log: { level: debug }
connections:
  - name: acme
    hubspot: { hubId: 1, token: env:HS_TOKEN }
    qad:
      baseUrl: https://acme.qad.com/clouderp
      clientId: c
      username: u
      password: vault:qad.password
      domain: 10USA
      entity: 10USACO
`,
  );
  await createKeyFile(path.join(dir, '.ml-connector', 'master.key'));
  return file;
}

forEachDialect('openApp', (h) => {
  it('composes config, store, vault, logger and events; secrets resolve lazily and never leak', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-app-'));
    const { location } = await h.fresh();
    const configPath = await writeConfig(dir, location);
    const logs = sink();
    const app = await openApp({ configPath, env: { HS_TOKEN: ENV_TOKEN }, cwd: dir, logDestination: logs });
    try {
      expect(app.store.dialect).toBe(h.dialect);
      expect(await app.store.listConnections()).toEqual(['acme']);
      await app.vault.put('acme', 'qad.password', VAULT_PASSWORD);
      expect(await app.secret('acme', 'hubspot.token')).toBe(ENV_TOKEN);
      expect(await app.secret('acme', 'qad.password')).toBe(VAULT_PASSWORD);
      expect(() => app.connection('nope')).toThrow(/unknown connection "nope" \(known: acme\)/);
      expect(await app.dashboardToken()).toBeNull();

      // every way a secret could reach a log line
      app.logger.info({ event: 'http.request', headers: { authorization: `Bearer ${ENV_TOKEN}` } }, 'req');
      app.logger.info({ event: 'x', token: ENV_TOKEN, nested: { password: VAULT_PASSWORD } }, 'fields');
      app.logger.warn({ event: 'y', url: `https://h/?t=${ENV_TOKEN}` }, `message with ${VAULT_PASSWORD}`);
      app.logger.error({ err: new Error(`failed for ${ENV_TOKEN}`) }, 'error object');
      app.events.emit('test.leak', { url: `https://x/${ENV_TOKEN}`, note: `pw=${VAULT_PASSWORD}` });
    } finally {
      await app.close();
    }
    const text = logs.text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['event'] === 'test.leak')).toMatchObject({
      level: 'info',
      url: `https://x/${REDACTED}`,
    });
    expect(lines.some((l) => l['event'] === 'store.opened')).toBe(true);
    expect(text).toContain(REDACTED);
    expect(text).not.toContain(ENV_TOKEN);
    expect(text).not.toContain(VAULT_PASSWORD);
  });

  it('connect change-events stores both client secrets encrypted in this store; they resolve and never leak', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-app-'));
    const { location } = await h.fresh();
    const configPath = await writeConfig(dir, location);
    const stdout = sink();
    const stderr = sink();
    const logs = sink();
    const run = async (args: string[], secret: string): Promise<number> => {
      const { program, ctx } = buildProgram({
        env: { HS_TOKEN: ENV_TOKEN },
        cwd: dir,
        stdout,
        stderr,
        stdin: Readable.from([secret]),
        logDestination: logs,
      });
      return runProgram(program, ctx, [
        'node',
        'ml-connector',
        '--config',
        configPath,
        'connect',
        'change-events',
        ...args,
      ]);
    };
    expect(
      await run(
        ['--mode', 'pull', '--app-client-id', 'abc-123', '--no-check', '--secret-stdin'],
        APP_CLIENT_SECRET,
      ),
    ).toBe(0);
    expect(await run(['--mode', 'push', '--secret-stdin'], WEBHOOK_SECRET)).toBe(0);
    const app = await openApp({ configPath, env: { HS_TOKEN: ENV_TOKEN }, cwd: dir, logDestination: logs });
    try {
      expect(await app.secret('acme', 'hubspot.webhookSecret')).toBe(WEBHOOK_SECRET);
      expect(await app.secret('acme', 'hubspot.appClientSecret')).toBe(APP_CLIENT_SECRET);
      app.logger.warn({ event: 'leak', secret: WEBHOOK_SECRET }, `client secret ${APP_CLIENT_SECRET}`);
    } finally {
      await app.close();
    }
    const stored = await rawSecretsRows(h.dialect, location);
    expect(stored).toContain('hubspot.webhookSecret');
    expect(stored).toContain('hubspot.appClientSecret');
    const all = stdout.text() + stderr.text() + logs.text() + stored;
    expect(all).not.toContain(WEBHOOK_SECRET);
    expect(all).not.toContain(APP_CLIENT_SECRET);
  });

  it('redacts secrets from CLI errors and output', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-app-'));
    const { location } = await h.fresh();
    const configPath = await writeConfig(dir, location);
    const stdout = sink();
    const stderr = sink();
    const logs = sink();
    const { program, ctx } = buildProgram({
      env: { HS_TOKEN: ENV_TOKEN },
      cwd: dir,
      stdout,
      stderr,
      stdin: Readable.from([]),
      logDestination: logs,
    });
    program.command('leak').action(async () => {
      const app = await ctx.openApp();
      const token = await app.secret('acme', 'hubspot.token');
      ctx.out(`using ${token}`);
      ctx.json({ token, header: `Bearer ${token}` });
      app.logger.info({ event: 'leak' }, `token ${token}`);
      throw new AuthError('HUBSPOT_AUTH_INVALID', `HubSpot rejected token ${token}`);
    });
    const code = await runProgram(program, ctx, ['node', 'ml-connector', '--config', configPath, 'leak']);
    expect(code).toBe(3);
    expect(stderr.text()).toContain(`error[HUBSPOT_AUTH_INVALID]: HubSpot rejected token ${REDACTED}`);
    expect(stdout.text()).toContain(`using ${REDACTED}`);
    const all = stdout.text() + stderr.text() + logs.text();
    expect(all).not.toContain(ENV_TOKEN);
    expect(logs.text()).toContain('"event":"leak"');
  });
});

it('redactSecrets scrubs known values and secret-named keys anywhere, without mutating', () => {
  const registry = new SecretRegistry();
  registry.add('s3cr3t-"quoted"');
  registry.add('abc'); // too short to scrub by value
  const input = {
    note: 'value s3cr3t-"quoted" here',
    list: [{ deep: 'x s3cr3t-"quoted"' }],
    password: 'whatever',
    short: 'abc',
    err: new Error('boom s3cr3t-"quoted"'),
  };
  const out = redactSecrets(input, registry);
  expect(out).toEqual({
    note: `value ${REDACTED} here`,
    list: [{ deep: `x ${REDACTED}` }],
    password: REDACTED,
    short: 'abc',
    err: { name: 'Error', message: `boom ${REDACTED}` },
  });
  expect(input.note).toContain('s3cr3t');
  expect(redactSecrets('Bearer tok-12345', ['tok-12345'])).toBe(`Bearer ${REDACTED}`);
  // JSON-escaped forms are scrubbed from log lines too
  const logs = sink();
  createLogger({ destination: logs, secrets: registry }).info({ event: 'q', v: 'is s3cr3t-"quoted"' }, 'm');
  expect(logs.text()).not.toContain('s3cr3t');
});
