/**
 * Finding 8 (the SQLite ledger is world-readable). The ledger holds contact names, emails and
 * phones in its audit payloads and the sealed vault; it and its `-wal`/`-shm` companions are
 * created 0600 whatever the umask, and a ledger file group or others can read is refused on
 * open, naming the file (like the master key file). Through the real CLI and the composition root.
 */
import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app/compose.js';
import { openKeyGroups } from '../../src/engine/key-groups.js';
import { cliFolder, type CliFolder } from './cli.js';

const mode = async (file: string): Promise<string> => ((await stat(file)).mode & 0o777).toString(8);

describe.skipIf(process.platform === 'win32')('the SQLite ledger is private to its owner', () => {
  let folder: CliFolder;
  let app: App | undefined;
  let umask: number;
  beforeAll(() => {
    umask = process.umask(0o022); // the usual default: files 0644 unless created otherwise
  });
  afterAll(() => {
    process.umask(umask);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await folder.close();
  });

  const ledger = (): string => path.join(folder.dir, 'ml-connector.db');
  const open = async (): Promise<App> =>
    openApp({ configPath: folder.configPath, env: {}, cwd: folder.dir, logLevel: 'silent' });

  it('creates the ledger, its -wal and its -shm with mode 0600', async () => {
    folder = await cliFolder('mlc-ledger-');
    await folder.writeConfig(['store: ./ml-connector.db']);
    app = await open();
    await app.store.ensureConnection('acme', Date.now()); // a write: the WAL is in use
    expect(await mode(ledger())).toBe('600');
    expect(await mode(`${ledger()}-wal`)).toBe('600');
    expect(await mode(`${ledger()}-shm`)).toBe('600');
    await app.close();
    app = undefined;
    // and the CLI creates it the same way
    await folder.writeConfig(['store: ./other.db']);
    expect((await folder.cli(['status', '--json'])).code).toBe(0);
    expect(await mode(path.join(folder.dir, 'other.db'))).toBe('600');
  });

  it('refuses to open a ledger others can read, naming the file (exit 2)', async () => {
    folder = await cliFolder('mlc-ledger-');
    await folder.writeConfig(['store: ./ml-connector.db']);
    expect((await folder.cli(['status', '--json'])).code).toBe(0);
    await chmod(ledger(), 0o644);
    const res = await folder.cli(['status', '--json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${ledger()} has mode 644`);
    expect(res.stderr).toContain('STORE_FILE_MODE');
    await chmod(ledger(), 0o600);
    expect((await folder.cli(['status', '--json'])).code).toBe(0);
  });

  it('refuses a -wal companion others can read', async () => {
    folder = await cliFolder('mlc-ledger-');
    await folder.writeConfig(['store: ./ml-connector.db']);
    expect((await folder.cli(['status', '--json'])).code).toBe(0);
    // a WAL left behind by a crashed process, created before this version
    await writeFile(`${ledger()}-wal`, '', { mode: 0o644 });
    await chmod(`${ledger()}-wal`, 0o644);
    const res = await folder.cli(['status', '--json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${ledger()}-wal has mode 644`);
  });

  it('the temporary file accounts spill to while grouping is private too', async () => {
    folder = await cliFolder('mlc-spill-');
    const groups = openKeyGroups<{ key: string; name: string }>({
      key: (r) => r.key,
      inMemoryLimit: 1,
      spillDir: folder.dir,
    });
    try {
      groups.add([
        { key: 'a', name: 'Contact A' },
        { key: 'b', name: 'Contact B' },
      ]);
      const spilled = (await readdir(folder.dir)).filter((f) => f.startsWith('ml-connector-groups-'));
      expect(spilled).toHaveLength(1);
      expect(await mode(path.join(folder.dir, spilled[0] ?? ''))).toBe('600');
    } finally {
      groups.close();
    }
  });
});
