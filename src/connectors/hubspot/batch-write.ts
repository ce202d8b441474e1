/**
 * Batch writes with per-record outcomes. This file is the one owner of how a write reaches
 * HubSpot in batches: at most MAX_BATCH_INPUTS inputs per call (longer lists are split here), one
 * `objectWriteTraceId` per input, `errors[]` read whatever the status (200, 201, 207), every
 * result mapped back to its input, and a whole-batch 400/409 bisected so the good records still
 * get written and the bad ones are isolated with HubSpot's own message (outcomes.ts names it with
 * our code). Callers — the engine's write step included — only read the outcomes; none of them
 * knows the batch size or HubSpot's error shapes.
 */
import { chunk } from '../../core/chunk.js';
import type { RetryMode } from '../../http/types.js';
import { okJson, parseHubSpotError, unexpected, type HubSpotTransport } from './transport.js';
import { toOutcomeError, unanswered } from './outcomes.js';
import type { HubSpotStandardError, WriteOutcome } from './types.js';

/** Largest batch HubSpot accepts (more inputs are a whole-batch 400; sandbox/hubspot/README.md). */
export const MAX_BATCH_INPUTS = 100;

/** One input: `key` identifies it in outcomes; `input` is the HubSpot input without a trace id. */
export interface BatchItem {
  key: string;
  input: Record<string, unknown>;
}

/** How to send one kind of batch and read its results back. */
export interface BatchSpec {
  path: string;
  /** Whether the endpoint takes `objectWriteTraceId` (object batches do; association batches do not). */
  traced: boolean;
  /** Key of a result when it carries no trace id (e.g. the id, or the idProperty value). */
  resultKey(result: Record<string, unknown>): string | undefined;
  /** Keys an error names when it carries no trace id (e.g. `context.ids`). */
  errorKeys(error: HubSpotStandardError): string[];
  /** The HubSpot id of a result (default `result.id`). */
  resultId?(result: Record<string, unknown>): string;
  /** Whether a result created the record (upsert: `new`). */
  created(result: Record<string, unknown>): boolean;
  /**
   * Whether a call that may have reached HubSpot may be repeated (default 'safe': reads, keyed
   * upserts, updates by id). Creates are 'safe' only when a unique property makes a repeat a 409.
   */
  retry?: RetryMode;
}

interface BatchBody {
  results?: Record<string, unknown>[];
  errors?: HubSpotStandardError[];
  numErrors?: number;
}

/** Writes `items` in chunks of MAX_BATCH_INPUTS, sequentially (concurrent writes to one type invite 423 locks). */
export async function writeBatches(
  t: HubSpotTransport,
  spec: BatchSpec,
  items: BatchItem[],
): Promise<WriteOutcome[]> {
  const out: WriteOutcome[] = [];
  for (const part of chunk(items, MAX_BATCH_INPUTS)) out.push(...(await writeChunk(t, spec, part)));
  return out;
}

async function writeChunk(t: HubSpotTransport, spec: BatchSpec, items: BatchItem[]): Promise<WriteOutcome[]> {
  if (items.length === 0) return [];
  const traces = items.map(() => t.nextTraceId());
  const inputs = items.map((item, i) =>
    spec.traced ? { ...item.input, objectWriteTraceId: traces[i] } : item.input,
  );
  const res = await t.call('POST', spec.path, {
    body: { inputs },
    ...(spec.retry !== undefined ? { retry: spec.retry } : {}),
  });
  if (res.status === 204)
    return items.map((item) => ({ key: item.key, ok: true, id: item.key, created: false }));
  if (res.status === 400 || res.status === 409) {
    if (items.length === 1) {
      const only = items[0] as BatchItem;
      return [{ key: only.key, ok: false, error: toOutcomeError(parseHubSpotError(res), res.status) }];
    }
    const mid = Math.ceil(items.length / 2);
    return [
      ...(await writeChunk(t, spec, items.slice(0, mid))),
      ...(await writeChunk(t, spec, items.slice(mid))),
    ];
  }
  if (res.status < 200 || res.status >= 300) unexpected(res, 'POST');
  const body = okJson<BatchBody>(res, 'POST');
  const byTrace = new Map(traces.map((trace, i) => [trace, i]));
  const byKey = new Map(items.map((item, i) => [item.key, i]));
  const outcomes: (WriteOutcome | undefined)[] = items.map(() => undefined);
  for (const result of body.results ?? []) {
    const trace = typeof result['objectWriteTraceId'] === 'string' ? result['objectWriteTraceId'] : undefined;
    const index =
      (trace !== undefined ? byTrace.get(trace) : undefined) ?? byKey.get(spec.resultKey(result) ?? '\u0000');
    const item = index === undefined ? undefined : items[index];
    if (index === undefined || item === undefined) continue;
    const id = spec.resultId?.(result) ?? String(result['id']);
    outcomes[index] = { key: item.key, ok: true, id, created: spec.created(result) };
  }
  for (const error of body.errors ?? []) {
    const fromTrace = (error.context?.['objectWriteTraceId'] ?? []).map((tr) => byTrace.get(tr));
    const fromKeys = spec.errorKeys(error).map((k) => byKey.get(k));
    const indexes = [...fromTrace, ...fromKeys].filter((i): i is number => i !== undefined);
    for (const index of new Set(indexes)) {
      const item = items[index];
      if (item !== undefined)
        outcomes[index] = { key: item.key, ok: false, error: toOutcomeError(error, res.status) };
    }
  }
  return items.map((item, i) => outcomes[i] ?? { key: item.key, ok: false, error: unanswered(res.status) });
}
