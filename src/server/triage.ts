/**
 * The error queue by cause: records needing attention grouped by (connection, flow, error code),
 * each group with its count, oldest and newest update, the documented remedy (the error table
 * that generates docs/errors.md) and the actions that can help that cause. Held records
 * (resolved, excluded) are not in the queue.
 */
import { ERROR_CODES, type ErrorCode } from '../core/error-codes.js';
import type { FlowId, RecordLink } from '../core/store-port.js';

/** What an operator can do about a cause. */
export type CauseAction = 'replay' | 'exclude' | 'resolve';

export interface ErrorGroup {
  connection: string;
  flow: FlowId;
  code: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  summary: string;
  remedy: string;
  actions: CauseAction[];
  /** Why replay is not offered, when it is not. */
  noReplayBecause: string | null;
}

/**
 * Data refusals a replay cannot fix: the same payload would be refused the same way (the owner of
 * the email is still another contact). They change only when the data changes in QAD or the
 * conflict policy changes, and then the next sync sends them by itself.
 */
const REPLAY_CANNOT_HELP: ReadonlySet<string> = new Set(['HUBSPOT_CONFLICT']);

function known(code: string): code is ErrorCode {
  return code in ERROR_CODES;
}

/** The actions that make sense for an error code, and why replay is left out when it is. */
export function actionsFor(code: string): { actions: CauseAction[]; noReplayBecause: string | null } {
  if (REPLAY_CANNOT_HELP.has(code)) {
    return {
      actions: ['exclude', 'resolve'],
      noReplayBecause:
        'a replay re-sends the same data and is refused the same way; fix the data at its source',
    };
  }
  const kind = known(code) ? ERROR_CODES[code].kind : 'system';
  if (kind === 'data') return { actions: ['replay', 'exclude', 'resolve'], noReplayBecause: null };
  return { actions: ['replay', 'resolve'], noReplayBecause: null };
}

/** Groups records by (connection, flow, code), largest group first. */
export function groupByCause(links: readonly RecordLink[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const l of links) {
    const code = l.lastError?.code ?? 'INTERNAL';
    const id = `${l.connection}\u0000${l.flow}\u0000${code}`;
    const g = groups.get(id);
    if (g) {
      g.count += 1;
      g.firstSeenMs = Math.min(g.firstSeenMs, l.updatedAtMs);
      g.lastSeenMs = Math.max(g.lastSeenMs, l.updatedAtMs);
      continue;
    }
    const info = known(code) ? ERROR_CODES[code] : null;
    groups.set(id, {
      connection: l.connection,
      flow: l.flow,
      code,
      count: 1,
      firstSeenMs: l.updatedAtMs,
      lastSeenMs: l.updatedAtMs,
      summary: info?.summary ?? 'An error code this version does not document.',
      remedy: info?.remedy ?? 'See the record history and the server log.',
      ...actionsFor(code),
    });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
