/**
 * Secret references: config files name secrets, they never contain them. `env:NAME` reads an
 * environment variable (passed in, never read here); `vault:NAME` reads the encrypted vault entry
 * NAME of the connection (e.g. `vault:hubspot.token`).
 */
import { z } from 'zod';

/** `env:NAME` or `vault:NAME`. NAME: letters, digits, `_`, `.`, `-`; starts with a letter or `_`. */
export const SECRET_REF_PATTERN = /^(env|vault):([A-Za-z_][A-Za-z0-9_.-]{0,127})$/;

export type SecretRef = `env:${string}` | `vault:${string}`;

export interface ParsedSecretRef {
  source: 'env' | 'vault';
  name: string;
}

/** Parses a reference; null for anything else (which, in a config file, is an inline secret). */
export function parseSecretRef(value: string): ParsedSecretRef | null {
  const match = SECRET_REF_PATTERN.exec(value);
  if (!match) return null;
  return { source: match[1] as 'env' | 'vault', name: match[2] as string };
}

/**
 * A config field that holds a secret. The error never echoes the value: an inline secret in the
 * file must not end up in terminal output or logs.
 */
export const secretRefSchema = z
  .string({ error: 'must be a secret reference (env:NAME or vault:NAME)' })
  .refine((value) => SECRET_REF_PATTERN.test(value), {
    error: 'must be a secret reference (env:NAME or vault:NAME); inline secrets are not allowed',
    abort: true,
  })
  .transform((value) => value as SecretRef)
  .describe('A secret reference: `env:NAME` (environment variable) or `vault:NAME` (encrypted vault entry).');
