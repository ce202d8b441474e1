/** `ml-connector audit <key> [--connection N] [--json]`: the whole history of one record across runs. */
import type { Command } from 'commander';
import { ConnectorError } from '../../core/errors.js';
import type { CliContext } from '../context.js';

export function registerAuditCommand(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('Show every recorded attempt for one source key (e.g. 10USA/BR0000013), oldest first.')
    .argument('<key>', 'source key: account/contact/item key, or a deal id for orders')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'print JSON')
    .action(async (key: string, opts: { connection?: string; json?: boolean }) => {
      const app = await ctx.openApp();
      if (opts.connection !== undefined) app.connection(opts.connection);
      const events = await app.store.auditHistory(
        key,
        opts.connection ? { connection: opts.connection } : {},
      );
      if (events.length === 0) {
        throw new ConnectorError(
          'KEY_UNKNOWN',
          `no audit history for "${key}"${opts.connection ? ` in connection ${opts.connection}` : ''}`,
        );
      }
      if (opts.json === true) {
        ctx.jsonLine({ key, events });
        return;
      }
      for (const e of events) {
        ctx.out(
          `${new Date(e.atMs).toISOString()}  ${e.connection}/${e.flow}  ${e.action.padEnd(11)} ${e.targetId ?? '-'}  run ${e.runId ?? '-'}${e.error ? `  error[${e.error.code}]: ${e.error.message}` : ''}`,
        );
        if (e.payload) ctx.out(`    payload ${e.payloadHash ?? ''} ${JSON.stringify(e.payload)}`);
        if (e.detail) ctx.out(`    detail ${JSON.stringify(e.detail)}`);
      }
    });
}
