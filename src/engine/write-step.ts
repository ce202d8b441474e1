/**
 * The write step of a sink: first attempts through the sink's `createNew` when it has one (what
 * it does not settle joins the upserts), upserts keyed on the unique property, archives, second
 * chances for rejected records, post-write steps (associations), and one outcome per item.
 *
 * It only reads outcomes. Splitting into calls the target accepts, isolating a refused record
 * from the rest of its call and naming the error belong to the sink's `target` (the HubSpot
 * connector), which answers one result per record. Infrastructure errors (auth, network after
 * retries, daily limit) propagate and abort the run.
 */
import type { RecordLink } from '../core/store-port.js';
import type { FlowContext, RecordOutcome } from './flow.js';
import { ownedProperties, type MatchDecision, type WritePolicy } from './match.js';
import type { WriteFailure, WriteResult } from './ports.js';
import type { CreateNewResult, RecordSink, RejectedItem, WriteItem, WrittenItem } from './sink.js';
import { payloadOfSnapshot, snapshotOf } from './snapshot.js';

/**
 * A first attempt: no link at all (what `createNew` gets). A record with history — even a failed
 * one without a target id — goes through the idempotent upsert, in the same batches as the other
 * changes.
 */
export function isFirstAttempt(item: WriteItem): boolean {
  return item.op === 'upsert' && item.link === undefined;
}

/**
 * Whether matching decides for an item (one that carries match values): an upsert never written,
 * or one whose link names no target because matching never settled it — left ambiguous, or
 * quarantined for its QAD data before any write (no payload kept). Fixing such a record in QAD
 * must not create a duplicate of the rep's record. A record that matching already sent on to be
 * created, and that HubSpot refused, is retried by key as before: matching it again would read
 * the whole portal for a decision already made.
 */
export function needsMatching(item: WriteItem): boolean {
  if (item.op !== 'upsert' || item.match === undefined || hasTarget(item.link)) return false;
  const link = item.link;
  return (
    link === undefined ||
    link.lastError?.code === 'AMBIGUOUS_MATCH' ||
    payloadOfSnapshot(link.snapshot) === null
  );
}

/** Whether a link names the target record. */
export function hasTarget(link: RecordLink | undefined): boolean {
  return typeof link?.targetId === 'string' && link.targetId !== '';
}

/** A rejected item from the target's answer for it. */
export function rejectedItem(item: WriteItem, failure: WriteFailure): RejectedItem {
  const rejected: RejectedItem = { item, error: { code: failure.code, message: failure.message } };
  if (failure.existingId !== undefined) rejected.existingId = failure.existingId;
  if (failure.quarantine === true) rejected.quarantine = true;
  return rejected;
}

