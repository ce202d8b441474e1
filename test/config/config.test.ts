import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appConfigSchema,
  loadConfig,
  resolveConfigPath,
  resolveSecretRef,
  validateConfig,
} from '../../src/config/index.js';
import { ConfigError } from '../../src/core/errors.js';

function connection(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'acme',
    hubspot: { hubId: 12345678, token: 'vault:hubspot.token' },
    qad: {
      baseUrl: 'https://acme.qad.com/clouderp',
      clientId: '0123456789abcdef0123456789abcdef',
      username: 'integration',
      password: 'vault:qad.password',
      domain: '10USA',
      entity: '10USACO',
    },
    ...overrides,
  };
}

function problems(data: unknown): string[] {
  try {
    validateConfig(data, 'ml-connector.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return ((error as ConfigError).details['issues'] as { path: string; message: string }[]).map(
      (i) => `${i.path}: ${i.message}`,
    );
  }
  throw new Error('expected a validation error');
}

describe('config schema', () => {
  it('applies defaults to a minimal config', () => {
    const config = validateConfig({ connections: [connection()] }, 'x.yaml');
    expect(config.store).toBe('./ml-connector.db');
    expect(config.keyFile).toBe('./.ml-connector/master.key');
    expect(config.log.level).toBe('info');
    expect(config.http).toEqual({ timeoutMs: 30000, maxRetries: 5, maxResponseBytes: 64 * 1024 * 1024 });
    const c = config.connections[0]!;
    expect(c.hubspot.apiVersion).toBe('2026-03');
    expect(c.hubspot.baseUrl).toBe('https://api.hubapi.com');
    expect(c.qad.auth).toBe('oauth');
    expect(c.qad.orders.channel).toBe('rest');
    expect(c.flows.accounts).toEqual({
      enabled: true,
      schedule: { everyMs: 900000 },
      mapping: {},
      match: ['domain', 'name'],
      writePolicy: {},
    });
    expect(c.flows.contacts.match).toEqual(['email']);
    expect(c.flows.catalog.match).toEqual(['sku', 'name']);
    expect(c.flows.contacts.emailConflict).toBe('report');
    expect(c.flows.catalog.archiveInactive).toBe(true);
    expect(c.flows.orders.amountTolerance).toBe(0.01);
  });

  it('accepts the full documented shape with mappings and several connections', () => {
    const full = {
      store: 'postgres://u@h/db',
      dashboard: { port: 0, token: 'env:ML_DASHBOARD_TOKEN' },
      connections: [
        connection({
          flows: {
            accounts: {
              schedule: { cron: '*/15 * * * *' },
              mapping: {
                name: 'cm_sort',
                city: { from: 'ad_city', transform: 'upper' },
                x: { const: 'y' },
                fax: null,
              },
            },
            orders: { enabled: false, closedWonStages: ['closedwon'] },
          },
        }),
        connection({
          name: 'beta-2',
          qad: {
            ...(connection().qad as object),
            baseUrl: 'http://127.0.0.1:9999/clouderp',
            orders: { channel: 'qxtend' },
            qxtend: { url: 'http://localhost:1/qxi/services/QdocWebService', receiver: 'QADERP' },
          },
        }),
      ],
    };
    const config = validateConfig(full, 'x.yaml');
    expect(config.connections[0]!.flows.accounts.mapping['city']).toEqual({
      from: 'ad_city',
      transform: 'upper',
    });
    expect(config.connections[1]!.qad.qxtend?.version).toBe('eB_2');
  });

  it('names the path and the expectation for a non-https URL', () => {
    const data = {
      connections: [
        connection({ qad: { ...(connection().qad as object), baseUrl: 'http://acme.qad.com/x' } }),
      ],
    };
    expect(problems(data)).toEqual([
      'connections[0].qad.baseUrl: must be an https URL (http is allowed only on loopback)',
    ]);
  });

  it('rejects credentials in URLs without echoing them', () => {
    const data = {
      connections: [
        connection({ qad: { ...(connection().qad as object), baseUrl: 'https://u:s3cretpw@acme.qad.com' } }),
      ],
    };
    const lines = problems(data);
    expect(lines).toEqual(['connections[0].qad.baseUrl: must not embed credentials (user:password@)']);
    expect(lines.join()).not.toContain('s3cretpw');
  });

  it('rejects an inline secret, naming the field and not the value', () => {
    const data = { connections: [connection({ hubspot: { hubId: 1, token: 'pat-na1-11111111-2222' } })] };
    const lines = problems(data);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^connections\[0\]\.hubspot\.token: must be a secret reference/);
    expect(lines.join()).not.toContain('pat-na1');
  });

  it('reports unknown keys, duplicate names, missing qxtend and bad cron, all at once', () => {
    const data = {
      extra: 1,
      connections: [
        connection({ flows: { catalog: { schedule: { cron: 'every day' } } } }),
        connection({ qad: { ...(connection().qad as object), orders: { channel: 'qxtend' } } }),
      ],
    };
    expect(problems(data).sort()).toEqual(
      [
        'extra: is not a known field',
        'connections[0].flows.catalog.schedule.cron: must be a valid cron expression (e.g. "*/15 * * * *")',
        'connections[1].name: must be unique ("acme" is also connections[0].name)',
        'connections[1].qad.qxtend: is required when orders.channel is qxtend',
      ].sort(),
    );
  });

  it('reports missing and mistyped fields with their paths', () => {
    const bad = connection({ hubspot: { hubId: -3 }, name: 'Bad Name' });
    const lines = problems({ log: { level: 'loud' }, connections: [bad] });
    expect(lines).toContain('connections[0].hubspot.hubId: must be a positive integer');
    expect(lines).toContain('connections[0].hubspot.token: is required');
    expect(lines).toContain('connections[0].name: must match ^[a-z0-9][a-z0-9-]{0,62}$');
    expect(lines.some((l) => l.startsWith('log.level: '))).toBe(true);
  });

  it('requires exactly one of everyMs and cron', () => {
    const lines = problems({
      connections: [connection({ flows: { orders: { schedule: { everyMs: 5000, cron: '* * * * *' } } } })],
    });
    expect(lines).toEqual(['connections[0].flows.orders.schedule: must set exactly one of everyMs or cron']);
  });

  it('exports the schema with descriptions for docs', () => {
    expect(appConfigSchema.shape.store.description).toMatch(/SQLite/);
  });
});

