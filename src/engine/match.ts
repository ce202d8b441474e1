/**
 * Matching before creating: for records the ledger has never linked, find the target record a
 * lived-in portal already holds (by the flow's rules, in order) so it is adopted instead of
 * duplicated. Generic over the target: a flow supplies the candidate index (what exists, by rule
 * and normalised value) and the match values of each record; this module owns the decision:
 *
 * - a candidate carrying a different source key is never taken; one adopted earlier in this run
 *   by another record makes the match ambiguous (adopting it twice would merge two records, and
 *   creating would duplicate it);
 * - a record whose own key the target already carries is not matched (the upsert finds it);
 * - per rule, in order: exactly one candidate → adopt; two or more → ambiguous (adopt none, list
 *   the candidate ids); none → the next rule; no rule left → create.
 *
 * The decision depends only on the index and the order records arrive in, so a dry run predicts
 * exactly what the real run does. Write policies (who owns which field on an adopted record)
 * are here too, because the write step applies them to adopted records and their later updates.
 */

/** A target record that may be adopted. */
export interface MatchCandidate {
  id: string;
  /** The source key the record already carries (our unique property), null when none. */
  ownerKey: string | null;
  /** Its current values of the mapped properties (for the write policies). */
  properties: Readonly<Record<string, string | null | undefined>>;
}

/** What the target holds, looked up by rule and normalised value. */
export interface CandidateIndex {
  lookup(rule: string, value: string): readonly MatchCandidate[];
  /** The record that already carries this source key, if any. */
  byOwnerKey(key: string): MatchCandidate | undefined;
}

/** What matching decided for one record. */
export type MatchDecision =
  | { kind: 'adopt'; rule: string; candidate: MatchCandidate }
  | { kind: 'ambiguous'; rule: string; candidates: string[] }
  | { kind: 'none' };

/** Who owns a mapped property on a record the connector did not create. */
export type WritePolicy = 'always' | 'if-empty' | 'never';
export const WRITE_POLICIES: readonly WritePolicy[] = ['always', 'if-empty', 'never'];

/**
 * Matches records of one run. One instance per run and flow: it loads the index once (lazily, on
 * the first record that needs it) and remembers the candidates adopted in this run, so two
 * records never adopt the same target record.
 */
export class RecordMatcher {
  readonly rules: readonly string[];
  readonly #load: () => Promise<CandidateIndex>;
  #index: Promise<CandidateIndex> | undefined;
  /** Candidate id → the source key that adopted it in this run. */
  readonly #claimed = new Map<string, string>();

  constructor(rules: readonly string[], load: () => Promise<CandidateIndex>) {
    this.rules = rules;
    this.#load = load;
  }

  /**
   * Decides for each record (`values`: rule → normalised value, absent when the record has none)
   * in the order given. Loads the index on first use.
   */
  async decide(
    records: readonly { key: string; values: Readonly<Record<string, string | undefined>> }[],
  ): Promise<Map<string, MatchDecision>> {
    const out = new Map<string, MatchDecision>();
    if (this.rules.length === 0 || records.length === 0) return out;
    this.#index ??= this.#load();
    const index = await this.#index;
    for (const record of records) out.set(record.key, this.#decideOne(index, record.key, record.values));
    return out;
  }

  #decideOne(
    index: CandidateIndex,
    key: string,
    values: Readonly<Record<string, string | undefined>>,
  ): MatchDecision {
    if (index.byOwnerKey(key) !== undefined) return { kind: 'none' };
    for (const rule of this.rules) {
      const value = values[rule];
      if (value === undefined || value === '') continue;
      const free = index.lookup(rule, value).filter((c) => !this.#ownedByOther(c, key));
      const unique = [...new Map(free.map((c) => [c.id, c])).values()];
      // a candidate another record of this run adopted: nobody can tell whose it is
      if (unique.some((c) => this.#claimedByOther(c, key)))
        return { kind: 'ambiguous', rule, candidates: unique.map((c) => c.id).sort(compareIds) };
      if (unique.length === 1) {
        const candidate = unique[0] as MatchCandidate;
        this.#claimed.set(candidate.id, key);
        return { kind: 'adopt', rule, candidate };
      }
      if (unique.length > 1)
        return { kind: 'ambiguous', rule, candidates: unique.map((c) => c.id).sort(compareIds) };
    }
    return { kind: 'none' };
  }

  #ownedByOther(c: MatchCandidate, key: string): boolean {
    return c.ownerKey !== null && c.ownerKey !== '' && c.ownerKey !== key;
  }

  #claimedByOther(c: MatchCandidate, key: string): boolean {
    const claimedBy = this.#claimed.get(c.id);
    return claimedBy !== undefined && claimedBy !== key;
  }
}

/** Numeric-string id order ("9" < "10"). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The properties to write onto a record the connector did not create: `never` ones are left out,
 * `if-empty` ones only where the record holds no value. `existing` = its current values.
 */
export function ownedProperties(
  properties: Readonly<Record<string, string>>,
  existing: Readonly<Record<string, string | null | undefined>>,
  policyOf: (property: string) => WritePolicy,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [property, value] of Object.entries(properties)) {
    const policy = policyOf(property);
    if (policy === 'never') continue;
    const current = existing[property];
    if (policy === 'if-empty' && current !== undefined && current !== null && current.trim() !== '') continue;
    out[property] = value;
  }
  return out;
}
