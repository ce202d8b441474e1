/** Reading a secret for `connect`: a flag, stdin (`--*-stdin`), or a hidden prompt on a TTY. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ConfigError } from '../core/errors.js';
import type { CliContext } from './context.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on the terminal without echoing what is typed. */
async function promptHidden(ctx: CliContext, label: string): Promise<string> {
  ctx.deps.stderr.write(label);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: ctx.deps.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    ctx.deps.stderr.write('\n');
  }
}

/**
 * The secret from `flagValue`, else stdin when `fromStdin`, else a hidden prompt when stdin is a
 * TTY. Never echoed. USAGE error when none applies or the value is empty.
 */
export async function readSecretInput(
  ctx: CliContext,
  options: { flagValue: string | undefined; fromStdin: boolean; what: string; flags: string },
): Promise<string> {
  let value: string;
  if (options.flagValue !== undefined) value = options.flagValue;
  else if (options.fromStdin) value = (await readAll(ctx.deps.stdin)).replace(/\r?\n$/, '');
  else if (ctx.deps.stdin.isTTY) value = await promptHidden(ctx, `${options.what}: `);
  else throw new ConfigError('USAGE', `${options.what} is required: pass ${options.flags}`);
  if (value.trim() === '') throw new ConfigError('USAGE', `${options.what} is empty`);
  ctx.secrets.add(value);
  return value;
}
