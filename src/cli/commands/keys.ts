/** `ml-connector keys rotate`: re-wraps every stored secret under a new master key. */
import type { Command } from 'commander';
import { ENV, loadBaseConfig } from '../../config/index.js';
import { createStore } from '../../store/index.js';
import { Vault } from '../../vault/index.js';
import type { CliContext } from '../context.js';

export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('Manage the vault master key.');
  keys
    .command('rotate')
    .description(
      'Re-wrap every secret under a new master key (no plaintext written). Key file: a new key is generated and the old one kept as <file>.<id>.retired. ML_CONNECTOR_MASTER_KEY: pass the new key in ML_CONNECTOR_NEW_MASTER_KEY.',
    )
    .action(async () => {
      const base = await loadBaseConfig({ path: ctx.configPath(), env: ctx.deps.env });
      const store = await createStore(base.config.store);
      ctx.defer(() => store.close());
      const vault = new Vault({
        store,
        keyFile: base.config.keyFile,
        masterKey: base.masterKey,
        secrets: ctx.secrets,
      });
      const result = await vault.rotate({ newMasterKey: ctx.deps.env[ENV.newMasterKey] || undefined });
      ctx.out(`rotated ${result.rewrapped} secret(s): master key ${result.oldKeyId} → ${result.newKeyId}`);
      if (result.retiredKeyFile) ctx.out(`previous key kept as ${result.retiredKeyFile}`);
      else
        ctx.out('now set ML_CONNECTOR_MASTER_KEY to the new key (the value of ML_CONNECTOR_NEW_MASTER_KEY)');
    });
}
