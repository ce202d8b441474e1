/**
 * File modes of the SQLite ledger. The ledger holds contact names, emails and phones (audit
 * payloads, snapshots) and the sealed vault, so the file and its `-wal`/`-shm` companions are
 * private to their owner: the file is created 0600 before SQLite opens it (SQLite gives the
 * companions the database file's mode), and a ledger file group or others can read is refused
 * on open, like the master key file.
 */
import { chmodSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';

/** The ledger and the companions SQLite keeps next to it in WAL mode. */
export function ledgerFiles(location: string): string[] {
  return [location, `${location}-wal`, `${location}-shm`];
}

/** Creates the ledger file with mode 0600 when it does not exist yet (an existing one is kept). */
export function createPrivateLedger(location: string): void {
  try {
    closeSync(openSync(location, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Refuses a ledger file (or companion) that group or others can read or write. */
export function assertPrivateLedger(location: string): void {
  if (process.platform === 'win32') return;
  for (const file of ledgerFiles(location)) {
    let mode: number;
    try {
      mode = statSync(file).mode;
    } catch {
      continue; // not there (yet)
    }
    if ((mode & 0o077) !== 0) {
      throw new ConfigError(
        'STORE_FILE_MODE',
        `SQLite ledger file ${file} has mode ${(mode & 0o777).toString(8)}; it holds contact data and the sealed vault and must not be readable by group or others (chmod 600 ${file})`,
        { details: { file, mode: (mode & 0o777).toString(8) } },
      );
    }
  }
}

/** After SQLite opened the ledger: makes sure the companions it created are 0600 too. */
export function privatizeCompanions(location: string): void {
  if (process.platform === 'win32') return;
  for (const file of ledgerFiles(location).slice(1)) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    } catch {
      // not created (yet): SQLite creates it with the database file's mode
    }
  }
}