/** Sends the items and returns one outcome per item (never throws for a per-record problem). */
export async function writeItems<T, C extends FlowContext>(
  ctx: C,
  sink: RecordSink<T, C>,
  items: readonly WriteItem[],
): Promise<RecordOutcome[]> {
  if (items.length === 0) return [];
  const matches = await matchFirstAttempts(sink, items);
  const ambiguous = ambiguousOutcomes(ctx, items, matches);
  if (ctx.dryRun) return [...planItems(ctx, sink, items, matches), ...ambiguous];
  let retries = 0;
  const off = ctx.events.onAny((name, payload) => {
    if (name === 'retry.scheduled' && (payload as { system?: string }).system === 'hubspot') retries += 1;
  });
  try {
    const written: WrittenItem[] = [];
    let rejected: RejectedItem[] = [];
    const adopting = items.filter((i) => matches.get(i.key)?.kind === 'adopt');
    // records the connector adopted earlier are written by id under the write policies
    const owned = items.filter(
      (i) => i.op === 'upsert' && i.adoptedBy !== undefined && typeof i.link?.targetId === 'string',
    );
    const byIdItems = new Set([...adopting, ...owned]);
    let upserts = items.filter((i) => i.op === 'upsert' && !byIdItems.has(i) && !matches.has(i.key));
    if (byIdItems.size > 0) await writeById(sink, adopting, owned, matches, written, rejected);
    const fresh = sink.createNew ? upserts.filter(isFirstAttempt) : [];
    if (sink.createNew && fresh.length > 0) {
      const created = settleAll(fresh, await sink.createNew(ctx, fresh));
      written.push(...created.written);
      rejected.push(...created.rejected);
      const sent = new Set(fresh);
      upserts = [...upserts.filter((i) => !sent.has(i)), ...created.upsert];
    }
    if (upserts.length > 0) {
      const results = await sink.target.batchUpsert(
        sink.objectType,
        sink.idProperty,
        upserts.map((i) => ({ key: i.key, properties: i.properties })),
      );
      settle(upserts, results, (i) => i.key, written, rejected);
    }
    // an archive without a target id has nothing to archive: it is done as it stands
    const archives = items.filter((i) => i.op === 'archive');
    const linked = archives.filter((i) => typeof i.link?.targetId === 'string');
    for (const item of archives) if (!linked.includes(item)) written.push({ item, id: '', created: false });
    if (linked.length > 0) {
      const ids = linked.map((i) => i.link?.targetId ?? '');
      const results = await sink.target.batchArchive(sink.objectType, ids);
      settle(linked, results, (i) => i.link?.targetId ?? '', written, rejected);
    }
    if (rejected.length > 0 && sink.resolveRejected) {
      const second = await sink.resolveRejected(ctx, rejected);
      written.push(...second.written);
      rejected = second.rejected;
    }
    const afterErrors = sink.afterWrite ? await sink.afterWrite(ctx, written) : new Map<string, never>();
    const detail = (item: WriteItem): Record<string, unknown> | null => {
      const d: Record<string, unknown> = {};
      if (retries > 0) d['retriesInRun'] = retries;
      if (item.notes.length > 0) d['notes'] = item.notes;
      return Object.keys(d).length > 0 ? d : null;
    };
    const outcomes: RecordOutcome[] = [];
    for (const w of written) {
      const afterError = afterErrors.get(w.item.key);
      const base = {
        sourceKey: w.item.key,
        targetId: w.id,
        snapshot: snapshotOf(w.item),
        detail: w.adopted === undefined ? detail(w.item) : { ...(detail(w.item) ?? {}), rule: w.adopted },
      };
      if (afterError) {
        outcomes.push({ ...base, action: 'failed', error: afterError });
      } else {
        const action = w.item.replay
          ? 'replayed'
          : w.adopted !== undefined
            ? 'adopted'
            : w.item.op === 'archive'
              ? 'archived'
              : w.created
                ? 'created'
                : 'updated';
        outcomes.push({ ...base, action, contentHash: w.item.hash });
      }
    }
    for (const r of rejected) {
      outcomes.push({
        sourceKey: r.item.key,
        action: r.quarantine === true ? 'quarantined' : 'failed',
        // the record's own target id, never the conflicting record's (that one is in the detail);
        // an adoption that failed keeps the record it adopted, so the next attempt writes that one by id
        targetId:
          r.item.link?.targetId ?? (r.item.matched?.kind === 'adopt' ? r.item.matched.candidate.id : null),
        snapshot: snapshotOf(r.item),
        error: r.error,
        detail: { ...(detail(r.item) ?? {}), ...(r.existingId ? { existingId: r.existingId } : {}) },
      });
    }
    return [...outcomes, ...ambiguous];
  } finally {
    off();
  }
}

/**
 * Sorts `items` into written and rejected by the target's results (matched on `keyOf(item)`).
 * An item the target did not answer for breaks the writer's contract: it fails as INTERNAL and
 * is sent again next run (a system error is never taken for the record's own fault).
 */
function settle(
  items: readonly WriteItem[],
  results: readonly WriteResult[],
  keyOf: (item: WriteItem) => string,
  written: WrittenItem[],
  rejected: RejectedItem[],
): void {
  const byKey = new Map(results.map((r) => [r.key, r]));
  for (const item of items) {
    const r = byKey.get(keyOf(item));
    if (r === undefined)
      rejected.push({
        item,
        error: { code: 'INTERNAL', message: 'the target answered nothing for this record' },
      });
    else if (r.ok) written.push({ item, id: r.id, created: r.created });
    else rejected.push(rejectedItem(item, r.error));
  }
}

/**
 * Holds a sink's `createNew` answer to its contract: each item it was given lands in exactly one
 * list (first one wins), written items are marked `viaCreateNew`, and an item the hook
 * forgot is upserted rather than left without an outcome.
 */
