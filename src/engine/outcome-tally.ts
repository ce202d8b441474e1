/**
 * Tallies a committed batch of record outcomes two ways, for the `records.committed` event that
 * metrics count: every attempt (one per audited outcome), and every record that reached a result
 * — where a record failing again for the reason it already failed with is an attempt, not a new
 * failed record. The second needs the links as they were before the batch, read here for the
 * failed and quarantined outcomes only (usually none).
 */
import type { AuditAction, FlowId, LinkState, RecordLink, Store } from '../core/store-port.js';

/** What one outcome amounts to: its audit action, or `failed`/`quarantined` when it leaves the record so. */
export type OutcomeResult = AuditAction;

/** The part of a record outcome the tally reads, with the link state it leaves (null: untouched). */
export interface TalliedOutcome {
  sourceKey: string;
  action: AuditAction;
  state: LinkState | null;
  error?: { code: string } | null | undefined;
}

/** Attempts and records of one batch, by result. */
export interface OutcomeTally {
  attempts: Partial<Record<OutcomeResult, number>>;
  records: Partial<Record<OutcomeResult, number>>;
}

/** Results that count as records reached when the target acknowledged them. */
const DONE_RESULTS: ReadonlySet<OutcomeResult> = new Set(['created', 'updated', 'archived', 'replayed']);

/** The result an outcome is counted as. */
function resultOf(o: TalliedOutcome): OutcomeResult {
  return isRefused(o.state) ? o.state : o.action;
}

function isRefused(state: LinkState | null): state is 'failed' | 'quarantined' {
  return state === 'failed' || state === 'quarantined';
}

/** True when the record was already refused the same way: a re-attempt, not a new failure. */
function sameRefusal(before: RecordLink | undefined, state: LinkState, o: TalliedOutcome): boolean {
  return (
    before !== undefined &&
    before.state === state &&
    (before.lastError?.code ?? null) === (o.error?.code ?? null)
  );
}

/**
 * Tallies `outcomes` against the links as they are before the batch is committed (call it
 * before `commitBatch`). Unchanged records are neither attempts nor records.
 */
export async function tallyOutcomes(
  store: Pick<Store, 'getLinks'>,
  connection: string,
  flow: FlowId,
  outcomes: readonly TalliedOutcome[],
): Promise<OutcomeTally> {
  const tally: OutcomeTally = { attempts: {}, records: {} };
  const refusedKeys = outcomes
    .filter((o) => o.action !== 'unchanged' && isRefused(o.state))
    .map((o) => o.sourceKey);
  const before =
    refusedKeys.length > 0
      ? await store.getLinks(connection, flow, [...new Set(refusedKeys)])
      : new Map<string, RecordLink>();
  const add = (into: OutcomeTally['attempts'], result: OutcomeResult): void => {
    into[result] = (into[result] ?? 0) + 1;
  };
  for (const o of outcomes) {
    if (o.action === 'unchanged') continue;
    const result = resultOf(o);
    add(tally.attempts, result);
    if (isRefused(o.state)) {
      if (!sameRefusal(before.get(o.sourceKey), o.state, o)) add(tally.records, result);
    } else if (DONE_RESULTS.has(result)) {
      add(tally.records, result);
    }
  }
  return tally;
}

declare module '../core/events.js' {
  interface EventMap {
    /** The outcomes of a committed batch, tallied as attempts and as records (see outcome-tally.ts). */
    'records.committed': {
      connection: string;
      flow: FlowId;
      runId: string;
      attempts: Partial<Record<OutcomeResult, number>>;
      records: Partial<Record<OutcomeResult, number>>;
    };
  }
}
