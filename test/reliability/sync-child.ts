/**
 * Entry of the crash suite's child process: the real CLI program (src/cli) with `sync` registered,
 * run as its own OS process so it can be SIGKILLed. Arguments are the CLI's (`--config X sync`).
 */
import { buildProgram, runProgram } from '../../src/cli/program.js';
import { registerSyncCommand } from '../../src/cli/commands/sync.js';
import { readProcessEnv } from '../../src/config/index.js';

const { program, ctx } = buildProgram({
  env: readProcessEnv(),
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
if (!program.commands.some((c) => c.name() === 'sync')) registerSyncCommand(program, ctx);
process.exitCode = await runProgram(program, ctx, process.argv);
