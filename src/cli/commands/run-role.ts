/**
 * The `--role` part of `ml-connector run`: options and the action for the queue roles. The `run`
 * command adds the options with `addScaleOptions` and calls `runScaleRole` first; it returns false
 * when the embedded in-process scheduler should run instead (no `--role`, or `--role all` on SQLite).
 */
import type { Command } from 'commander';
import type { App } from '../../app/compose.js';
import { ConfigError } from '../../core/errors.js';
import { startChangeEvents } from '../../changes/start.js';
import { startScaleRole } from '../../scale/roles.js';
import { parseRole, resolveQueueSettings, usesQueue, type QueueSettings } from '../../scale/settings.js';
import type { CliContext } from '../context.js';
import { untilStopSignal } from '../stop-signal.js';

/** The options `addScaleOptions` declares, as commander parses them. */
export interface ScaleCliOptions {
  role?: string;
  expireSeconds?: string;
  concurrency?: string;
  queueSchema?: string;
}

/** Declares `--role`, `--expire-seconds`, `--concurrency`, `--queue-schema` on `command`. */
export function addScaleOptions(command: Command): Command {
  return command
    .option(
      '--role <role>',
      'scale-out role on the PostgreSQL store: scheduler | worker | all (default: the embedded scheduler)',
    )
    .option('--expire-seconds <n>', 'retry a pass whose worker went silent this long (default 60)')
    .option('--concurrency <n>', 'passes this worker runs at once, of different connections (default 1)')
    .option('--queue-schema <name>', 'pg-boss schema (default pgboss, or <store schema>_boss)');
}

const int = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError('USAGE', `${name} must be a positive integer`);
  return n;
};

/** Queue settings from the CLI options and the store location. */
export function settingsFromOptions(storeLocation: string, options: ScaleCliOptions): QueueSettings {
  const overrides: Partial<QueueSettings> = {};
  const expire = int('--expire-seconds', options.expireSeconds);
  const concurrency = int('--concurrency', options.concurrency);
  if (expire !== undefined) overrides.expireInSeconds = expire;
  if (concurrency !== undefined) overrides.concurrency = concurrency;
  if (options.queueSchema !== undefined) overrides.schema = options.queueSchema;
  return resolveQueueSettings(storeLocation, overrides);
}

/**
 * Runs the queue role until SIGTERM/SIGINT and returns true; returns false (doing nothing) when
 * the embedded scheduler applies. `--role scheduler|worker` on SQLite is SCALE_NEEDS_POSTGRES.
 */
export async function runScaleRole(ctx: CliContext, app: App, options: ScaleCliOptions): Promise<boolean> {
  if (options.role === undefined) return false;
  const role = parseRole(options.role);
  if (!usesQueue(role, app.config.store)) return false;
  const settings = settingsFromOptions(app.config.store, options);
  const receives =
    role !== 'worker' && app.config.connections.some((c) => c.hubspot.changeEvents.mode === 'push');
  if (receives && app.config.hooks?.onDashboard === true)
    throw new ConfigError(
      'HOOKS_NO_DASHBOARD',
      `hooks.onDashboard: true needs the embedded scheduler (run without --role); with --role ${role} the webhook receiver listens on hooks.host:hooks.port`,
    );
  const handle = await startScaleRole(app, role, settings);
  ctx.err(
    `${role} ${handle.workerId} running on queue schema ${settings.schema} — stop with Ctrl-C or SIGTERM`,
  );
  // Workers do not listen: the webhook receiver and journal pollers run beside the scheduler role.
  const changes =
    role === 'worker'
      ? null
      : await startChangeEvents(app, {
          runtime: (name) => handle.runtimes.get(name),
          enqueue: async (connection) =>
            (await handle.requestOrders(connection)) === 'busy' ? 'skipped' : 'done',
        });
  if (changes?.url) ctx.err(`webhook receiver: ${changes.url}`);
  const signal = await untilStopSignal(app.events);
  ctx.err(`${signal}: finishing the current batch…`);
  await changes?.stop();
  await handle.stop();
  ctx.err('stopped');
  return true;
}
