/** `ml-connector init`: writes a commented example config and the master key file (mode 0600). */
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { readYamlFile, validateConfig } from '../../config/index.js';
import { ConfigError } from '../../core/errors.js';
import { createKeyFile, readKeyFile } from '../../vault/index.js';
import type { CliContext } from '../context.js';
import { exampleConfig } from '../example-config.js';

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
    .action(async (opts: { force?: boolean }) => {
      const configPath = ctx.configPath();
      if ((await exists(configPath)) && !opts.force) {
        throw new ConfigError('USAGE', `${configPath} already exists; pass --force to overwrite it`);
      }
      await mkdir(path.dirname(configPath), { recursive: true });
      await writeFile(configPath, exampleConfig(new Date().toISOString().slice(0, 10)));
      ctx.out(`wrote ${configPath}`);

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
      ctx.out('next: ml-connector connect hubspot --connection acme, then ml-connector connect qad');
    });
}
