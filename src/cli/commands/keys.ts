/**
 * `ml-connector keys rotate|list|retire`: the master key's life cycle. `rotate` re-wraps every
 * stored secret under a new master key (the old one kept as `<keyFile>.<id>.retired`); `list`
 * shows each key and how many secrets it seals; `retire <id>` deletes a retired key once no
 * secret uses it.
 */
import type { Command } from 'commander';
import { ENV, loadBaseConfig } from '../../config/index.js';
import { createStore } from '../../store/index.js';
import { Vault } from '../../vault/index.js';
import type { CliContext } from '../context.js';

/** Opens the store and vault of the config (no connection needs to be complete). */
async function openVault(ctx: CliContext): Promise<Vault> {
  const base = await loadBaseConfig({ path: ctx.configPath(), env: ctx.deps.env });
  const store = await createStore(base.config.store);
  ctx.defer(() => store.close());
  return new Vault({
    store,
    keyFile: base.config.keyFile,
    masterKey: base.masterKey,
    secrets: ctx.secrets,
  });
}

export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('Manage the vault master key.');
  keys
    .command('rotate')
    .description(
      'Re-wrap every secret under a new master key (no plaintext written). Key file: a new key is generated and the old one kept as <file>.<id>.retired. ML_CONNECTOR_MASTER_KEY: pass the new key in ML_CONNECTOR_NEW_MASTER_KEY.',
    )
    .action(async () => {
      const vault = await openVault(ctx);
      const result = await vault.rotate({ newMasterKey: ctx.deps.env[ENV.newMasterKey] || undefined });
      ctx.out(`rotated ${result.rewrapped} secret(s): master key ${result.oldKeyId} → ${result.newKeyId}`);
      if (result.retiredKeyFile) {
        ctx.out(`previous key kept as ${result.retiredKeyFile}`);
        ctx.out(`once backups sealed under it are gone: ml-connector keys retire ${result.oldKeyId}`);
      } else
        ctx.out('now set ML_CONNECTOR_MASTER_KEY to the new key (the value of ML_CONNECTOR_NEW_MASTER_KEY)');
    });
  keys
    .command('list')
    .description('Show each master key (current, retired, pending) and how many stored secrets it seals.')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const usage = await (await openVault(ctx)).keyUsage();
      if (opts.json) {
        ctx.json({ keys: usage });
        return;
      }
      for (const k of usage) {
        ctx.out(
          `${k.keyId}  ${k.state.padEnd(7)}  ${k.secrets} secret(s)  ${k.file ?? 'ML_CONNECTOR_MASTER_KEY'}`,
        );
      }
    });
  keys
    .command('retire')
    .description(
      'Delete a retired master key file once no stored secret is sealed under it (refuses otherwise: run keys rotate first).',
    )
    .argument('<id>', 'the key id, as shown by keys list or keys rotate')
    .action(async (id: string) => {
      const retired = await (await openVault(ctx)).retire(id);
      ctx.out(
        `removed retired key ${retired.keyId} (${retired.file ?? ''}); no stored secret was sealed under it`,
      );
    });
}
