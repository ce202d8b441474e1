/**
 * `ml-connector connect hubspot|qad|change-events`: stores the credential encrypted in the vault
 * and points the config at it (`vault:…`), keeping the file's comments (change-events:
 * connect-change-events.ts; the shared steps: ../connect-vault.ts). The secret is never echoed.
 * An unknown connection name is refused unless `--new`; the credentials are tested before anything
 * is stored (the checks of `ping`; `--no-check` skips it; a failure names the system and check,
 * exit 3); a setting alone (e.g. `--hub-id`) can change without re-entering the stored secret.
 */
import type { Command } from 'commander';
import type { Document } from 'yaml';
import { serviceUrlSchema } from '../../config/index.js';
import { AuthError, ConfigError } from '../../core/errors.js';
import { checkCredentials } from '../connect-check.js';
import { needsSecret, pickConnection, storeAndReference } from '../connect-vault.js';
import type { CliContext } from '../context.js';
import { readSecretInput } from '../secret-input.js';
import { connectionNames, readConfigDocument } from '../yaml-edit.js';
import { registerConnectChangeEvents } from './connect-change-events.js';

function checkUrl(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const result = serviceUrlSchema.safeParse(value);
  if (!result.success) {
    throw new ConfigError('QAD_URL_INVALID', `${flag}: ${result.error.issues[0]?.message ?? 'invalid URL'}`);
  }
  return result.data;
}

/** Tests the credentials unless --no-check; a failed check is exit 3 naming the system and check. */
async function checkBeforeStoring(
  ctx: CliContext,
  doc: Document,
  connection: string,
  system: 'hubspot' | 'qad',
  secret: string | null,
  values: Record<string, unknown>,
  check: boolean,
): Promise<void> {
  if (!check) {
    ctx.err('note: credentials not tested (--no-check); `ml-connector ping` tests them');
    return;
  }
  const result = await checkCredentials(ctx, doc, connection, system, secret, values);
  if (!result.checked) {
    ctx.err(`note: credentials not tested: ${result.why}; \`ml-connector ping\` tests them once it is`);
    return;
  }
  const failed = result.checks.filter((c) => !c.ok);
  for (const c of result.checks) ctx.err(`${c.ok ? 'ok  ' : 'FAIL'} ${c.system} ${c.check}: ${c.detail}`);
  if (failed.length > 0) {
    const first = failed[0] as { system: string; check: string; detail: string };
    throw new AuthError(
      system === 'hubspot' ? 'HUBSPOT_AUTH_INVALID' : 'QAD_AUTH_INVALID',
      `${first.system} ${first.check}: ${first.detail} — nothing was stored (--no-check stores it untested)`,
    );
  }
}

function intFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError('USAGE', `${flag} must be a positive integer`);
  return n;
}

export function registerConnectCommand(program: Command, ctx: CliContext): void {
  const connect = program.command('connect').description('Store credentials for a connection in the vault.');

  connect
    .command('hubspot')
    .description(
      'Store a HubSpot service key / private-app token (encrypted) and reference it from the config.',
    )
    .option('--connection <name>', 'connection name (default: the only one)')
    .option('--token <token>', 'the token (prefer --token-stdin or the prompt: flags are visible in ps)')
    .option('--token-stdin', 'read the token from stdin')
    .option('--hub-id <id>', 'HubSpot portal id')
    .option('--api-version <version>', "'2026-03' | '2026-09' | 'v3'")
    .option('--base-url <url>', 'API origin (sandboxes: http://127.0.0.1:port)')
    .option('--new', 'add a connection of this name (an unknown name is refused otherwise)')
    .option('--no-check', 'store without testing the credentials against HubSpot')
    .action(
      async (opts: {
        connection?: string;
        token?: string;
        tokenStdin?: boolean;
        hubId?: string;
        apiVersion?: string;
        baseUrl?: string;
        new?: boolean;
        check: boolean;
      }) => {
        if (opts.apiVersion !== undefined && !['2026-03', '2026-09', 'v3'].includes(opts.apiVersion)) {
          throw new ConfigError('USAGE', "--api-version must be '2026-03', '2026-09' or 'v3'");
        }
        const hubId = intFlag(opts.hubId, '--hub-id');
        const baseUrl = checkUrl(opts.baseUrl, '--base-url');
        const doc = await readConfigDocument(ctx.configPath());
        const connection = pickConnection(opts.connection, connectionNames(doc), opts.new === true);
        const values = {
          'hubspot.hubId': hubId,
          'hubspot.apiVersion': opts.apiVersion,
          'hubspot.baseUrl': baseUrl,
        };
        const given = opts.token !== undefined || opts.tokenStdin === true;
        const token = needsSecret(doc, connection, 'hubspot.token', given, values)
          ? await readSecretInput(ctx, {
              flagValue: opts.token,
              fromStdin: opts.tokenStdin === true,
              what: 'HubSpot token',
              flags: '--token-stdin (or run on a terminal to be prompted)',
            })
          : null;
        await checkBeforeStoring(ctx, doc, connection, 'hubspot', token, values, opts.check);
        await storeAndReference(ctx, connection, { vaultName: 'hubspot.token' }, token, values);
      },
    );

  connect
    .command('qad')
    .description('Store the QAD integration user password (encrypted) and the tenant settings.')
    .option('--connection <name>', 'connection name (default: the only one)')
    .option('--base-url <url>', 'tenant base URL, e.g. https://acme.qad.com/clouderp')
    .option('--client-id <id>', 'OAuth client id')
    .option('--username <user>', 'integration user')
    .option('--password-stdin', 'read the password from stdin (otherwise prompted on a terminal)')
    .option('--domain <domain>', 'QAD domain, e.g. 10USA')
    .option('--entity <entity>', 'QAD entity, e.g. 10USACO')
    .option('--new', 'add a connection of this name (an unknown name is refused otherwise)')
    .option('--no-check', 'store without testing the login against QAD')
    .action(
      async (opts: {
        connection?: string;
        baseUrl?: string;
        clientId?: string;
        username?: string;
        passwordStdin?: boolean;
        domain?: string;
        entity?: string;
        new?: boolean;
        check: boolean;
      }) => {
        const baseUrl = checkUrl(opts.baseUrl, '--base-url');
        const doc = await readConfigDocument(ctx.configPath());
        const connection = pickConnection(opts.connection, connectionNames(doc), opts.new === true);
        const values = {
          'qad.baseUrl': baseUrl,
          'qad.clientId': opts.clientId,
          'qad.username': opts.username,
          'qad.domain': opts.domain,
          'qad.entity': opts.entity,
        };
        const password = needsSecret(doc, connection, 'qad.password', opts.passwordStdin === true, values)
          ? await readSecretInput(ctx, {
              flagValue: undefined,
              fromStdin: opts.passwordStdin === true,
              what: 'QAD password',
              flags: '--password-stdin (or run on a terminal to be prompted)',
            })
          : null;
        await checkBeforeStoring(ctx, doc, connection, 'qad', password, values, opts.check);
        await storeAndReference(ctx, connection, { vaultName: 'qad.password' }, password, values);
      },
    );

  registerConnectChangeEvents(connect, ctx);
}
