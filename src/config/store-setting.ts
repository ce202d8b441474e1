/**
 * The `store:` setting: a SQLite file, a postgres:// URL, or — so the PostgreSQL password need not
 * sit in the file — `{ url, password: env:NAME }`. `vault:` cannot work for this one field: the
 * vault is kept in that very store, so the password must come from the environment. Resolved at
 * load time into the one location string the store, the queue and the workers open.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { Env } from './env.js';
import { parseSecretRef, secretRefSchema } from './secret-ref.js';

/** True for a PostgreSQL store location. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

const postgresStoreSchema = z
  .strictObject({
    url: z
      .string()
      .refine(isPostgresLocation, { error: 'must be a postgres:// URL' })
      .describe('PostgreSQL URL without a password, e.g. postgres://mlc@db.internal:5432/mlc.'),
    password: secretRefSchema
      .refine((ref) => parseSecretRef(ref)?.source === 'env', {
        error:
          'must be env:NAME: a vault: reference cannot work here, since the vault lives in this store (it is needed to open it)',
      })
      .describe('The PostgreSQL password as `env:NAME`.'),
  })
  .superRefine((store, ctx) => {
    let url: URL;
    try {
      url = new URL(store.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'must be a postgres:// URL' });
      return;
    }
    if (url.password !== '') {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'must not carry a password when `password` is set (it goes in password: env:NAME)',
      });
    }
  });

/** `store:` in the config file. */
export const storeSchema = z
  .union([z.string().min(1), postgresStoreSchema])
  .default('./ml-connector.db')
  .describe(
    'SQLite file (relative to the config file), a postgres:// URL, or `{ url, password: env:NAME }` to keep the PostgreSQL password out of the file.',
  );

/** The setting as written. */
export type StoreSetting = z.infer<typeof storeSchema>;

/**
 * The location to open: an absolute SQLite path, or the postgres:// URL with the password from the
 * environment filled in. `password` is returned so the caller can scrub it from every output.
 */
export function resolveStoreSetting(
  setting: StoreSetting,
  dir: string,
  env: Env,
): { location: string; password: string | undefined } {
  if (typeof setting === 'string') {
    return {
      location: isPostgresLocation(setting) ? setting : path.resolve(dir, setting),
      password: undefined,
    };
  }
  const name = parseSecretRef(setting.password)?.name ?? '';
  const password = env[name];
  if (password === undefined || password === '') {
    throw new ConfigError(
      'CONFIG_SECRET_UNRESOLVED',
      `store.password: environment variable ${name} is not set`,
    );
  }
  const url = new URL(setting.url);
  // fully percent-encoded: the URL setter leaves '%' and others as they are; pg decodes it back
  url.password = encodeURIComponent(password);
  return { location: url.toString(), password };
}
