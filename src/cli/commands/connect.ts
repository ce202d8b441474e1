/**
 * `ml-connector connect hubspot|qad`: stores the credential encrypted in the vault and points the
 * config at it (`vault:…`), keeping the file's comments. The secret is never echoed.
 */
import type { Command } from 'commander';
import {
  CONNECTION_NAME_PATTERN,
  loadBaseConfig,
  serviceUrlSchema,
  validateConfig,
} from '../../config/index.js';
import { ConfigError } from '../../core/errors.js';
import { createStore } from '../../store/index.js';
import { Vault } from '../../vault/index.js';
import type { CliContext } from '../context.js';
import { readSecretInput } from '../secret-input.js';
import {
  connectionNames,
  readConfigDocument,
  setConnectionValues,
  writeConfigDocument,
} from '../yaml-edit.js';

function pickConnection(requested: string | undefined, names: string[]): string {
  if (requested !== undefined) {
    if (!CONNECTION_NAME_PATTERN.test(requested)) {
      throw new ConfigError('USAGE', `--connection must match ${CONNECTION_NAME_PATTERN.source}`);
    }
    return requested;
  }
  if (names.length === 1) return names[0] as string;
  throw new ConfigError('USAGE', `--connection is required (connections: ${names.join(', ') || 'none'})`);
}

function checkUrl(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const result = serviceUrlSchema.safeParse(value);
  if (!result.success) {
    throw new ConfigError('QAD_URL_INVALID', `${flag}: ${result.error.issues[0]?.message ?? 'invalid URL'}`);
  }
  return result.data;
}

/** Stores one secret and updates the YAML; shared by both subcommands. */
async function storeAndReference(
  ctx: CliContext,
  connection: string,
  secretPath: 'hubspot.token' | 'qad.password',
  secret: string,
  values: Record<string, unknown>,
): Promise<void> {
  const configPath = ctx.configPath();
  const doc = await readConfigDocument(configPath);
  const base = await loadBaseConfig({ path: configPath, env: ctx.deps.env });
  const store = await createStore(base.config.store);
  ctx.defer(() => store.close());
  const vault = new Vault({
    store,
    keyFile: base.config.keyFile,
    masterKey: base.masterKey,
    secrets: ctx.secrets,
  });
  await store.ensureConnection(connection, Date.now());
  await vault.put(connection, secretPath, secret);
  setConnectionValues(doc, connection, { ...values, [secretPath]: `vault:${secretPath}` });
  await writeConfigDocument(configPath, doc);
  ctx.out(
    `stored ${secretPath} of connection "${connection}" encrypted in the vault; ${configPath} now references vault:${secretPath}`,
  );
  try {
    validateConfig(doc.toJS(), configPath);
  } catch (error) {
    ctx.err(`note: the config is not complete yet: ${(error as Error).message}`);
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
    .action(
      async (opts: {
        connection?: string;
        token?: string;
        tokenStdin?: boolean;
        hubId?: string;
        apiVersion?: string;
        baseUrl?: string;
      }) => {
        if (opts.apiVersion !== undefined && !['2026-03', '2026-09', 'v3'].includes(opts.apiVersion)) {
          throw new ConfigError('USAGE', "--api-version must be '2026-03', '2026-09' or 'v3'");
        }
        const hubId = intFlag(opts.hubId, '--hub-id');
        const baseUrl = checkUrl(opts.baseUrl, '--base-url');
        const doc = await readConfigDocument(ctx.configPath());
        const connection = pickConnection(opts.connection, connectionNames(doc));
        const token = await readSecretInput(ctx, {
          flagValue: opts.token,
          fromStdin: opts.tokenStdin === true,
          what: 'HubSpot token',
          flags: '--token-stdin (or run on a terminal to be prompted)',
        });
        await storeAndReference(ctx, connection, 'hubspot.token', token, {
          'hubspot.hubId': hubId,
          'hubspot.apiVersion': opts.apiVersion,
          'hubspot.baseUrl': baseUrl,
        });
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
    .action(
      async (opts: {
        connection?: string;
        baseUrl?: string;
        clientId?: string;
        username?: string;
        passwordStdin?: boolean;
        domain?: string;
        entity?: string;
      }) => {
        const baseUrl = checkUrl(opts.baseUrl, '--base-url');
        const doc = await readConfigDocument(ctx.configPath());
        const connection = pickConnection(opts.connection, connectionNames(doc));
        const password = await readSecretInput(ctx, {
          flagValue: undefined,
          fromStdin: opts.passwordStdin === true,
          what: 'QAD password',
          flags: '--password-stdin (or run on a terminal to be prompted)',
        });
        await storeAndReference(ctx, connection, 'qad.password', password, {
          'qad.baseUrl': baseUrl,
          'qad.clientId': opts.clientId,
          'qad.username': opts.username,
          'qad.domain': opts.domain,
          'qad.entity': opts.entity,
        });
      },
    );
}
