/**
 * `connect change-events` through the real CLI: the webhook client secret (push) and the project
 * app's client secret (pull) go from stdin into the vault, encrypted, and the connection's
 * `hubspot.changeEvents` names them (`vault:…`), comments kept; the app then resolves them. A
 * secret is never accepted as an argument, never printed, never in the file or the ledger in clear;
 * the mode and the settings change without re-entering a stored secret.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { openApp } from '../../src/app/compose.js';
import { runCli } from '../../src/cli/program.js';
import { createKeyFile } from '../../src/vault/index.js';

const WEBHOOK_SECRET = 'wh-client-secret-7f3a9c1e-55d2-4b7e-9a10-3c8e6f2d1b04';
const APP_SECRET = 'app-client-secret-1b2c3d4e-aaaa-bbbb-cccc-0123456789ab';

let dir = '';
let hubspot: HubSpotSandbox;
let logs = '';
/** Everything every command printed. */
let printed = '';

async function cli(
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ml-connector', ...args], {
    env: { HS_TOKEN: 'pat-na1-token-for-the-config-only', QAD_PASSWORD: 'qad-pw' },
    cwd: dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    logDestination: {
      write: (t: string) => {
        logs += t;
        return true;
      },
    },
  });
  printed += stdout + stderr;
  return { code, stdout, stderr };
}

const yaml = (): Promise<string> => readFile(path.join(dir, 'ml-connector.yaml'), 'utf8');

/** Every byte of the SQLite ledger, WAL included. */
async function ledgerBytes(): Promise<string> {
  const files = ['state.db', 'state.db-wal'].map((f) => path.join(dir, f)).filter((f) => existsSync(f));
  return (await Promise.all(files.map((f) => readFile(f, 'latin1')))).join('');
}

beforeAll(async () => {
  hubspot = await startHubSpotSandbox();
  // the project app as HubSpot knows it: its client credentials are what pull mode tests
  await fetch(`${hubspot.url}/_sandbox/app`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'abc-123', clientSecret: APP_SECRET }),
  });
  dir = await mkdtemp(path.join(tmpdir(), 'mlc-connect-events-'));
  await writeFile(
    path.join(dir, 'ml-connector.yaml'),
    `store: ./state.db
connections:
  - name: acme
    # the portal of the sales team
    hubspot: { hubId: 1, token: env:HS_TOKEN, baseUrl: '${hubspot.url}' }
    qad:
      baseUrl: https://acme.qad.com/clouderp
      clientId: c
      username: u
      password: env:QAD_PASSWORD
      domain: 10USA
      entity: 10USACO
`,
  );
  await createKeyFile(path.join(dir, '.ml-connector', 'master.key'));
});

afterAll(async () => {
  await hubspot?.close();
});

