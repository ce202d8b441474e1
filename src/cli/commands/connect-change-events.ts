/**
 * `ml-connector connect change-events --mode push|pull|polling`: how a connection hears that a deal
 * closed (docs/change-events.md). `push` stores the app's client secret that signs webhooks,
 * `pull` the project app's client secret (with its client id), both encrypted in the vault, and
 * points `hubspot.changeEvents` at them. The secret comes from a hidden prompt or stdin, never
 * from an argument (flags are visible in `ps`); it is never echoed. A setting alone (the mode, the
 * client id, the journal interval) changes without re-entering a secret the config already names.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
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
      if (mode === 'pull' && opts.appClientId === undefined) {
        const index = connectionIndex(doc, connection);
        if (typeof doc.getIn(['connections', index, 'hubspot', 'changeEvents', 'appClientId']) !== 'string')
          throw new ConfigError(
            'USAGE',
            "--app-client-id is required for --mode pull (the project app's client id)",
          );
      }
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
      await storeAndReference(ctx, connection, slot, secret, values);
    });
}
