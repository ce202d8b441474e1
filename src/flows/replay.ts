/**
 * `replay`: re-sends failed master-data records from the snapshot stored on their link (the exact
 * mapped payload that failed), through the same sink as a sync, under the flow's lease and as a
 * recorded run. Success is audited as `replayed`. Records without a snapshot (quarantined: the
 * QAD data itself is invalid) cannot be re-sent; they are re-read by the next sync once fixed in
 * QAD (their change stamp moves), and are reported as skipped here.
 */
import { chunk } from '../core/chunk.js';
import type { FlowId, RecordLink } from '../core/store-port.js';
import { commitOutcomes, type RecordOutcome } from '../engine/flow.js';
import { runFlow, type FlowRunResult } from '../engine/runner.js';
import type { WriteItem } from '../engine/sink.js';
import { adoptedByOfSnapshot, itemHash, payloadOfSnapshot } from '../engine/snapshot.js';
import { writeItems } from '../engine/write-step.js';
import { accountsSink } from './accounts/flow.js';
import { catalogSink } from './catalog/flow.js';
import type { SyncContext, SyncFlow, SyncRuntime } from './connection.js';
import { contactsSink } from './contacts/flow.js';
import type { HubSpotSink } from './master-data.js';

const SINKS: Partial<Record<FlowId, (ctx: SyncContext) => Promise<HubSpotSink<never>>>> = {
  accounts: accountsSink,
  contacts: contactsSink,
  catalog: catalogSink,
};

/** Flows whose failed records replay can re-send. */
export const REPLAYABLE_FLOWS: readonly FlowId[] = ['accounts', 'contacts', 'catalog'];

export interface ReplayOptions {
  /** Replay these source keys (any state except ok); default: every failed record. */
  keys?: readonly string[];
  signal?: AbortSignal;
}

/**
 * Rebuilds the write item a snapshot describes; null when there is nothing to re-send. A record
 * the connector adopted keeps its rule, so it is written by id under the flow's write policies, as
 * a sync would.
 */
export function itemFromSnapshot(link: RecordLink): WriteItem | null {
  const payload = payloadOfSnapshot(link.snapshot);
  if (payload === null) return null;
  const adoptedBy = adoptedByOfSnapshot(link.snapshot);
  return {
    key: link.sourceKey,
    ...payload,
    hash: itemHash(payload.op, payload.properties, payload.context),
    link,
    notes: [],
    replay: true,
    ...(adoptedBy === undefined ? {} : { adoptedBy }),
  };
}

/**
 * Why a record is not re-sent as it stands, or null: an ambiguous match is settled by a person
 * (`link`), since re-sending it would create the duplicate matching refused to make.
 */
export function notReplayable(link: RecordLink): string | null {
  if (link.lastError?.code === 'AMBIGUOUS_MATCH')
    return `an ambiguous match is not re-sent (it would duplicate a HubSpot record): pick one with \`ml-connector link ${link.sourceKey} <id>\``;
  return payloadOfSnapshot(link.snapshot) === null
    ? 'no snapshot to re-send: fix the record in QAD; the next sync re-reads it'
    : null;
}

/** Replays per flow; one recorded run per flow that has something to replay. */
export async function replayFailed(rt: SyncRuntime, opts: ReplayOptions = {}): Promise<FlowRunResult[]> {
  const results: FlowRunResult[] = [];
  for (const flow of REPLAYABLE_FLOWS) {
    const links = opts.keys
      ? [...(await rt.store.getLinks(rt.connection.name, flow, opts.keys)).values()].filter(
          (l) => l.state !== 'ok',
        )
      : await rt.store.listLinks({
          connection: rt.connection.name,
          flow,
          states: ['failed'],
          limit: 100_000,
        });
    if (links.length === 0) continue;
    const makeSink = SINKS[flow];
    if (!makeSink) continue;
    const definition: SyncFlow = {
      id: flow,
      dependsOn: [],
      async run(ctx) {
        const sink = await makeSink(ctx);
        const outcomes: RecordOutcome[] = [];
        const items: WriteItem[] = [];
        for (const link of links) {
          ctx.counts.read += 1;
          const reason = notReplayable(link);
          const item = reason === null ? itemFromSnapshot(link) : null;
          if (item) items.push(item);
          else outcomes.push({ sourceKey: link.sourceKey, action: 'skipped', detail: { reason } });
        }
        // one write call's worth at a time, so a stop request is honoured between calls
        const before = new Map(links.map((l) => [l.sourceKey, l]));
        for (const part of chunk(items, sink.target.writeBatchSize)) {
          // a replay that fails again keeps the reason it replaced in its audit row
          for (const o of await writeItems(ctx, sink, part)) outcomes.push(withPreviousError(o, before));
          if (ctx.signal.aborted) break;
        }
        await commitOutcomes(ctx, outcomes);
      },
    };
    results.push(
      await runFlow(rt, definition, {
        registry: new Map([[flow, definition]]),
        holder: `replay-${rt.connection.name}-${flow}-${rt.clock.nowMs()}`,
        plan: null,
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    );
  }
  return results;
}

/** Adds the reason the record failed with before this replay to a failed replay outcome. */
function withPreviousError(o: RecordOutcome, before: ReadonlyMap<string, RecordLink>): RecordOutcome {
  const previous = before.get(o.sourceKey)?.lastError ?? null;
  if (o.action === 'replayed' || previous === null) return o;
  return { ...o, detail: { ...(o.detail ?? {}), previousError: previous } };
}
