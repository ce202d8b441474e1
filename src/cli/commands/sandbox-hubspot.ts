/**
 * `ml-connector sandbox hubspot`: runs the local HubSpot CRM API sandbox until SIGINT/SIGTERM,
 * printing its base URL and bearer token (a local, throw-away credential).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  ALL_SCOPES,
  isTier,
  startHubSpotSandbox,
  type HubSpotSandboxOptions,
  type Tier,
} from '../../../sandbox/hubspot/index.js';
import { untilStopSignal } from '../stop-signal.js';

function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function tierArg(value: string): Tier {
  if (!isTier(value))
    throw new InvalidArgumentError('expected starter, professional, enterprise or limit-increase');
  return value;
}

/** Adds the `hubspot` subcommand to the parent `sandbox` command. */
export function registerHubSpotSandboxCommand(sandboxCommand: Command): void {
  sandboxCommand
    .command('hubspot')
    .description('Run a local HubSpot CRM API sandbox (in memory) until interrupted.')
    .option('--port <n>', 'port to listen on (0 = any free port)', intArg, 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .addOption(
      new Option('--tier <tier>', 'account tier for rate limits').argParser(tierArg).default('professional'),
    )
    .option('--portal-id <n>', 'Hub ID the sandbox reports', intArg, 12_345_678)
    .option('--token <token>', 'bearer token to accept (default: generated, all scopes)')
    .action(async (opts: { port: number; host: string; tier: Tier; portalId: number; token?: string }) => {
      const options: HubSpotSandboxOptions = {
        port: opts.port,
        host: opts.host,
        tier: opts.tier,
        portalId: opts.portalId,
      };
      if (opts.token) options.tokens = [{ token: opts.token, scopes: ALL_SCOPES }];
      const sandbox = await startHubSpotSandbox(options);
      console.log(`HubSpot sandbox listening on ${sandbox.url}`);
      console.log(`  portal id: ${sandbox.portalId}`);
      console.log(`  token:     ${sandbox.token}`);
      console.log(`  control:   ${sandbox.url}/_sandbox/stats (see sandbox/hubspot/README.md)`);
      await untilStopSignal();
      await sandbox.close();
      console.log('HubSpot sandbox stopped.');
    });
}
