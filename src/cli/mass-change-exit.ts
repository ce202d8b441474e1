/**
 * How `sync` answers a run the mass-change guard held: its own exit code (5, documented in
 * docs/operations.md next to the others), because nothing was written and retrying will not help
 * until someone confirms; and who a `--confirm-mass-change` comes from, for the audit.
 */
import { userInfo } from 'node:os';
import { EXIT } from '../core/errors.js';
import type { PassResult } from '../engine/runner.js';

/** Exit code of a `sync` where a flow was held by the mass-change guard (and nothing failed harder). */
export const EXIT_MASS_CHANGE_HELD = EXIT.massChangeHeld;

/** Error code of a held flow run. */
export const MASS_CHANGE_HELD = 'MASS_CHANGE_HELD';

/** `cli:<os user>` — who confirmed, as the audit records it. */
export function cliConfirmer(env: Readonly<Record<string, string | undefined>>): string {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = env['USER'] ?? env['LOGNAME'];
  }
  return `cli:${user !== undefined && user !== '' ? user : 'unknown'}`;
}

/** The flows the guard held in these passes, for `--json` (`massChangeHeld`). */
export function heldFlows(
  passes: readonly PassResult[],
): { connection: string; flow: string; message: string }[] {
  return passes.flatMap((p) =>
    p.flows
      .filter((f) => f.error?.code === MASS_CHANGE_HELD)
      .map((f) => ({ connection: p.connection, flow: f.flow, message: f.error?.message ?? '' })),
  );
}
