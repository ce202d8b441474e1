/**
 * The command tree. `buildProgram(deps)` returns the commander program and the context; each
 * command lives in its own file under src/cli/commands/ and registers itself through a small
 * `register*Command(program, ctx)` function — add new ones to `registerAll` below.
 */
import { Command, CommanderError } from 'commander';
import { readProcessEnv } from '../config/index.js';
import { EXIT, exitCodeFor, isConnectorError, toConnectorError } from '../core/errors.js';
import { packageVersion } from './version.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerConfigCommand } from './commands/config.js';
import { registerConnectCommand } from './commands/connect.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerInitCommand } from './commands/init.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerLinkCommands } from './commands/link.js';
import { registerPingCommand } from './commands/ping.js';
import { registerHoldCommands } from './commands/hold.js';
import { registerHubSpotSandboxCommand } from './commands/sandbox-hubspot.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerRunCommand } from './commands/run.js';
import { registerQadSandboxCommand } from './commands/sandbox-qad.js';
import { registerStatusCommand } from './commands/status.js';
import { registerSyncCommand } from './commands/sync.js';
import { createCliContext, runCleanups, type CliContext, type CliDeps } from './context.js';

export type { CliContext, CliDeps } from './context.js';

/** Registers every command; the order is the order of `--help`. */
function registerAll(program: Command, ctx: CliContext): void {
  registerInitCommand(program, ctx);
  registerConnectCommand(program, ctx);
  registerConfigCommand(program, ctx);
  registerPingCommand(program, ctx);
  registerSyncCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerAuditCommand(program, ctx);
  registerReplayCommand(program, ctx);
  registerLinkCommands(program, ctx);
  registerHoldCommands(program, ctx);
  registerRunCommand(program, ctx);
  registerKeysCommand(program, ctx);
  registerDemoCommand(program, ctx);
  const sandbox = program.command('sandbox').description('Run local vendor sandboxes for trials and tests.');
  registerHubSpotSandboxCommand(sandbox);
  registerQadSandboxCommand(sandbox);
}

/** Builds the program with injected I/O; commands print through `ctx` so output is redacted. */
export function buildProgram(deps: CliDeps): { program: Command; ctx: CliContext } {
  const program: Command = new Command('ml-connector');
  const ctx = createCliContext(deps, () => program);
  program
    .description(
      'Keeps a QAD ERP and a HubSpot CRM in agreement: accounts, contacts, catalog and closed-won orders.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-c, --config <path>', 'config file (default: $ML_CONNECTOR_CONFIG or ./ml-connector.yaml)')
    .option('-v, --verbose', 'on a terminal: show info log lines too (default: warnings and errors)')
    .option(
      '--log-format <format>',
      "log lines on stderr: 'human' (one readable line each) or 'json' (default: human on a terminal, json otherwise)",
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void deps.stdout.write(text),
      writeErr: (text) => void deps.stderr.write(text),
    });
  registerAll(program, ctx);
  for (const command of program.commands) applyParentSettings(command);
  return { program, ctx };
}

function applyParentSettings(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyParentSettings(sub);
}

function defaultDeps(): CliDeps {
  return {
    env: readProcessEnv(),
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  };
}

/**
 * Runs one command line (`argv` as in process.argv) and returns the exit code (EXIT_CODES in
 * src/core/errors.ts). Errors print as `error[CODE]: message` on stderr, secrets redacted; with
 * `--json` also as `{"error":{"code","message"}}` on stdout.
 */
export async function runCli(argv: readonly string[], deps: Partial<CliDeps> = {}): Promise<number> {
  const { program, ctx } = buildProgram({ ...defaultDeps(), ...deps });
  return runProgram(program, ctx, argv);
}

/** True when the command line asks for JSON output (decided before parsing, so usage errors answer JSON too). */
function wantsJson(argv: readonly string[]): boolean {
  return argv.slice(2).includes('--json');
}

/** The one JSON shape of an error on stdout. */
function printJsonError(ctx: CliContext, code: string, message: string): void {
  ctx.deps.stdout.write(`${JSON.stringify(ctx.secrets.redact({ error: { code, message } }))}\n`);
}

/** Parses and runs `argv` on a built program (tests and wrappers that add commands use this). */
export async function runProgram(
  program: Command,
  ctx: CliContext,
  argv: readonly string[],
): Promise<number> {
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      if (wantsJson(argv)) printJsonError(ctx, 'USAGE', error.message.replace(/^error: /, ''));
      return EXIT.usage;
    }
    const e = isConnectorError(error) ? error : toConnectorError(error);
    ctx.err(`error[${e.code}]: ${e.message}`);
    if (wantsJson(argv) && !ctx.printedJson) printJsonError(ctx, e.code, e.message);
    return Math.max(ctx.exitCode, exitCodeFor(e));
  } finally {
    await runCleanups(ctx);
  }
}
