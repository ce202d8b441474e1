/** `ml-connector ping [--connection NAME] [--json]`: tests real credentials before anything moves. */
import type { Command } from 'commander';
import { pingConnection, type ConnectionCheck } from '../../app/ping.js';
import { selectConnections } from '../../app/runtime.js';
import { EXIT } from '../../core/errors.js';
import type { CliContext } from '../context.js';

export function registerPingCommand(program: Command, ctx: CliContext): void {
  program
    .command('ping')
    .description(
      'Check HubSpot (token, Hub ID, scopes, API version) and QAD (login, permission, browses); exit 3 on any failure.',
    )
    .option('--connection <name>', 'only this connection')
    .option('--json', 'machine-readable output')
    .action(async (opts: { connection?: string; json?: boolean }) => {
      const app = await ctx.openApp({ logLevel: 'warn' });
      const checks: ConnectionCheck[] = [];
      for (const connection of selectConnections(app, opts.connection)) {
        checks.push(...(await pingConnection(app, connection.name)));
      }
      const ok = checks.every((c) => c.ok);
      if (!ok) ctx.setExitCode(EXIT.auth);
      if (opts.json) {
        ctx.json({ ok, checks });
        return;
      }
      for (const c of checks) {
        ctx.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.connection} ${c.system} ${c.check}: ${c.detail}`);
      }
    });
}
