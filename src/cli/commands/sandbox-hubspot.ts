/**
 * `ml-connector sandbox hubspot`: runs the local HubSpot CRM API sandbox until SIGINT/SIGTERM,
 * printing its base URL and bearer token (a local, throw-away credential). `--lived-in` starts it
 * pre-populated the way years of sales work would have left it, for the QAD tenant of
 * `--qad-seed` / `--accounts` / `--items` (the same options as `sandbox qad`).
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

interface HubSpotSandboxCliOptions {
  port: number;
  host: string;
  tier: Tier;
  portalId: number;
  token?: string;
  livedIn: boolean;
  qadSeed?: number;
  accounts: number;
  items: number;
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
    .option('--lived-in', 'pre-populate the portal as years of sales work would (needs --qad-seed)', false)
    .option('--qad-seed <n>', 'seed of the QAD sandbox tenant the lived-in portal belongs to', intArg)
    .option('--accounts <n>', 'accounts of that QAD tenant (as `sandbox qad --accounts`)', intArg, 50)
    .option('--items <n>', 'items of that QAD tenant (as `sandbox qad --items`)', intArg, 20)
    .action(async (opts: HubSpotSandboxCliOptions) => {
      if (opts.livedIn && opts.qadSeed === undefined)
        throw new InvalidArgumentError('--lived-in needs --qad-seed (the QAD sandbox seed)');
      const options: HubSpotSandboxOptions = {
        port: opts.port,
        host: opts.host,
        tier: opts.tier,
        portalId: opts.portalId,
      };
      if (opts.token) options.tokens = [{ token: opts.token, scopes: ALL_SCOPES }];
      if (opts.livedIn && opts.qadSeed !== undefined)
        options.livedIn = { qadSeed: opts.qadSeed, accounts: opts.accounts, items: opts.items };
      const sandbox = await startHubSpotSandbox(options);
      console.log(`HubSpot sandbox listening on ${sandbox.url}`);
      console.log(`  portal id: ${sandbox.portalId}`);
      console.log(`  token:     ${sandbox.token}`);
      if (options.livedIn)
        console.log(
          `  lived-in:  QAD seed ${opts.qadSeed}, ${opts.accounts} accounts, ${opts.items} items; truth at ${sandbox.url}/_sandbox/truth`,
        );
      console.log(`  control:   ${sandbox.url}/_sandbox/stats (see sandbox/hubspot/README.md)`);
      await untilStopSignal();
      await sandbox.close();
      console.log('HubSpot sandbox stopped.');
    });
}
