/**
 * Replay over the engine, shared by `ml-connector replay` and the dashboard. A record with a stored snapshot (failed at the target,
 * or quarantined by a target's validation rule) is re-sent from it by the engine's `replayFailed`; a record without one (quarantined: the QAD
 * data itself was invalid) or an order cannot be re-sent from a snapshot, so its flow runs again
 * and re-reads the source — after the operator fixed the record in QAD its change stamp moved and
 * the run picks it up. Either way the result counts the requested records that are ok afterwards.
 */
import { FLOW_IDS, type FlowId, type RecordLink } from '../core/store-port.js';
import { runPass } from '../engine/runner.js';
import type { SyncRegistry, SyncRuntime } from '../flows/connection.js';
import { replayOrders } from '../flows/orders/index.js';
import { REPLAYABLE_FLOWS, replayFailed } from '../flows/replay.js';

/** Replay one record, or every failed record (optionally of one connection). */
export type ReplayRequest =
  | { connection: string; flow: FlowId; sourceKey: string }
  | { failed: true; connection?: string }
  /** A confirmed scope of one flow (the dashboard's group replay): these keys, if not ok. */
  | { connection: string; flow: FlowId; sourceKeys: readonly string[] };

/** What a replay did: records re-sent, and how many of those now succeed / still fail. */
export interface ReplayResult {
  replayed: number;
  ok: number;
  failed: number;
  /** The records still failing, per error code (most first). */
  stillFailing?: { code: string; count: number }[];
}

export interface EngineReplayOptions {
  /** The runtime of a connection (cached by the caller; the run command already holds them). */
  runtime(connection: string): Promise<SyncRuntime>;
  /** Connections a `{ failed: true }` replay without a connection covers. */
  connections(): readonly string[];
  /** Flows the re-read may run (normally `defaultFlowRegistry()` plus orders). */
  registry: SyncRegistry;
}

/** A record refused by the target (failed, or quarantined by a target rule) with a payload to re-send. */
function resendable(link: RecordLink): boolean {
  return REPLAYABLE_FLOWS.includes(link.flow) && link.snapshot !== null && link.state !== 'ok';
}

/** Replays records of one connection; returns how many of `targets` are ok afterwards. */
async function replayLinks(
  rt: SyncRuntime,
  registry: SyncRegistry,
  targets: RecordLink[],
): Promise<ReplayResult> {
  if (targets.length === 0) return { replayed: 0, ok: 0, failed: 0 };
  const resend = targets.filter(resendable);
  if (resend.length > 0) await replayFailed(rt, { keys: resend.map((l) => l.sourceKey) });
  // Orders are re-validated and re-submitted by deal id (exactly once: the PO guard still holds).
  const orders = targets.filter((l) => l.flow === 'orders');
  if (orders.length > 0) await replayOrders(rt, { keys: orders.map((l) => l.sourceKey) });
  const reread = [
    ...new Set(targets.filter((l) => !resendable(l) && l.flow !== 'orders').map((l) => l.flow)),
  ].filter((f) => registry.has(f));
  if (reread.length > 0) await runPass(rt, { registry, flows: reread });
  let ok = 0;
  const byCode = new Map<string, number>();
  for (const t of targets) {
    const after = (await rt.store.getLinks(t.connection, t.flow, [t.sourceKey])).get(t.sourceKey);
    if (after?.state === 'ok') ok += 1;
    else {
      const code = after?.lastError?.code ?? 'INTERNAL';
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
  }
  const stillFailing = [...byCode]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count);
  return { replayed: targets.length, ok, failed: targets.length - ok, stillFailing };
}

/** Links of one key in any flow of a connection that are not ok (what `replay <key>` targets). */
export async function linksOfKey(rt: SyncRuntime, sourceKey: string): Promise<RecordLink[]> {
  const out: RecordLink[] = [];
  for (const flow of FLOW_IDS) {
    const link = (await rt.store.getLinks(rt.connection.name, flow, [sourceKey])).get(sourceKey);
    if (link && link.state !== 'ok') out.push(link);
  }
  return out;
}

/** Replays one key (in whichever flow holds it) or every failed record of one connection. */
export async function replayConnection(
  rt: SyncRuntime,
  registry: SyncRegistry,
  target: { sourceKey: string } | { failed: true },
): Promise<ReplayResult> {
  const links =
    'sourceKey' in target
      ? await linksOfKey(rt, target.sourceKey)
      : await rt.store.listLinks({ connection: rt.connection.name, states: ['failed'], limit: 100_000 });
  return replayLinks(rt, registry, links);
}

/** Builds the `replay` dependency of `startDashboard` from engine runtimes. */
export function createEngineReplay(opts: EngineReplayOptions): (req: ReplayRequest) => Promise<ReplayResult> {
  return async (req) => {
    if ('sourceKeys' in req) {
      const rt = await opts.runtime(req.connection);
      const links = await rt.store.getLinks(req.connection, req.flow, req.sourceKeys);
      return replayLinks(
        rt,
        opts.registry,
        [...links.values()].filter((l) => l.state !== 'ok'),
      );
    }
    if (!('failed' in req)) {
      const rt = await opts.runtime(req.connection);
      const link = (await rt.store.getLinks(req.connection, req.flow, [req.sourceKey])).get(req.sourceKey);
      return replayLinks(rt, opts.registry, link && link.state !== 'ok' ? [link] : []);
    }
    const total: ReplayResult = { replayed: 0, ok: 0, failed: 0, stillFailing: [] };
    const names = req.connection ? [req.connection] : opts.connections();
    for (const name of names) {
      const rt = await opts.runtime(name);
      const failed = await rt.store.listLinks({ connection: name, states: ['failed'], limit: 100_000 });
      const r = await replayLinks(rt, opts.registry, failed);
      total.replayed += r.replayed;
      total.ok += r.ok;
      total.failed += r.failed;
      total.stillFailing?.push(...(r.stillFailing ?? []));
    }
    return total;
  };
}
