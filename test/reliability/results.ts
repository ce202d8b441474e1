/**
 * Measured numbers for docs/reliability.md: when MLC_RELIABILITY_RESULTS names a file, each case
 * appends one JSON line `{suite, case, runs, outcome}` to it. Otherwise a no-op.
 */
import { appendFileSync } from 'node:fs';

export function recordResult(suite: string, name: string, result: { runs: number; outcome: string }): void {
  const file = process.env['MLC_RELIABILITY_RESULTS'];
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify({ suite, case: name, ...result })}\n`);
}
