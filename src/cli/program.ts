/** The command tree. Each command lives in its own file under src/cli/commands/. */
import { Command, CommanderError } from 'commander';
import { EXIT } from '../core/errors.js';

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command('ml-connector')
    .description(
      'Keeps a QAD ERP and a HubSpot CRM in agreement: accounts, contacts, catalog and closed-won orders.',
    )
    .exitOverride();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
}
