/**
 * `connect`'s credential check, before anything is stored: the config as it would be written
 * (a temporary copy beside it, so relative paths resolve the same) with the new secret given by
 * a process-local environment variable and the other system's secret stubbed, opened as an app;
 * then the checks of `ping` for the one system. Nothing is written to the vault or the config.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import { openApp } from '../app/compose.js';
import { pingSystem, type ConnectionCheck } from '../app/ping.js';
import { validateConfig } from '../config/index.js';
import { messageOf } from '../core/errors.js';
import type { CliContext } from './context.js';
import { setConnectionValues } from './yaml-edit.js';

const CHECK_VAR = 'ML_CONNECTOR_CONNECT_CHECK_SECRET';
const STUB_VAR = 'ML_CONNECTOR_CONNECT_CHECK_STUB';

export type CredentialCheck = { checked: true; checks: ConnectionCheck[] } | { checked: false; why: string };

/** Runs the system's checks against the would-be config; `secret` null keeps the stored one. */
export async function checkCredentials(
  ctx: CliContext,
  doc: Document,
  connection: string,
  system: 'hubspot' | 'qad',
  secret: string | null,
  values: Record<string, unknown>,
): Promise<CredentialCheck> {
  const trial = doc.clone();
  const other = system === 'hubspot' ? 'qad.password' : 'hubspot.token';
  const own = system === 'hubspot' ? 'hubspot.token' : 'qad.password';
  setConnectionValues(trial, connection, {
    ...values,
    [other]: `env:${STUB_VAR}`,
    ...(secret === null ? {} : { [own]: `env:${CHECK_VAR}` }),
  });
  const configPath = ctx.configPath();
  try {
    validateConfig(trial.toJS(), configPath);
  } catch (error) {
    return { checked: false, why: `the config is not complete yet: ${messageOf(error)}` };
  }
  const file = path.join(path.dirname(configPath), `.ml-connector-check-${randomUUID()}.yaml`);
  await writeFile(file, trial.toString({ lineWidth: 0 }), { mode: 0o600 });
  try {
    const app = await openApp({
      configPath: file,
      env: {
        ...ctx.deps.env,
        [STUB_VAR]: 'not-used-by-this-check',
        ...(secret === null ? {} : { [CHECK_VAR]: secret }),
      },
      cwd: ctx.deps.cwd,
      secrets: ctx.secrets,
      logLevel: 'silent',
    });
    try {
      return { checked: true, checks: await pingSystem(app, connection, system) };
    } finally {
      await app.close();
    }
  } finally {
    await rm(file, { force: true });
  }
}
