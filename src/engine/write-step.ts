/**
 * The write step of a HubSpot sink: first attempts through the sink's `createNew` when it has one
 * (what it does not settle joins the upserts), batch upserts (≤100, keyed on the unique property),
 * archives, second chances for rejected records, post-write steps (associations), and one outcome
 * per item.
 * A whole batch rejected as bad data (HTTP 400) is bisected so only the bad record fails.
 * Infrastructure errors (auth, network after retries, daily limit) propagate and abort the run.
 */
import { isConnectorError } from '../core/errors.js';
import { ERROR_CODES } from '../core/error-codes.js';
import type { FlowContext, RecordOutcome } from './flow.js';
import type { HsRecordError, HsUpsertResult } from './clients.js';
import type { CreateNewResult, HubSpotSink, RejectedItem, WriteItem, WrittenItem } from './sink.js';

/** HubSpot's batch input cap. */
export const HUBSPOT_BATCH_SIZE = 100;

/**
 * Rejections whose record is quarantined rather than failed: the target's own rules refuse the
 * data, so it is held (with the rule's message) until the data or the rule changes.
 */
const QUARANTINED_REJECTIONS: ReadonlySet<string> = new Set(['HUBSPOT_VALIDATION_RULE']);

/** Splits into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The snapshot kept on the link and in the audit row: what replay re-sends. */
export function snapshotOf(item: WriteItem): Record<string, unknown> {
  return { op: item.op, properties: item.properties, context: item.context };
}

/** Maps a HubSpot per-record error to one of our codes. */
export function errorCodeFor(error: HsRecordError): string {
  if (error.code in ERROR_CODES && error.code !== 'HTTP_STATUS') return error.code;
  if (error.status === 409 || error.category === 'CONFLICT' || error.category === 'OBJECT_ALREADY_EXISTS') {
    return 'HUBSPOT_CONFLICT';
  }
  if (error.category === 'VALIDATION_ERROR' || error.status === 400) return 'HUBSPOT_VALIDATION';
  return 'HTTP_STATUS';
}

/**
 * A first attempt: no link at all (what `createNew` gets). A record with history — even a failed
 * one without a target id — goes through the idempotent upsert, in the same batches as the other
 * changes.
 */
export function isFirstAttempt(item: WriteItem): boolean {
  return item.op === 'upsert' && item.link === undefined;
}

/** A rejected item from HubSpot's per-record error: our code, the message naming the existing id. */
export function rejectedItem(item: WriteItem, error: HsRecordError): RejectedItem {
  const existingId = error.existingId;
  const rej: RejectedItem = {
    item,
    error: {
      code: errorCodeFor(error),
      message:
        existingId !== undefined && !error.message.includes(existingId)
          ? `${error.message} (existing id ${existingId})`
          : error.message,
    },
  };
  if (existingId !== undefined) rej.existingId = existingId;
  return rej;
}

/** Sends the items and returns one outcome per item (never throws for a per-record problem). */
export async function writeItems<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
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
    for (const batch of chunk(upserts, HUBSPOT_BATCH_SIZE)) {
      const result = await upsertBisecting(ctx, sink, batch);
      written.push(...result.written);
      rejected.push(...result.rejected);
    }
    const archives = items.filter((i) => i.op === 'archive');
    for (const batch of chunk(archives, HUBSPOT_BATCH_SIZE)) {
      const ids = batch.map((i) => i.link?.targetId).filter((id): id is string => typeof id === 'string');
      if (ids.length > 0) await ctx.hubspot.batchArchive(sink.objectType, ids);
      for (const item of batch) written.push({ item, id: item.link?.targetId ?? '', created: false });
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
        action: QUARANTINED_REJECTIONS.has(r.error.code) ? 'quarantined' : 'failed',
        targetId: r.existingId ?? r.item.link?.targetId ?? null,
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

async function upsertBisecting<T>(
  ctx: FlowContext,
  sink: HubSpotSink<T>,
  batch: WriteItem[],
): Promise<{ written: WrittenItem[]; rejected: RejectedItem[] }> {
  let results: HsUpsertResult[];
  try {
    results = await ctx.hubspot.batchUpsert(
      sink.objectType,
      sink.idProperty,
      batch.map((i) => ({ key: i.key, properties: i.properties })),
    );
  } catch (error) {
    if (!isConnectorError(error) || error.kind !== 'data') throw error;
    if (batch.length === 1) {
      const item = batch[0] as WriteItem;
      return { written: [], rejected: [{ item, error: { code: error.code, message: error.message } }] };
    }
    const mid = Math.ceil(batch.length / 2);
    const left = await upsertBisecting(ctx, sink, batch.slice(0, mid));
    const right = await upsertBisecting(ctx, sink, batch.slice(mid));
    return { written: [...left.written, ...right.written], rejected: [...left.rejected, ...right.rejected] };
  }
  const byKey = new Map(results.map((r) => [r.key, r]));
  const written: WrittenItem[] = [];
  const rejected: RejectedItem[] = [];
  for (const item of batch) {
    const r = byKey.get(item.key);
    if (!r) {
      rejected.push({
        item,
        error: { code: 'HTTP_STATUS', message: 'HubSpot returned no result for this record' },
      });
    } else if (r.ok) {
      written.push({ item, id: r.id, created: r.created });
    } else {
      rejected.push(rejectedItem(item, r.error));
    }
  }
  return { written, rejected };
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
