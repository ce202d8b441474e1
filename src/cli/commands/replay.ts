/**
 * `ml-connector replay --failed | <key> [--connection N] [--json]`: re-sends failed records —
 * master data from their stored snapshots (audit action `replayed`), quarantined records by
 * re-reading QAD, and orders by re-validating and re-submitting the deal (exactly once: the PO
 * guard holds). The same replay the dashboard uses. Exit 1 when some still fail.
 */
import type { Command } from 'commander';
import { replayConnection, type ReplayResult } from '../../app/replay.js';
import { buildRuntime, selectConnections } from '../../app/runtime.js';
import { ConnectorError, EXIT } from '../../core/errors.js';
import { defaultFlowRegistry } from '../../flows/index.js';
import type { CliContext } from '../context.js';

export function registerReplayCommand(program: Command, ctx: CliContext): void {
  program
    .command('replay')
    .description(
      'Re-send failed records: every failed one (--failed), or one key in whichever flow holds it.',
    )
    .argument('[key]', 'source key to replay (e.g. 10USA/BR0000005, or a deal id for orders)')
    .option('--failed', 'replay every failed record')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'print JSON')
    .action(
      async (key: string | undefined, opts: { failed?: boolean; connection?: string; json?: boolean }) => {
        if ((key === undefined) === (opts.failed !== true)) {
          throw new ConnectorError('USAGE', 'pass either a key or --failed');
        }
        const app = await ctx.openApp();
        if (opts.connection !== undefined) app.connection(opts.connection);
        if (key !== undefined) {
          const known = await app.store.auditHistory(
            key,
            opts.connection ? { connection: opts.connection } : {},
          );
          if (known.length === 0) {
            throw new ConnectorError('KEY_UNKNOWN', `"${key}" is not in the ledger: nothing to replay`);
          }
        }
        const registry = defaultFlowRegistry();
        const results: ({ connection: string } & ReplayResult)[] = [];
        for (const connection of selectConnections(app, opts.connection)) {
          const rt = await buildRuntime(app, connection.name);
          const result = await replayConnection(
            rt,
            registry,
            key === undefined ? { failed: true } : { sourceKey: key },
          );
          results.push({ connection: connection.name, ...result });
          if (result.failed > 0) ctx.setExitCode(EXIT.partial);
        }
        if (opts.json === true) {
          ctx.json({ results });
          return;
        }
        const total = results.reduce((n, r) => n + r.replayed, 0);
        if (total === 0) ctx.out(key === undefined ? 'nothing to replay' : `nothing to replay for ${key}`);
        for (const r of results.filter((x) => x.replayed > 0)) {
          ctx.out(`${r.connection}: replayed ${r.replayed} — now ok ${r.ok}, still failing ${r.failed}`);
        }
      },
    );
}
