/**
 * How the dashboard reads runs: a run row still `running` whose flow has no live lease (expired or
 * gone), or that a newer run of its flow followed, was killed — its process died before it could
 * record an outcome — and is shown as `killed`, not as running forever. Also the facts shown per
 * run (duration) and the connection-level outage a failed run points at.
 */
import type { LeaseRow, RunRecord } from '../core/store-port.js';

export type RunView = RunRecord & {
  /** The outcome to show: the stored one, or `killed`. */
  shownOutcome: RunRecord['outcome'] | 'killed';
  durationMs: number | null;
};

/** Marks killed runs among `runs` (any order) given the lease rows at `nowMs`. */
export function viewRuns(runs: readonly RunRecord[], leases: readonly LeaseRow[], nowMs: number): RunView[] {
  const latestStart = new Map<string, number>();
  for (const r of runs) {
    const k = `${r.connection}\u0000${r.flow}`;
    latestStart.set(k, Math.max(latestStart.get(k) ?? 0, r.startedAtMs));
  }
  return runs.map((r) => {
    const k = `${r.connection}\u0000${r.flow}`;
    let shownOutcome: RunView['shownOutcome'] = r.outcome;
    if (r.outcome === 'running') {
      const live = leases.some(
        (l) => l.connection === r.connection && l.flow === r.flow && l.expiresAtMs > nowMs,
      );
      if (!live || (latestStart.get(k) ?? 0) > r.startedAtMs) shownOutcome = 'killed';
    }
    const durationMs =
      r.endedAtMs === null
        ? shownOutcome === 'running'
          ? nowMs - r.startedAtMs
          : null
        : r.endedAtMs - r.startedAtMs;
    return { ...r, shownOutcome, durationMs };
  });
}

/** A system down or refusing our credential, as a failed run's error says. */
export interface Outage {
  system: 'QAD' | 'HubSpot';
  kind: 'unreachable' | 'credential rejected';
  code: string;
  message: string;
}

const CREDENTIAL = new Set([
  'QAD_AUTH_INVALID',
  'QAD_PERMISSION_DENIED',
  'HUBSPOT_AUTH_INVALID',
  'HUBSPOT_MISSING_SCOPES',
]);
const UNREACHABLE = new Set([
  'HTTP_NETWORK',
  'HTTP_TIMEOUT',
  'HTTP_SERVER_ERROR',
  'QAD_TENANT_NOT_FOUND',
  'HTTP_BAD_BODY',
]);

/** The outage a run's error points at; null for any other error (or none). */
export function outageOf(error: RunRecord['error']): Outage | null {
  if (error === null) return null;
  const credential = CREDENTIAL.has(error.code);
  if (!credential && !UNREACHABLE.has(error.code)) return null;
  const system =
    error.code.startsWith('QAD_') || /\bQAD\b/.test(error.message)
      ? 'QAD'
      : error.code.startsWith('HUBSPOT_') || /hubspot/i.test(error.message)
        ? 'HubSpot'
        : null;
  if (system === null) return null;
  return {
    system,
    kind: credential ? 'credential rejected' : 'unreachable',
    code: error.code,
    message: error.message,
  };
}