function settleAll(given: readonly WriteItem[], result: CreateNewResult): CreateNewResult {
  const pending = new Set(given);
  const take = (item: WriteItem): boolean => pending.delete(item);
  const written = result.written.filter((w) => take(w.item)).map((w) => ({ ...w, viaCreateNew: true }));
  const rejected = result.rejected.filter((r) => take(r.item));
  const upsert = result.upsert.filter(take);
  return { written, rejected, upsert: [...upsert, ...pending] };
}

/**
 * Decides matching for the first attempts among `items` not decided yet (sinks with a matcher),
 * in the order given, and records the decision on each item (`matched`).
 */
export async function decideMatches<T, C extends FlowContext>(
  sink: RecordSink<T, C>,
  items: readonly WriteItem[],
): Promise<void> {
  if (!sink.matcher || !sink.byId) return;
  const open = items.filter((i) => needsMatching(i) && i.matched === undefined);
  if (open.length === 0) return;
  const decided = await sink.matcher.decide(open.map((i) => ({ key: i.key, values: i.match ?? {} })));
  for (const item of open) item.matched = decided.get(item.key) ?? { kind: 'none' };
}

/** Which kind of write call an item goes out in ('none': it is settled without a call). */
export type WriteRoute = 'by-id' | 'by-key' | 'archive' | 'none';

/**
 * The call an item needs: adopted records (this run's and earlier ones) are updated by id, the
 * rest upserted or created by key; an ambiguous match needs no call. Call after `decideMatches`.
 */
export function writeRoute(item: WriteItem): WriteRoute {
  if (item.op === 'archive') return 'archive';
  if (item.matched?.kind === 'ambiguous') return 'none';
  if (item.matched?.kind === 'adopt') return 'by-id';
  return item.adoptedBy !== undefined && typeof item.link?.targetId === 'string' ? 'by-id' : 'by-key';
}

/** Adopt or ambiguous decisions by key for `items` (records with no match are created). */
async function matchFirstAttempts<T, C extends FlowContext>(
  sink: RecordSink<T, C>,
  items: readonly WriteItem[],
): Promise<Map<string, MatchDecision>> {
  await decideMatches(sink, items);
  const out = new Map<string, MatchDecision>();
  for (const item of items) if (item.matched && item.matched.kind !== 'none') out.set(item.key, item.matched);
  return out;
}

/** Ambiguous matches: quarantined with the candidate ids (nothing is written). */
function ambiguousOutcomes(
  ctx: FlowContext,
  items: readonly WriteItem[],
  matches: ReadonlyMap<string, MatchDecision>,
): RecordOutcome[] {
  const outcomes: RecordOutcome[] = [];
  for (const item of items) {
    const d = matches.get(item.key);
    if (d?.kind !== 'ambiguous') continue;
    const message = ambiguityMessage(item.key, d);
    if (ctx.dryRun)
      ctx.plan.add({
        flow: ctx.flowId,
        sourceKey: item.key,
        action: 'quarantine',
        targetId: null,
        properties: null,
        reason: message,
        rule: d.rule,
        candidates: d.candidates,
        ...(d.contenders ? { contenders: d.contenders } : {}),
      });
    outcomes.push({
      sourceKey: item.key,
      action: 'quarantined',
      targetId: null,
      snapshot: snapshotOf(item),
      error: { code: 'AMBIGUOUS_MATCH', message },
      detail: {
        rule: d.rule,
        candidates: d.candidates,
        ...(d.contenders ? { contenders: d.contenders } : {}),
      },
    });
  }
  return outcomes;
}

/** Why an ambiguous record was not adopted, and how a person settles it. */
function ambiguityMessage(key: string, d: Extract<MatchDecision, { kind: 'ambiguous' }>): string {
  const link = `pick one with \`ml-connector link ${key} <id>\``;
  const records =
    d.candidates.length === 1
      ? `HubSpot record ${d.candidates[0]}`
      : `${d.candidates.length} existing HubSpot records (${d.candidates.join(', ')})`;
  if (d.contenders && d.contenders.length > 0)
    return `matches ${records} by ${d.rule}, which ${d.contenders.join(', ')} also match${d.contenders.length === 1 ? 'es' : ''}; none was adopted — fix the shared ${d.rule} in QAD or ${link}`;
  return `matches ${records} by ${d.rule}; none was adopted — ${link}`;
}

