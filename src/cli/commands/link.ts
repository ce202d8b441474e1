/**
 * `ml-connector link <source key> <hubspot id>` and `unlink <source key>`: settle an ambiguous or
 * wrong match by hand (flows/link.ts). Both audited; `link` refuses a HubSpot record that is
 * linked to, or carries, another key.
 */
import type { Command } from 'commander';
import { buildRuntime, selectConnections } from '../../app/runtime.js';
import { ConnectorError, EXIT } from '../../core/errors.js';
import { linkRecord, unlinkRecord } from '../../flows/link.js';
import type { CliContext } from '../context.js';

interface LinkOptions {
  connection?: string;
  flow?: string;
  json?: boolean;
}

async function runtimeFor(ctx: CliContext, connection: string | undefined) {
  const app = await ctx.openApp();
  const selected = selectConnections(app, connection);
  if (selected.length !== 1 || selected[0] === undefined)
    throw new ConnectorError('USAGE', 'the config has several connections: pass --connection');
  return buildRuntime(app, selected[0].name);
}

export function registerLinkCommands(program: Command, ctx: CliContext): void {
  program
    .command('link')
    .description('Link a QAD record to an existing HubSpot record by hand (settles an ambiguous match).')
    .argument('<sourceKey>', 'source key, e.g. 10USA/BR0000005')
    .argument('<hubspotId>', 'id of the HubSpot company, contact or product')
    .option('--connection <name>', 'the connection (needed when the config has several)')
    .option('--flow <flow>', 'accounts, contacts or catalog (needed when the key does not tell)')
    .option('--json', 'print JSON')
    .action(async (sourceKey: string, hubspotId: string, opts: LinkOptions) => {
      const rt = await runtimeFor(ctx, opts.connection);
      const result = await linkRecord(rt, {
        sourceKey,
        targetId: hubspotId,
        ...(opts.flow === undefined ? {} : { flow: opts.flow }),
      });
      if (result.associationError) ctx.setExitCode(EXIT.partial);
      if (opts.json === true) ctx.json(result);
      else {
        ctx.out(
          `linked ${result.flow} ${sourceKey} → HubSpot ${hubspotId}${result.previousTargetId ? ` (was ${result.previousTargetId})` : ''}; wrote ${result.written.join(', ')}`,
        );
        if (result.associatedCompanyId)
          ctx.out(`associated to company ${result.associatedCompanyId} as its primary company`);
        if (result.associationError)
          ctx.out(
            `NOT associated to its company: ${result.associationError.message} — the link is kept as failed and the next sync retries the association`,
          );
      }
    });
  program
    .command('unlink')
    .description('Remove the link of a QAD record (and its key from the HubSpot record).')
    .argument('<sourceKey>', 'source key, e.g. 10USA/BR0000005')
    .option('--connection <name>', 'the connection (needed when the config has several)')
    .option('--flow <flow>', 'accounts, contacts or catalog (needed when the key does not tell)')
    .option('--json', 'print JSON')
    .action(async (sourceKey: string, opts: LinkOptions) => {
      const rt = await runtimeFor(ctx, opts.connection);
      const result = await unlinkRecord(rt, {
        sourceKey,
        ...(opts.flow === undefined ? {} : { flow: opts.flow }),
      });
      if (opts.json === true) ctx.json(result);
      else
        ctx.out(
          `unlinked ${result.flow} ${sourceKey}${result.targetId ? ` from HubSpot ${result.targetId}` : ''}`,
        );
    });
}
