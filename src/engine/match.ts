/**
 * Matching before creating: for records the ledger has never linked, find the target record a
 * lived-in portal already holds (by the flow's rules, in order) so it is adopted instead of
 * duplicated. Generic over the target: a flow supplies the candidate index (what exists, by rule
 * and normalised value) and the match values of each record; this module owns the decision:
 *
 * - a candidate carrying a different source key is never taken; one that another source record of
 *   the same read also matches makes the match ambiguous for both (adopting it would merge two
 *   records, and creating would duplicate it) — see the contention pass below;
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
  /** Its associations when the index read them: object type → `{id, type}` (e.g. a contact's companies). */
  associations?: Readonly<Record<string, readonly { id: string; type: string }[]>>;
}

/** What the target holds, looked up by rule and normalised value. */
export interface CandidateIndex {
  lookup(rule: string, value: string): readonly MatchCandidate[];
  /** The record that already carries this source key, if any. */
  byOwnerKey(key: string): MatchCandidate | undefined;
  /** How many records carry no source key (could be adopted at all). */
  readonly unowned: number;
}

/** What matching decided for one record. */
export type MatchDecision =
  | { kind: 'adopt'; rule: string; candidate: MatchCandidate }
  | {
      kind: 'ambiguous';
      rule: string;
      candidates: string[];
      /** Other source records whose match is the same target record (e.g. a shared e-mail). */
      contenders?: string[];
    }
  | { kind: 'none' };

/** A source record as matching sees it: its key and normalised values by rule. */
export interface MatchSubject {
  key: string;
  values: Readonly<Record<string, string | undefined>>;
}

/** Every source record of the run's read, page by page (the contention pass). */
export type MatchSubjects = () => AsyncIterable<readonly MatchSubject[]>;

/** Contending source keys kept per target record (enough to name them in an error). */
const CONTENDERS_KEPT = 5;

/** Who owns a mapped property on a record the connector did not create. */
export type WritePolicy = 'always' | 'if-empty' | 'never';
export const WRITE_POLICIES: readonly WritePolicy[] = ['always', 'if-empty', 'never'];

/** The index, and which source records claim each target record (from the contention pass). */
interface Prepared {
  index: CandidateIndex;
  /** Target id → source keys whose candidates include it (at most CONTENDERS_KEPT + 1 kept). */
  claims: Map<string, string[]> | undefined;
}

/**
 * Matches records of one run. One instance per run and flow: it loads the index once (lazily, on
 * the first record that needs it) and remembers the candidates adopted in this run, so two
 * records never adopt the same target record.
 *
 * With `subjects` (every source record of the run's read) it first finds, for each target record,
 * every source record whose candidates include it — before any decision — so a target record two
 * source records could claim is nobody's, whichever of them is read first: two QAD contacts sharing
 * the rep's contact's e-mail, or two QAD items matching one product by name. Without that pass, the
 * first one read would adopt it and only the second would be reported.
 */
export class RecordMatcher {
  readonly rules: readonly string[];
  readonly #load: () => Promise<CandidateIndex>;
  readonly #subjects: MatchSubjects | undefined;
  #prepared: Promise<Prepared> | undefined;
  /** Candidate id → the source key that adopted it in this run. */
  readonly #claimed = new Map<string, string>();

  constructor(rules: readonly string[], load: () => Promise<CandidateIndex>, subjects?: MatchSubjects) {
    this.rules = rules;
    this.#load = load;
    this.#subjects = subjects;
  }

  /** The same matcher that also runs the contention pass over `subjects` before deciding. */
  withSubjects(subjects: MatchSubjects): RecordMatcher {
    return new RecordMatcher(this.rules, this.#load, subjects);
  }

  async #prepare(): Promise<Prepared> {
    const index = await this.#load();
    // an empty portal, or one whose every record carries a key, has nothing to contend for
    if (this.#subjects === undefined || index.unowned === 0) return { index, claims: undefined };
    const claims = new Map<string, string[]>();
    for await (const page of this.#subjects())
      for (const subject of page) {
        const found = this.#candidates(index, subject.key, subject.values);
        for (const c of found?.candidates ?? []) {
          const keys = claims.get(c.id) ?? [];
          if (!keys.includes(subject.key) && keys.length <= CONTENDERS_KEPT) keys.push(subject.key);
          claims.set(c.id, keys);
        }
      }
    return { index, claims };
  }

  /**
   * Decides for each record (`values`: rule → normalised value, absent when the record has none)
   * in the order given. Loads the index on first use.
   */
  async decide(records: readonly MatchSubject[]): Promise<Map<string, MatchDecision>> {
    const out = new Map<string, MatchDecision>();
    if (this.rules.length === 0 || records.length === 0) return out;
    this.#prepared ??= this.#prepare();
    const prepared = await this.#prepared;
    for (const record of records) out.set(record.key, this.#decideOne(prepared, record.key, record.values));
    return out;
  }

  /**
   * The record's candidates: those of the first rule (in order) that has any not carrying another
   * source key; undefined when the target already carries the record's own key or no rule finds one.
   */
  #candidates(
    index: CandidateIndex,
    key: string,
    values: Readonly<Record<string, string | undefined>>,
  ): { rule: string; candidates: MatchCandidate[] } | undefined {
    if (index.byOwnerKey(key) !== undefined) return undefined;
    for (const rule of this.rules) {
      const value = values[rule];
      if (value === undefined || value === '') continue;
      const free = index.lookup(rule, value).filter((c) => !this.#ownedByOther(c, key));
      const unique = [...new Map(free.map((c) => [c.id, c])).values()];
      if (unique.length > 0) return { rule, candidates: unique };
    }
    return undefined;
  }

  #decideOne(
    { index, claims }: Prepared,
    key: string,
    values: Readonly<Record<string, string | undefined>>,
  ): MatchDecision {
    const found = this.#candidates(index, key, values);
    if (found === undefined) return { kind: 'none' };
    const { rule, candidates } = found;
    const ids = candidates.map((c) => c.id).sort(compareIds);
    // other source records whose candidates include one of these: nobody can tell whose it is
    const contenders = [
      ...new Set(candidates.flatMap((c) => (claims?.get(c.id) ?? []).filter((k) => k !== key))),
    ].sort();
    const claimedInRun = candidates
      .map((c) => this.#claimed.get(c.id))
      .filter((k) => k !== undefined && k !== key);
    for (const k of claimedInRun) if (!contenders.includes(k as string)) contenders.push(k as string);
    if (contenders.length > 0)
      return { kind: 'ambiguous', rule, candidates: ids, contenders: contenders.slice(0, CONTENDERS_KEPT) };
    if (candidates.length > 1) return { kind: 'ambiguous', rule, candidates: ids };
    const candidate = candidates[0] as MatchCandidate;
    this.#claimed.set(candidate.id, key);
    return { kind: 'adopt', rule, candidate };
  }

  #ownedByOther(c: MatchCandidate, key: string): boolean {
    return c.ownerKey !== null && c.ownerKey !== '' && c.ownerKey !== key;
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
