/**
 * `ml-connector ping` through the real CLI against both sandboxes: it passes on good
 * credentials and names the system and the failed check for each kind of bad one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';

let hubspot: HubSpotSandbox;
let qad: QadSandbox;
let dir: string;

beforeAll(async () => {
  hubspot = await startHubSpotSandbox();
  qad = await startQadSandbox({ seed: 3, accounts: 5, items: 5 });
  dir = await mkdtemp(path.join(tmpdir(), 'mlc-ping-'));
});

afterAll(async () => {
  await hubspot.close();
  await qad.close();
  await rm(dir, { recursive: true, force: true });
});

interface Variant {
  hubId?: number;
  qadBaseUrl?: string;
  env?: Record<string, string>;
}

async function ping(variant: Variant = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const configPath = path.join(dir, `ping-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    configPath,
    [
      `store: ${path.join(dir, 'state.db')}`,
      'connections:',
      '  - name: acme',
      `    hubspot: { hubId: ${variant.hubId ?? hubspot.portalId}, token: env:HS_TOKEN, baseUrl: '${hubspot.url}' }`,
      `    qad: { baseUrl: '${variant.qadBaseUrl ?? qad.url}', clientId: '${qad.clientId}', username: ${qad.username}, password: env:QAD_PASSWORD, domain: 10USA, entity: 10USACO }`,
      '',
    ].join('\n'),
  );
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'ml-connector', '--config', configPath, 'ping'], {
    env: { HS_TOKEN: hubspot.token, QAD_PASSWORD: qad.password, ...variant.env },
    cwd: dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

function failedLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('FAIL'));
}

describe('ml-connector ping', () => {
  it('passes against both sandboxes with one ok line per check', async () => {
    const { code, stdout } = await ping();
    expect(failedLines(stdout)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok {3}acme hubspot token/);
    expect(stdout).toMatch(/ok {3}acme hubspot scopes/);
    expect(stdout).toMatch(/ok {3}acme qad login/);
    expect(stdout).toMatch(/ok {3}acme qad browse:customer/);
  });

  it('names a rejected HubSpot token and exits 3', async () => {
    const { code, stdout } = await ping({ env: { HS_TOKEN: 'pat-na1-00000000-wrong' } });
    expect(code).toBe(3);
    expect(failedLines(stdout).join('\n')).toMatch(/hubspot token: HubSpot rejected the token/);
    expect(stdout).not.toContain('pat-na1-00000000-wrong');
  });

  it('names a Hub ID that is not the token’s portal', async () => {
    const { code, stdout } = await ping({ hubId: 99999 });
    expect(code).toBe(3);
    expect(failedLines(stdout).join('\n')).toMatch(/hubspot portal: .*99999/);
  });

  it('names each missing scope', async () => {
    const res = await fetch(`${hubspot.url}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['crm.objects.companies.read', 'crm.objects.companies.write'] }),
    });
    const { token } = (await res.json()) as { token: string };
    const { code, stdout } = await ping({ env: { HS_TOKEN: token } });
    expect(code).toBe(3);
    const scopes = failedLines(stdout).join('\n');
    expect(scopes).toMatch(/hubspot scopes: .*crm\.objects\.deals\.write/);
    expect(scopes).toMatch(/crm\.objects\.contacts\.read/);
  });

  it('names a QAD login rejected for a wrong password', async () => {
    const { code, stdout } = await ping({ env: { QAD_PASSWORD: 'not-the-password' } });
    expect(code).toBe(3);
    const failed = failedLines(stdout).join('\n');
    expect(failed).toMatch(/qad login: .*integration/);
    expect(failed).not.toContain('not-the-password');
  });

  it('names the host of a wrong tenant URL', async () => {
    const wrongTenant = `${qad.origin}/no-such-tenant`;
    const { code, stdout } = await ping({ qadBaseUrl: wrongTenant });
    expect(code).toBe(3);
    expect(failedLines(stdout).join('\n')).toMatch(new RegExp(`qad login: .*${new URL(qad.origin).host}`));
  });
});