describe('connect change-events', () => {
  it('refuses a secret as an argument, and asks for one it cannot read', async () => {
    const argv = await cli(['connect', 'change-events', '--mode', 'push', '--secret', WEBHOOK_SECRET]);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain("unknown option '--secret'");
    const none = await cli(['connect', 'change-events', '--mode', 'push']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Webhook client secret');
    expect(none.stderr).toContain('--secret-stdin');
    const noMode = await cli(['connect', 'change-events', '--secret-stdin'], WEBHOOK_SECRET);
    expect(noMode.code).toBe(2);
    expect(noMode.stderr).toContain('--mode is required');
    const noClientId = await cli(
      ['connect', 'change-events', '--mode', 'pull', '--secret-stdin'],
      APP_SECRET,
    );
    expect(noClientId.code).toBe(2);
    expect(noClientId.stderr).toContain('--app-client-id is required');
    expect(await yaml()).not.toContain('changeEvents');
  });

  it('push: stores the webhook client secret encrypted and points the config at it', async () => {
    const r = await cli(
      ['connect', 'change-events', '--mode', 'push', '--secret-stdin'],
      `${WEBHOOK_SECRET}\n`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stored hubspot.webhookSecret of connection "acme" encrypted in the vault');
    const text = await yaml();
    expect(text).toContain('# the portal of the sales team');
    expect(text).toMatch(/changeEvents:.*mode: push/s);
    expect(text).toContain('webhookSecret: vault:hubspot.webhookSecret');
    const app = await openApp({
      configPath: path.join(dir, 'ml-connector.yaml'),
      env: { HS_TOKEN: 'x' },
      cwd: dir,
      logLevel: 'silent',
    });
    try {
      expect(app.config.connections[0]?.hubspot.changeEvents.mode).toBe('push');
      expect(await app.secret('acme', 'hubspot.webhookSecret')).toBe(WEBHOOK_SECRET);
    } finally {
      await app.close();
    }
  });

  it('pull: a wrong app client secret is refused by HubSpot before anything is stored (exit 3)', async () => {
    const before = await yaml();
    const wrong = await cli(
      ['connect', 'change-events', '--mode', 'pull', '--app-client-id', 'abc-123', '--secret-stdin'],
      'not-the-app-client-secret',
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('FAIL hubspot app credentials');
    expect(wrong.stderr).toContain('error[HUBSPOT_APP_CREDENTIALS_INVALID]');
    expect(wrong.stderr).toContain('nothing was stored');
    expect(await yaml()).toBe(before);
  });

  it('pull: stores the project app client secret with its client id; settings change without it', async () => {
    const r = await cli(
      [
        'connect',
        'change-events',
        '--mode',
        'pull',
        '--app-client-id',
        'abc-123',
        '--journal-poll-ms',
        '2000',
        '--secret-stdin',
      ],
      APP_SECRET,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ok {3}hubspot app credentials: token granted/);
    expect(r.stdout).toContain('stored hubspot.appClientSecret of connection "acme" encrypted in the vault');
    let text = await yaml();
    expect(text).toContain('appClientSecret: vault:hubspot.appClientSecret');
    expect(text).toContain('appClientId: abc-123');
    expect(text).toContain('journalPollMs: 2000');
    // the interval alone: no secret asked for, the stored one kept
    const interval = await cli(['connect', 'change-events', '--mode', 'pull', '--journal-poll-ms', '5000']);
    expect(interval.code).toBe(0);
    expect(interval.stdout).toContain('the stored hubspot.changeEvents.appClientSecret is kept');
    // back to push: the webhook secret stored before is still named
    const push = await cli(['connect', 'change-events', '--mode', 'push']);
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('the stored hubspot.changeEvents.webhookSecret is kept');
    text = await yaml();
    expect(text).toMatch(/mode: push/);
    const app = await openApp({
      configPath: path.join(dir, 'ml-connector.yaml'),
      env: { HS_TOKEN: 'x' },
      cwd: dir,
      logLevel: 'silent',
    });
    try {
      expect(app.config.connections[0]?.hubspot.changeEvents).toMatchObject({
        appClientId: 'abc-123',
        journalPollMs: 5000,
      });
      expect(await app.secret('acme', 'hubspot.appClientSecret')).toBe(APP_SECRET);
      expect(await app.secret('acme', 'hubspot.webhookSecret')).toBe(WEBHOOK_SECRET);
    } finally {
      await app.close();
    }
    const polling = await cli(['connect', 'change-events', '--mode', 'polling']);
    expect(polling.code).toBe(0);
    expect(await yaml()).toMatch(/mode: polling/);
  });

  it('neither secret is in the file, the ledger, the output or the log in clear', async () => {
    const text = await yaml();
    const ledger = await ledgerBytes();
    expect(ledger.length).toBeGreaterThan(0);
    expect(printed).toContain('vault:hubspot.appClientSecret');
    for (const secret of [WEBHOOK_SECRET, APP_SECRET]) {
      expect(text).not.toContain(secret);
      expect(ledger).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(printed).not.toContain(secret);
    }
  });
});
