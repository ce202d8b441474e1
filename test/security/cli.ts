/**
 * Runs the real CLI (in process) on a config written to a temp folder, for the security tests:
 * each test states the hostile peer (a real local HTTP server) and reads what the CLI answered.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliFolder {
  dir: string;
  configPath: string;
  /** Writes the config file (lines joined with newlines). */
  writeConfig(lines: string[]): Promise<void>;
  /** Runs `ml-connector --config <file> …args` with this environment. */
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

/** A temp folder with a config file and an in-process CLI bound to it. */
export async function cliFolder(prefix = 'mlc-sec-'): Promise<CliFolder> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const configPath = path.join(dir, 'ml-connector.yaml');
  return {
    dir,
    configPath,
    writeConfig: (lines) => writeFile(configPath, `${lines.join('\n')}\n`),
    async cli(args, env = {}) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['node', 'ml-connector', '--config', configPath, ...args], {
        env,
        cwd: dir,
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        logDestination: { write: (line: string) => void (stderr += line) },
      });
      return { code, stdout, stderr };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The config lines of one connection `acme` (secrets by env reference: HS_TOKEN, QAD_PASSWORD). */
export function connectionYaml(o: {
  hubId: number;
  hubspotUrl: string;
  qadUrl: string;
  clientId: string;
  username: string;
  extraQad?: string[];
}): string[] {
  return [
    'connections:',
    '  - name: acme',
    `    hubspot: { hubId: ${o.hubId}, token: env:HS_TOKEN, baseUrl: '${o.hubspotUrl}' }`,
    '    qad:',
    `      baseUrl: '${o.qadUrl}'`,
    `      clientId: '${o.clientId}'`,
    `      username: ${o.username}`,
    '      password: env:QAD_PASSWORD',
    '      domain: 10USA',
    '      entity: 10USACO',
    ...(o.extraQad ?? []).map((l) => `      ${l}`),
  ];
}
