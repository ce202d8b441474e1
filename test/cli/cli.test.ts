import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, type CliDeps } from '../../src/cli/program.js';
import { readKeyFile } from '../../src/vault/index.js';

const TOKEN = 'pat-na1-77777777-8888-9999-aaaa-bbbbbbbbbbbb';
const PASSWORD = 'qad-Pa55word-do-not-print';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
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

async function cli(
  dir: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  const stdout = sink();
  const stderr = sink();
  const logs = sink();
  const deps: Partial<CliDeps> = {
    env: { ...options.env },
    cwd: dir,
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    logDestination: logs,
  };
  const code = await runCli(['node', 'ml-connector', ...args], deps);
  return { code, stdout: stdout.text(), stderr: stderr.text() + logs.text() };
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'mlc-cli-'));
}

describe('ml-connector CLI', () => {
  it('prints help listing the commands', async () => {
    const run = await cli(await tempDir(), ['--help']);
    expect(run.code).toBe(0);
    for (const command of ['init', 'connect', 'config', 'keys', '--config'])
      expect(run.stdout).toContain(command);
  });

  it('exits 2 on unknown commands and options', async () => {
    expect((await cli(await tempDir(), ['frobnicate'])).code).toBe(2);
    expect((await cli(await tempDir(), ['init', '--nope'])).code).toBe(2);
  });

  it('init writes a valid commented config and a 0600 key file, and refuses to overwrite', async () => {
    const dir = await tempDir();
    const first = await cli(dir, ['init']);
    expect(first.code).toBe(0);
    const yaml = await readFile(path.join(dir, 'ml-connector.yaml'), 'utf8');
    expect(yaml).toMatch(/^# ml-connector configuration/);
    const keyFile = path.join(dir, '.ml-connector', 'master.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const keyId = (await readKeyFile(keyFile)).id;

    const again = await cli(dir, ['init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error\[USAGE\]: .*already exists; pass --force/m);

    await writeFile(path.join(dir, 'ml-connector.yaml'), 'store: ./x.db\n');
    const forced = await cli(dir, ['init', '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(path.join(dir, 'ml-connector.yaml'), 'utf8')).toBe(yaml);
    expect((await readKeyFile(keyFile)).id).toBe(keyId); // the key is never replaced
    expect(forced.stdout).toContain('kept existing key file');
  });

  it('connect stores secrets encrypted, references them from the YAML keeping comments, and never echoes them', async () => {
    const dir = await tempDir();
    await cli(dir, ['init']);
    const hub = await cli(
      dir,
      ['connect', 'hubspot', '--no-check', '--token-stdin', '--hub-id', '424242', '--api-version', '2026-09'],
      {
        stdin: `${TOKEN}\n`,
      },
    );
    expect(hub.code).toBe(0);
    const qad = await cli(
      dir,
      [
        'connect',
        'qad',
        '--no-check',
        '--connection',
        'acme',
        '--password-stdin',
        '--base-url',
        'http://127.0.0.1:8080/clouderp',
        '--domain',
        '20EU',
      ],
      { stdin: PASSWORD },
    );
    expect(qad.code).toBe(0);
    const yaml = await readFile(path.join(dir, 'ml-connector.yaml'), 'utf8');
    expect(yaml).toContain('hubId: 424242 # the portal the token must belong to');
    expect(yaml).toContain('token: vault:hubspot.token');
    expect(yaml).toContain('password: vault:qad.password');
    expect(yaml).toContain("apiVersion: '2026-09'");
    expect(yaml).toContain('domain: 20EU');
    expect(yaml).toContain('# Secrets are never written here');

    const check = await cli(dir, ['config', 'check', '--json']);
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as {
      ok: boolean;
      secrets: { ok: boolean }[];
      config: { store: string };
    };
    expect(report.ok).toBe(true);
    expect(report.secrets).toHaveLength(2);
    expect(report.config.store).toBe(path.join(dir, 'ml-connector.db'));

    const human = await cli(dir, ['config', 'check']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('acme.hubspot.token: vault:hubspot.token ok');

    for (const run of [hub, qad, check, human]) {
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    }
    for (const name of await readdir(dir)) {
      if (name.startsWith('ml-connector')) {
        const bytes = await readFile(path.join(dir, name));
        expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
      }
    }
  });

  it('connect without a secret on a non-terminal is a usage error; a bad URL is named', async () => {
    const dir = await tempDir();
    await cli(dir, ['init']);
    const none = await cli(dir, ['connect', 'hubspot']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error[USAGE]: HubSpot token is required');
    const badUrl = await cli(
      dir,
      ['connect', 'qad', '--base-url', 'http://u:pw@qad.example.com', '--password-stdin'],
      {
        stdin: PASSWORD,
      },
    );
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('error[QAD_URL_INVALID]: --base-url: must not embed credentials');
    expect(badUrl.stderr).not.toContain('pw@');
  });

  it('keys rotate re-wraps the stored secrets and config check still resolves them', async () => {
    const dir = await tempDir();
    await cli(dir, ['init']);
    await cli(dir, ['connect', 'hubspot', '--no-check', '--token-stdin'], { stdin: TOKEN });
    const rotate = await cli(dir, ['keys', 'rotate']);
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toMatch(/rotated 1 secret\(s\): master key [0-9a-f]{16} → [0-9a-f]{16}/);
    expect((await readdir(path.join(dir, '.ml-connector'))).some((n) => n.endsWith('.retired'))).toBe(true);
    const check = await cli(dir, ['config', 'check', '--json']);
    const report = JSON.parse(check.stdout) as { secrets: { path: string; ok: boolean }[] };
    expect(report.secrets.find((s) => s.path === 'hubspot.token')?.ok).toBe(true);
    expect(report.secrets.find((s) => s.path === 'qad.password')?.ok).toBe(false); // never stored
    expect(check.code).toBe(2);
  });

  it('config errors exit 2 with a path-qualified message and never print an inline secret', async () => {
    const dir = await tempDir();
    await cli(dir, ['init']);
    const file = path.join(dir, 'ml-connector.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace('token: vault:hubspot.token', `token: ${TOKEN}`));
    const run = await cli(dir, ['config', 'check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error\[CONFIG_INVALID\]: .*connections\[0\]\.hubspot\.token: must be a secret reference/m,
    );
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('finds the config through --config and ML_CONNECTOR_CONFIG, and reports a missing one', async () => {
    const dir = await tempDir();
    const missing = await cli(dir, ['config', 'check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[CONFIG_NOT_FOUND]');
    expect((await cli(dir, ['--config', 'sub/a.yaml', 'init'])).code).toBe(0);
    expect(
      (await cli(dir, ['config', 'check'], { env: { ML_CONNECTOR_CONFIG: 'sub/a.yaml' } })).stdout,
    ).toContain(path.join(dir, 'sub', 'a.yaml'));
    expect((await cli(dir, ['-c', 'sub/a.yaml', 'config', 'check'])).stdout).toContain('valid');
  });
});
