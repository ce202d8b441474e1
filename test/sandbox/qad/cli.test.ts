import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const SCRIPT = `
import { Command } from 'commander';
import { registerQadSandboxCommand } from './src/cli/commands/sandbox-qad.ts';
const program = new Command('ml-connector');
registerQadSandboxCommand(program.command('sandbox'));
await program.parseAsync(['node', 'ml-connector', 'sandbox', 'qad', '--seed', '3', '--accounts', '10', '--items', '5']);
`;

describe('ml-connector sandbox qad', () => {
  it('prints the base URL and credentials, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('control:')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early (${code ?? 'signal'}): ${out}`)));
    });
    await ready;
    const url = /listening on (\S+)/.exec(out)?.[1] ?? '';
    const clientId = /client id: (\S+)/.exec(out)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clouderp$/);
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: clientId,
        grant_type: 'password',
        username: 'integration',
        password: 'integration-pw',
      }),
    });
    expect(token.status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    expect(out).toContain('QAD sandbox stopped.');
  });
});
