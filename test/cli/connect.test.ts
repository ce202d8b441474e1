/**
 * `connect` through the real CLI against both sandboxes: an unknown connection name is refused
 * unless --new, the credentials are tested before anything is stored (a failure names the system
 * and check, exit 3), one setting changes without re-entering the secret; and `--version`.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';

let hubspot: HubSpotSandbox;
let qad: QadSandbox;
let dir: string;

beforeAll(async () => {
  hubspot = await startHubSpotSandbox();
  qad = await startQadSandbox({ seed: 3, accounts: 3, items: 3 });
  dir = await mkdtemp(path.join(tmpdir(), 'mlc-connect-'));
});
afterAll(async () => {
  await hubspot.close();
  await qad.close();
});

async function cli(
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ml-connector', ...args], {
    env: {},
    cwd: dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    logDestination: { write: () => true },
  });
  return { code, stdout, stderr };
}

const yaml = (): Promise<string> => readFile(path.join(dir, 'ml-connector.yaml'), 'utf8');

describe('connect that checks', () => {
  it('prints the version', async () => {
    const pkg = JSON.parse(
      await readFile(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as {
      version: string;
    };
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('refuses an unknown connection unless --new, tests the credentials, keeps a secret while a setting changes', async () => {
    expect((await cli(['init'])).code).toBe(0);
    const typo = await cli(['connect', 'hubspot', '--connection', 'acmee', '--token-stdin'], hubspot.token);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('error[CONFIG_UNKNOWN_CONNECTION]: unknown connection "acmee"');
    expect(await yaml()).not.toContain('acmee');

    // point the config at the sandboxes
    const qadArgs = [
      'connect',
      'qad',
      '--base-url',
      qad.url,
      '--client-id',
      qad.clientId,
      '--username',
      qad.username,
    ];
    const wrongPassword = await cli([...qadArgs, '--password-stdin'], 'not-the-password');
    expect(wrongPassword.code).toBe(3);
    expect(wrongPassword.stderr).toMatch(/error\[QAD_AUTH_INVALID\]: qad login: .*nothing was stored/);
    expect(await yaml()).not.toContain(qad.url);
    const goodQad = await cli([...qadArgs, '--password-stdin'], qad.password);
    expect(goodQad.stderr).toMatch(/ok {3}qad login/);
    expect(goodQad.code).toBe(0);

    const hsArgs = ['connect', 'hubspot', '--base-url', hubspot.url, '--hub-id', String(hubspot.portalId)];
    const badToken = await cli([...hsArgs, '--token-stdin'], 'pat-na1-00000000-wrong');
    expect(badToken.code).toBe(3);
    expect(badToken.stderr).toContain('error[HUBSPOT_AUTH_INVALID]: hubspot token');
    expect(badToken.stdout + badToken.stderr).not.toContain('pat-na1-00000000-wrong');
    const good = await cli([...hsArgs, '--token-stdin'], hubspot.token);
    expect(good.code).toBe(0);

    // one setting alone: no secret asked for; the check uses the stored token and names the portal
    const wrongHub = await cli(['connect', 'hubspot', '--hub-id', '99999']);
    expect(wrongHub.code).toBe(3);
    expect(wrongHub.stderr).toMatch(/hubspot portal: .*99999/);
    const unchecked = await cli(['connect', 'hubspot', '--hub-id', '99999', '--no-check']);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain('the stored hubspot.token is kept');
    expect(await yaml()).toContain('hubId: 99999');
    const back = await cli(['connect', 'hubspot', '--hub-id', String(hubspot.portalId)]);
    expect(back.code).toBe(0);
    expect((await cli(['ping'])).code).toBe(0);

    const added = await cli(
      ['connect', 'hubspot', '--connection', 'beta', '--new', '--no-check', '--token-stdin'],
      hubspot.token,
    );
    expect(added.code).toBe(0);
    expect(await yaml()).toContain('name: beta');
    await writeFile(path.join(dir, 'unused'), '');
  }, 60_000);
});
