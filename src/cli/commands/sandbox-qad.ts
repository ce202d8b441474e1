/**
 * `ml-connector sandbox qad`: runs the local QAD tenant sandbox (REST under /clouderp and QXtend
 * SOAP) until SIGINT/SIGTERM, printing its base URL and its local, throw-away credentials.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { startQadSandbox } from '../../../sandbox/qad/index.js';
import { untilStopSignal } from '../stop-signal.js';

function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** Adds the `qad` subcommand to the parent `sandbox` command. */
export function registerQadSandboxCommand(sandboxCommand: Command): void {
  sandboxCommand
    .command('qad')
    .description('Run a local QAD tenant sandbox (REST + QXtend, in memory) until interrupted.')
    .option('--port <n>', 'port to listen on (0 = any free port)', intArg, 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'data seed', intArg, 1)
    .option('--accounts <n>', 'generated accounts (business relations)', intArg, 50)
    .option('--items <n>', 'generated items', intArg, 20)
    .option('--orders <n>', 'generated EDI/phone sales orders, with their shipments and invoices', intArg, 0)
    .action(
      async (opts: {
        port: number;
        host: string;
        seed: number;
        accounts: number;
        items: number;
        orders: number;
      }) => {
        const sandbox = await startQadSandbox({
          port: opts.port,
          host: opts.host,
          seed: opts.seed,
          accounts: opts.accounts,
          items: opts.items,
          orders: opts.orders,
        });
        console.log(`QAD sandbox listening on ${sandbox.url}`);
        console.log(`  client id: ${sandbox.clientId}`);
        console.log(`  username:  ${sandbox.username}`);
        console.log(`  password:  ${sandbox.password}   (local sandbox credential)`);
        console.log(`  QXtend:    ${sandbox.qxtendUrl} (receiver QADERP)`);
        console.log(`  control:   ${sandbox.origin}/_sandbox/stats (see sandbox/qad/README.md)`);
        await untilStopSignal();
        await sandbox.close();
        console.log('QAD sandbox stopped.');
      },
    );
}
