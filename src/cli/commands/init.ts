/**
 * `ml-connector init`: writes a commented example config and the master key file (mode 0600).
 * `--dashboard-token` also generates a random dashboard token, seals it in the vault and points
 * `dashboard.token` at it (on a new config, or added to an existing one); the token is shown
 * once, since the operator needs it to sign in, and is never written anywhere in clear.
 * `--metrics-token` does the same for the read-only Prometheus token (`dashboard.metricsToken`).
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { GLOBAL_VAULT_SCOPE, loadBaseConfig, readYamlFile, validateConfig } from '../../config/index.js';
import { ConfigError } from '../../core/errors.js';
import { createStore } from '../../store/index.js';
import { createKeyFile, readKeyFile, Vault } from '../../vault/index.js';
import type { CliContext } from '../context.js';
import { exampleConfig } from '../example-config.js';
import { readConfigDocument, writeConfigDocument } from '../yaml-edit.js';

/** Vault entry (global scope) holding the generated dashboard token. */
const DASHBOARD_TOKEN_SECRET = 'dashboard.token';

/** A generated token: its key under `dashboard:`, its vault entry, and how it is shown. */
interface GeneratedToken {
  field: 'token' | 'metricsToken';
  secret: string;
  label: string;
}

const DASHBOARD_TOKEN: GeneratedToken = {
  field: 'token',
  secret: DASHBOARD_TOKEN_SECRET,
  label: 'dashboard token',
};
const METRICS_TOKEN: GeneratedToken = {
  field: 'metricsToken',
  secret: 'dashboard.metricsToken',
  label: 'metrics token (read-only, for Prometheus)',
};

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export function registerInitCommand(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('Write a commented example ml-connector.yaml and create the master key file.')
    .option('--force', 'overwrite an existing config file (an existing key file is always kept)')
    .option(
      '--dashboard-token',
      'generate a random dashboard token into the vault and reference it as dashboard.token (shown once); on an existing config only this is done',
    )
    .option(
      '--metrics-token',
      'generate a random read-only metrics token into the vault and reference it as dashboard.metricsToken (shown once); on an existing config only this is done',
    )
    .action(async (opts: { force?: boolean; dashboardToken?: boolean; metricsToken?: boolean }) => {
      const configPath = ctx.configPath();
      const withToken = opts.dashboardToken === true;
      const withMetricsToken = opts.metricsToken === true;
      const configExists = await exists(configPath);
      if (configExists && !opts.force && !withToken && !withMetricsToken) {
        throw new ConfigError('USAGE', `${configPath} already exists; pass --force to overwrite it`);
      }
      if (!configExists || opts.force) {
        await mkdir(path.dirname(configPath), { recursive: true });
        await writeFile(
          configPath,
          exampleConfig(new Date().toISOString().slice(0, 10), { dashboardToken: withToken }),
        );
        ctx.out(`wrote ${configPath}`);
      }

      const config = validateConfig(await readYamlFile(configPath), configPath);
      const keyFile = path.resolve(path.dirname(configPath), config.keyFile);
      if (await exists(keyFile)) {
        const key = await readKeyFile(keyFile);
        ctx.out(`kept existing key file ${keyFile} (key ${key.id})`);
      } else {
        const key = await createKeyFile(keyFile);
        ctx.out(
          `created key file ${keyFile} (mode 0600, key ${key.id}); back it up: secrets cannot be read without it`,
        );
      }
      if (withToken) await generateToken(ctx, configPath, DASHBOARD_TOKEN);
      if (withMetricsToken) await generateToken(ctx, configPath, METRICS_TOKEN);
      ctx.out('next: ml-connector connect hubspot --connection acme, then ml-connector connect qad');
    });
}

/** Seals a new random token in the vault, references it from the config, and shows it once. */
async function generateToken(ctx: CliContext, configPath: string, kind: GeneratedToken): Promise<void> {
  const doc = await readConfigDocument(configPath);
  const ref = `vault:${kind.secret}`;
  if (doc.getIn(['dashboard', kind.field]) !== ref) {
    if (doc.get('dashboard') === undefined) {
      doc.set('dashboard', doc.createNode({ port: 8787, host: '127.0.0.1', [kind.field]: ref }));
    } else {
      doc.setIn(['dashboard', kind.field], ref);
    }
    await writeConfigDocument(configPath, doc);
    validateConfig(doc.toJS(), configPath);
  }
  const base = await loadBaseConfig({ path: configPath, env: ctx.deps.env });
  const store = await createStore(base.config.store);
  ctx.defer(() => store.close());
  // no secret registry here: this one value is meant to be shown to the operator, once
  const vault = new Vault({ store, keyFile: base.config.keyFile, masterKey: base.masterKey });
  const replaced = (await store.getSecret(GLOBAL_VAULT_SCOPE, kind.secret)) !== null;
  const token = randomBytes(32).toString('base64url');
  await vault.put(GLOBAL_VAULT_SCOPE, kind.secret, token);
  ctx.out(
    `${replaced ? 'replaced the' : 'stored a new'} ${kind.label}, sealed in the vault; ${configPath} references ${ref}`,
  );
  ctx.out(`${kind.label} (shown once, keep it in your password manager): ${token}`);
}