describe('config loader', () => {
  it('loads YAML, resolves relative paths against the file and reads the master key from env', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-config-'));
    const file = path.join(dir, 'ml-connector.yaml');
    await writeFile(file, `# comment\nstore: ./state.db\nconnections: []\n`);
    const loaded = await loadConfig({ path: file, env: { ML_CONNECTOR_MASTER_KEY: 'k' } });
    expect(loaded.config.store).toBe(path.join(dir, 'state.db'));
    expect(loaded.config.keyFile).toBe(path.join(dir, '.ml-connector/master.key'));
    expect(loaded.masterKey).toBe('k');
  });

  it('gives CONFIG_NOT_FOUND and a line-numbered syntax error without echoing content', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mlc-config-'));
    await expect(loadConfig({ path: path.join(dir, 'nope.yaml'), env: {} })).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
    });
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'store: ./a\nconnections: [\n  token: supersecretvalue\n');
    const error = await loadConfig({ path: file, env: {} }).catch((e: unknown) => e as ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toMatch(/bad\.yaml:\d+:\d+: YAML syntax error/);
    expect((error as Error).message).not.toContain('supersecretvalue');
  });

  it('picks --config, then ML_CONNECTOR_CONFIG, then ./ml-connector.yaml', () => {
    expect(resolveConfigPath({ flag: 'a.yaml', env: { ML_CONNECTOR_CONFIG: 'b.yaml' }, cwd: '/w' })).toBe(
      '/w/a.yaml',
    );
    expect(resolveConfigPath({ env: { ML_CONNECTOR_CONFIG: 'b.yaml' }, cwd: '/w' })).toBe('/w/b.yaml');
    expect(resolveConfigPath({ env: {}, cwd: '/w' })).toBe('/w/ml-connector.yaml');
  });

  it('resolves env and vault references and names the field when one is missing', async () => {
    const vault = (c: string, n: string): Promise<string | null> =>
      Promise.resolve(c === 'acme' && n === 'hubspot.token' ? 'tok' : null);
    const where = { connection: 'acme', path: 'hubspot.token' };
    await expect(resolveSecretRef('env:X', where, { env: { X: 'v' }, vault })).resolves.toBe('v');
    await expect(resolveSecretRef('vault:hubspot.token', where, { env: {}, vault })).resolves.toBe('tok');
    await expect(resolveSecretRef('env:Y', where, { env: {}, vault })).rejects.toThrow(
      'connection "acme" hubspot.token: environment variable Y is not set',
    );
    await expect(resolveSecretRef('vault:other', where, { env: {}, vault })).rejects.toMatchObject({
      code: 'CONFIG_SECRET_UNRESOLVED',
    });
  });
});
