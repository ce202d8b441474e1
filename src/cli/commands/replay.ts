/**
 * `ml-connector replay --failed | <key> [--connection N] [--json]`: re-sends failed records from
 * their stored snapshots (audit action `replayed`). Exit 1 when some still fail.
 */
import type { Command } from 'commander';
import { buildRuntime, selectConnections } from '../../app/runtime.js';
import { ConnectorError, EXIT } from '../../core/errors.js';
import { replayFailed } from '../../flows/replay.js';
import type { CliContext } from '../context.js';

export function registerReplayCommand(program: Command, ctx: CliContext): void {
  program
    .command('replay')
    .description('Re-send failed records from their stored snapshot (all failed, or one key).')
    .argument('[key]', 'source key to replay')
    .option('--failed', 'replay every failed record')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'print JSON')
    .action(
      async (key: string | undefined, opts: { failed?: boolean; connection?: string; json?: boolean }) => {
        if ((key === undefined) === (opts.failed !== true)) {
          throw new ConnectorError('USAGE', 'pass either a key or --failed');
        }
        const app = await ctx.openApp();
        const out: {
          connection: string;
          flow: string;
          outcome: string;
          replayed: number;
          failed: number;
          skipped: number;
        }[] = [];
        for (const connection of selectConnections(app, opts.connection)) {
          const rt = await buildRuntime(app, connection.name);
          const results = await replayFailed(rt, key !== undefined ? { keys: [key] } : {});
          for (const r of results) {
            out.push({
              connection: connection.name,
              flow: r.flow,
              outcome: r.outcome,
              replayed: r.counts.updated,
              failed: r.counts.failed,
              skipped: r.counts.skipped,
            });
            if (r.counts.failed > 0) ctx.setExitCode(EXIT.partial);
            if (r.outcome === 'failed' && r.error && opts.json !== true)
              ctx.err(`error[${r.error.code}]: ${r.error.message}`);
            if (r.outcome === 'failed') ctx.setExitCode(EXIT.partial);
          }
        }
        if (opts.json === true) {
          ctx.deps.stdout.write(`${JSON.stringify({ results: out })}\n`);
          return;
        }
        if (out.length === 0) ctx.out('nothing to replay');
        for (const r of out) {
          ctx.out(
            `${r.connection} ${r.flow}: ${r.outcome} — replayed ${r.replayed}, still failing ${r.failed}, not replayable ${r.skipped}`,
          );
        }
      },
    );
}
