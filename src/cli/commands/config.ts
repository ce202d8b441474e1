/** `ml-connector config check [--json]`: validates the config and resolves every secret reference. */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { configWarnings, listSecretFields, resolveSecretRef } from '../../config/index.js';
import { ConfigError, exitCodeFor, toConnectorError } from '../../core/errors.js';
import { tokenWeakness } from '../../server/token-strength.js';
import { describeLocation } from '../../store/index.js';
import type { CliContext } from '../context.js';

interface SecretStatus {
  connection: string | null;
  path: string;
  ref: string;
  ok: boolean;
  error?: { code: string; message: string };
}

export function registerConfigCommand(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('Inspect the configuration.');
  config
    .command('check')
    .description(
      'Validate the config, resolve every secret reference, and print the resolved config (secrets redacted).',
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const app = await ctx.openApp({ logLevel: 'warn' });
      const statuses: SecretStatus[] = [];
      for (const field of listSecretFields(app.config)) {
        try {
          const value = await resolveSecretRef(field.ref, field, {
            env: app.env,
            vault: (c, n) => app.vault.get(c, n),
          });
          const weakness = field.path.startsWith('dashboard.') ? tokenWeakness(value) : null;
          if (weakness !== null) throw new ConfigError('DASHBOARD_TOKEN_WEAK', weakness);
          statuses.push({ ...field, ok: true });
        } catch (error) {
          const e = toConnectorError(error);
          statuses.push({ ...field, ok: false, error: { code: e.code, message: e.message } });
          ctx.setExitCode(exitCodeFor(e));
        }
      }
      const ok = statuses.every((s) => s.ok);
      const warnings = configWarnings(app.config);
      // the store URL may carry the PostgreSQL password (inline or from store.password): masked
      const shown = { ...app.config, store: describeLocation(app.config.store) };
      if (opts.json) {
        ctx.json({ ok, configPath: app.configPath, config: shown, secrets: statuses, warnings });
        return;
      }
      for (const warning of warnings) ctx.err(`warning: ${warning}`);
      ctx.out(`# ${app.configPath}: valid (store: ${app.store.dialect})`);
      ctx.out(stringify(shown, { lineWidth: 0 }).trimEnd());
      ctx.out('# secrets');
      for (const s of statuses) {
        const where = s.connection === null ? s.path : `${s.connection}.${s.path}`;
        ctx.out(`#   ${where}: ${s.ref} ${s.ok ? 'ok' : `error[${s.error?.code}]: ${s.error?.message}`}`);
      }
    });
}
