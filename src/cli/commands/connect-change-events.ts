/**
 * `ml-connector connect change-events --mode push|pull|polling`: how a connection hears that a deal
 * closed (docs/change-events.md). `push` stores the app's client secret that signs webhooks,
 * `pull` the project app's client secret (with its client id), both encrypted in the vault, and
 * points `hubspot.changeEvents` at them. The secret comes from a hidden prompt or stdin, never
 * from an argument (flags are visible in `ps`); it is never echoed. Pull credentials are tested
 * against HubSpot before anything is stored (`--no-check` skips it). A setting alone (the mode, the
 * client id, the journal interval) changes without re-entering a secret the config already names.
 */
import type { Command } from 'commander';
import { pingJournal } from '../../app/ping.js';
import { AuthError, ConfigError, messageOf } from '../../core/errors.js';
import { hasSecret, pickConnection, storeAndReference, type SecretSlot } from '../connect-vault.js';
import type { CliContext } from '../context.js';
import { readSecretInput } from '../secret-input.js';
import {
  connectionIndex,
  connectionNames,
  readConfigDocument,
  setConnectionValues,
  writeConfigDocument,
} from '../yaml-edit.js';

type Mode = 'push' | 'pull' | 'polling';

interface ChangeEventsCliOptions {
  connection?: string;
  mode?: string;
  appClientId?: string;
  journalPollMs?: string;
  secretStdin?: boolean;
  check: boolean;
}

/**
 * Pull: tests the project app's credentials against HubSpot before anything is stored (a failure
 * is exit 3, nothing stored); `secret` null = the one the config names. Untestable (the config's
 * other secrets do not resolve yet) is a note, as for `connect hubspot`.
 */
async function checkAppCredentials(
  ctx: CliContext,
  connection: string,
  clientId: string,
  secret: string | null,
): Promise<void> {
  let check;
  try {
    const app = await ctx.openApp({ logLevel: 'silent' });
    const clientSecret = secret ?? (await app.secret(connection, 'hubspot.appClientSecret'));
    check = await pingJournal(app, connection, { clientId, clientSecret });
  } catch (error) {
    ctx.err(`note: app credentials not tested: ${messageOf(error)}; \`ml-connector run\` reports a refusal`);
    return;
  }
  ctx.err(`${check.ok ? 'ok  ' : 'FAIL'} hubspot ${check.check}: ${check.detail}`);
  if (!check.ok)
    throw new AuthError(
      'HUBSPOT_APP_CREDENTIALS_INVALID',
      `hubspot ${check.check}: ${check.detail} — nothing was stored (--no-check stores it untested)`,
    );
}

/** Each mode's secret: where it is stored and referenced, and how the prompt names it. */
const SECRETS: Record<Exclude<Mode, 'polling'>, SecretSlot & { field: string; what: string }> = {
  push: {
    vaultName: 'hubspot.webhookSecret',
    field: 'hubspot.changeEvents.webhookSecret',
    what: "Webhook client secret (the app's Auth tab)",
  },
  pull: {
    vaultName: 'hubspot.appClientSecret',
    field: 'hubspot.changeEvents.appClientSecret',
    what: "Project app client secret (the app's Auth tab)",
  },
};

function parseMode(raw: string | undefined): Mode {
  if (raw === 'push' || raw === 'pull' || raw === 'polling') return raw;
  throw new ConfigError('USAGE', '--mode is required: push | pull | polling');
}

function pollMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 500)
    throw new ConfigError('USAGE', '--journal-poll-ms must be an integer ≥ 500');
  return n;
}

export function registerConnectChangeEvents(connect: Command, ctx: CliContext): void {
  connect
    .command('change-events')
    .description(
      "Choose how a connection hears about closed deals; store the webhook or project app's client secret (encrypted).",
    )
    .option('--connection <name>', 'connection name (default: the only one)')
    .option('--mode <mode>', 'push (signed webhooks) | pull (project app journal) | polling')
    .option('--app-client-id <id>', "pull: the project app's client id (not a secret)")
    .option('--journal-poll-ms <ms>', 'pull: how often the journal is read (default 3000)')
    .option('--secret-stdin', 'read the client secret from stdin (otherwise prompted on a terminal)')
    .option('--no-check', 'pull: store without testing the app credentials against HubSpot')
    .action(async (opts: ChangeEventsCliOptions) => {
      const mode = parseMode(opts.mode);
      if (mode !== 'pull' && (opts.appClientId !== undefined || opts.journalPollMs !== undefined))
        throw new ConfigError('USAGE', '--app-client-id and --journal-poll-ms belong to --mode pull');
      if (mode === 'polling' && opts.secretStdin === true)
        throw new ConfigError('USAGE', '--mode polling takes no secret');
      const doc = await readConfigDocument(ctx.configPath());
      const connection = pickConnection(opts.connection, connectionNames(doc), false);
      const values: Record<string, unknown> = {
        'hubspot.changeEvents.mode': mode,
        'hubspot.changeEvents.appClientId': opts.appClientId,
        'hubspot.changeEvents.journalPollMs': pollMs(opts.journalPollMs),
      };
      const storedClientId = doc.getIn([
        'connections',
        connectionIndex(doc, connection),
        'hubspot',
        'changeEvents',
        'appClientId',
      ]);
      const clientId = opts.appClientId ?? (typeof storedClientId === 'string' ? storedClientId : undefined);
      if (mode === 'pull' && clientId === undefined)
        throw new ConfigError(
          'USAGE',
          "--app-client-id is required for --mode pull (the project app's client id)",
        );
      if (mode === 'polling') {
        setConnectionValues(doc, connection, values);
        await writeConfigDocument(ctx.configPath(), doc);
        ctx.out(`connection "${connection}" polls for closed deals (hubspot.changeEvents.mode: polling)`);
        return;
      }
      const slot = SECRETS[mode];
      // asked for when piped in, or when the config names none yet; otherwise the named one is kept
      const secret =
        opts.secretStdin === true || !hasSecret(doc, connection, slot.field)
          ? await readSecretInput(ctx, {
              flagValue: undefined,
              fromStdin: opts.secretStdin === true,
              what: slot.what,
              flags: '--secret-stdin (or run on a terminal to be prompted)',
            })
          : null;
      if (mode === 'pull' && opts.check)
        await checkAppCredentials(ctx, connection, clientId as string, secret);
      await storeAndReference(ctx, connection, slot, secret, values);
    });
}
