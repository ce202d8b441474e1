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
import type { FlowContext, RecordOutcome } from './flow.js';
import type { WriteFailure, WriteResult } from './ports.js';
import type { CreateNewResult, RecordSink, RejectedItem, WriteItem, WrittenItem } from './sink.js';
import { snapshotOf } from './snapshot.js';

/**
 * A first attempt: no link at all (what `createNew` gets). A record with history — even a failed
 * one without a target id — goes through the idempotent upsert, in the same batches as the other
 * changes.
 */
export function isFirstAttempt(item: WriteItem): boolean {
  return item.op === 'upsert' && item.link === undefined;
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
  if (ctx.dryRun) return planItems(ctx, items);
  let retries = 0;
  const off = ctx.events.onAny((name, payload) => {
    if (name === 'retry.scheduled' && (payload as { system?: string }).system === 'hubspot') retries += 1;
  });
  try {
    const written: WrittenItem[] = [];
    let rejected: RejectedItem[] = [];
    let upserts = items.filter((i) => i.op === 'upsert');
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
        detail: detail(w.item),
      };
      if (afterError) {
        outcomes.push({ ...base, action: 'failed', error: afterError });
      } else {
        const action = w.item.replay
          ? 'replayed'
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
        // the record's own target id, never the conflicting record's (that one is in the detail)
        targetId: r.item.link?.targetId ?? null,
        snapshot: snapshotOf(r.item),
        error: r.error,
        detail: { ...(detail(r.item) ?? {}), ...(r.existingId ? { existingId: r.existingId } : {}) },
      });
    }
    return outcomes;
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

function planItems(ctx: FlowContext, items: readonly WriteItem[]): RecordOutcome[] {
  return items.map((item) => {
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
    return {
      sourceKey: item.key,
      action: item.replay
        ? 'replayed'
        : action === 'archive'
          ? 'archived'
          : action === 'create'
            ? 'created'
            : 'updated',
      targetId,
    };
  });
}
