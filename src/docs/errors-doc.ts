/**
 * Renders docs/errors.md from the error-code registry, so the troubleshooting guide lists every
 * code the product can emit and cannot drift from the code (a test compares the file).
 */
import { ERROR_CODES } from '../core/error-codes.js';
import { EXIT } from '../core/errors.js';
import { EXIT_MASS_CHANGE_HELD } from '../cli/mass-change-exit.js';

const KIND_EXIT: Record<string, string> = {
  config: `${EXIT.usage} (usage/config)`,
  auth: `${EXIT.auth} (connection/auth)`,
  transient: `${EXIT.auth} when it stops a run; retried first`,
  data: `${EXIT.partial} (partial: the record is kept for replay)`,
  system: `${EXIT.partial}`,
};

/** Codes whose exit code is their own rather than their kind's. */
const CODE_EXIT: Record<string, string> = {
  MASS_CHANGE_HELD: `${EXIT_MASS_CHANGE_HELD} (held: nothing written, waiting for a confirmation)`,
};

/** The whole Markdown document. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Troubleshooting by error code',
    '',
    '<!-- Generated from src/core/error-codes.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Every error ml-connector reports carries one of these codes: on the terminal as `error[CODE]: message`, in',
    '`--json` output and logs as `code`, in the audit trail of the record it concerns, and on the dashboard.',
    'The *kind* decides what happens next: `data` problems are per record (the record is quarantined or failed,',
    'the rest of its batch carries on, and `ml-connector replay` re-sends it once fixed); `transient` ones are',
    'retried with backoff; `config` and `auth` ones stop before anything moves.',
    '',
    '| Code | Kind | Exit code | What happened | What to do |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const [code, info] of Object.entries(ERROR_CODES)) {
    lines.push(
      `| \`${code}\` | ${info.kind} | ${CODE_EXIT[code] ?? KIND_EXIT[info.kind] ?? ''} | ${cell(info.summary)} | ${cell(info.remedy)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
