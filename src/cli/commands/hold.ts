/**
 * `ml-connector resolve <key> --reason …` and `ml-connector exclude <key> --reason …` (with `--lift`
 * to take the hold off again): an operator's decision on one record that needs attention, audited
 * with who and why. `--flow` and `--connection` narrow which record is meant; a key held in
 * several flows must be narrowed. The engine lifts a hold by itself when the record changes.
 */
import type { Command } from 'commander';
import { holdRecord, releaseRecord } from '../../app/record-holds.js';
import { selectConnections } from '../../app/runtime.js';
import { ConnectorError } from '../../core/errors.js';
import { FLOW_IDS, type FlowId, type HoldKind } from '../../core/store-port.js';
import type { CliContext } from '../context.js';

interface HoldOptions {
  reason?: string;
  flow?: string;
  connection?: string;
  lift?: boolean;
  json?: boolean;
}

const VERB: Record<HoldKind, { command: string; help: string; done: string }> = {
  resolved: {
    command: 'resolve',
    help: 'Mark a failing record as handled (hidden from the error queue, not re-attempted) until its source changes.',
    done: 'resolved',
  },
  excluded: {
    command: 'exclude',
    help: 'Never sync a failing record until its source changes (not re-attempted, not counted as failing).',
    done: 'excluded',
  },
};

export function registerHoldCommands(program: Command, ctx: CliContext): void {
  for (const kind of ['resolved', 'excluded'] as const) {
    const verb = VERB[kind];
    program
      .command(verb.command)
      .description(verb.help)
      .argument('<key>', 'source key (e.g. 10USA/BR0000005, or a deal id for orders)')
      .option('--reason <text>', 'why (required; kept in the audit history)')
      .option('--flow <flow>', `the record's flow (${FLOW_IDS.join(', ')})`)
      .option('--connection <name>', 'the connection')
      .option('--lift', `take the hold off again instead of setting it`)
      .option('--json', 'print JSON')
      .action(async (key: string, opts: HoldOptions) => {
        if (opts.reason === undefined || opts.reason.trim() === '') {
          throw new ConnectorError('USAGE', `${verb.command}: --reason is required`);
        }
        if (opts.flow !== undefined && !(FLOW_IDS as readonly string[]).includes(opts.flow)) {
          throw new ConnectorError('USAGE', `${verb.command}: unknown flow ${opts.flow}`);
        }
        const app = await ctx.openApp();
        const actor = `cli:${ctx.deps.env['USER'] ?? ctx.deps.env['LOGNAME'] ?? 'unknown'}`;
        const flows: readonly FlowId[] = opts.flow ? [opts.flow as FlowId] : FLOW_IDS;
        const targets: { connection: string; flow: FlowId }[] = [];
        for (const connection of selectConnections(app, opts.connection)) {
          for (const flow of flows) {
            const link = (await app.store.getLinks(connection.name, flow, [key])).get(key);
            const held = (await app.store.getHolds(connection.name, flow, [key])).has(key);
            if (opts.lift === true ? held : link !== undefined && link.state !== 'ok') {
              targets.push({ connection: connection.name, flow });
            }
          }
        }
        if (targets.length === 0) {
          throw new ConnectorError(
            'RECORD_HOLD_REFUSED',
            opts.lift === true ? `${key} is not held` : `no record ${key} needs attention`,
          );
        }
        if (targets.length > 1) {
          const where = targets.map((t) => `${t.connection}/${t.flow}`).join(', ');
          throw new ConnectorError('USAGE', `${key} is in ${where}; pass --connection and --flow`);
        }
        const [target] = targets as [{ connection: string; flow: FlowId }];
        const nowMs = app.clock.nowMs();
        const request = { ...target, sourceKey: key, reason: opts.reason, actor };
        if (opts.lift === true) await releaseRecord(app.store, request, nowMs);
        else await holdRecord(app.store, { ...request, kind }, nowMs);
        const result = {
          ...target,
          sourceKey: key,
          action: opts.lift === true ? 'lifted' : verb.done,
          actor,
        };
        if (opts.json === true) ctx.json(result);
        else
          ctx.out(
            `${target.connection} ${target.flow} ${key}: ${result.action} (${actor}: ${opts.reason.trim()})`,
          );
      });
  }
}