function policyOf<T, C extends FlowContext>(sink: RecordSink<T, C>): (property: string) => WritePolicy {
  return (property) => (property === sink.idProperty ? 'always' : (sink.writePolicy?.(property) ?? 'always'));
}

/** What an adoption writes: the record's key plus the mapped fields its policies allow. */
function adoptionProperties<T, C extends FlowContext>(
  sink: RecordSink<T, C>,
  item: WriteItem,
  existing: Readonly<Record<string, string | null | undefined>>,
): Record<string, string> {
  return { ...ownedProperties(item.properties, existing, policyOf(sink)), [sink.idProperty]: item.key };
}

/**
 * Writes adopted records (this run's adoptions, and later changes of records adopted earlier) by
 * id in batch updates, under the sink's write policies. Current values come from the match index
 * for new adoptions and from one batch read for earlier ones (only when a policy needs them).
 */
async function writeById<T, C extends FlowContext>(
  sink: RecordSink<T, C>,
  adopting: readonly WriteItem[],
  owned: readonly WriteItem[],
  matches: ReadonlyMap<string, MatchDecision>,
  written: WrittenItem[],
  rejected: RejectedItem[],
): Promise<void> {
  const byId = sink.byId;
  if (!byId) throw new Error('writeById needs the sink to write by id');
  const inputs: { item: WriteItem; id: string; rule?: string; properties: Record<string, string> }[] = [];
  for (const item of adopting) {
    const d = matches.get(item.key);
    if (d?.kind !== 'adopt') continue;
    item.adoptedBy = d.rule;
    inputs.push({
      item,
      id: d.candidate.id,
      rule: d.rule,
      properties: adoptionProperties(sink, item, d.candidate.properties),
    });
  }
  const policy = policyOf(sink);
  const needed = new Set<string>();
  for (const item of owned)
    for (const p of Object.keys(item.properties)) if (policy(p) === 'if-empty') needed.add(p);
  const current =
    needed.size > 0
      ? await byId.read(
          owned.map((i) => i.link?.targetId as string),
          [...needed],
        )
      : new Map<string, Record<string, string | null>>();
  for (const item of owned) {
    const id = item.link?.targetId as string;
    inputs.push({ item, id, properties: adoptionProperties(sink, item, current.get(id) ?? {}) });
  }
  if (inputs.length === 0) return;
  const results = await byId.update(inputs.map((i) => ({ id: i.id, properties: i.properties })));
  const byKey = new Map(results.map((r) => [r.key, r]));
  for (const input of inputs) {
    const r = byKey.get(input.id);
    if (r === undefined)
      rejected.push({
        item: input.item,
        error: { code: 'INTERNAL', message: 'the target answered nothing for this record' },
      });
    else if (r.ok) {
      const w: WrittenItem = { item: input.item, id: input.id, created: false };
      if (input.rule !== undefined) w.adopted = input.rule;
      written.push(w);
    } else rejected.push(rejectedItem(input.item, r.error));
  }
}

function planItems<T, C extends FlowContext>(
  ctx: FlowContext,
  sink: RecordSink<T, C>,
  items: readonly WriteItem[],
  matches: ReadonlyMap<string, MatchDecision>,
): RecordOutcome[] {
  return items.flatMap((item): RecordOutcome[] => {
    const match = matches.get(item.key);
    if (match?.kind === 'ambiguous') return [];
    if (match?.kind === 'adopt') {
      ctx.plan.add({
        flow: ctx.flowId,
        sourceKey: item.key,
        action: 'adopt',
        targetId: match.candidate.id,
        properties: adoptionProperties(sink, item, match.candidate.properties),
        reason: null,
        rule: match.rule,
      });
      return [
        {
          sourceKey: item.key,
          action: 'adopted',
          targetId: match.candidate.id,
          detail: { rule: match.rule },
        },
      ];
    }
    const targetId = item.link?.targetId ?? null;
    const action = item.op === 'archive' ? 'archive' : targetId === null ? 'create' : 'update';
    ctx.plan.add({
      flow: ctx.flowId,
      sourceKey: item.key,
      action,
      targetId,
      properties: item.properties,
      reason: null,
    });
    return [
      {
        sourceKey: item.key,
        action: item.replay
          ? 'replayed'
          : action === 'archive'
            ? 'archived'
            : action === 'create'
              ? 'created'
              : 'updated',
        targetId,
      },
    ];
  });
}
