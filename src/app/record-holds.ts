/**
 * `resolve` and `exclude` (and lifting them), shared by the CLI and the dashboard: the operator's
 * hold on one record, with who and why, audited in the same transaction. The hold remembers the
 * record's content hash so the engine lifts it by itself when the record changes at its source.
 * Refused: a record that is ok (nothing to hold) and an order in flight (it may exist in QAD and
 * must be confirmed).
 */
import { DataError } from '../core/errors.js';
import type { FlowId, HoldKind, RecordLink, Store } from '../core/store-port.js';
import { quarantinedHash } from '../engine/holds.js';
import { snapshotHash } from '../engine/snapshot.js';

export interface HoldRequest {
  connection: string;
  flow: FlowId;
  sourceKey: string;
  kind: HoldKind;
  reason: string;
  /** Who: `cli:<user>`, `dashboard`, … */
  actor: string;
}

/** The content hash a held record is compared with on its next read (see engine/holds.ts). */
export function holdHashOf(link: RecordLink): string | null {
  const facts = link.snapshot?.['factsHash'];
  if (link.flow === 'orders') return typeof facts === 'string' ? facts : null;
  const payload = snapshotHash(link.snapshot);
  if (payload !== null) return payload;
  if (link.state === 'quarantined' && link.lastError !== null) return quarantinedHash(link.lastError.message);
  return null;
}

/** Sets a hold on a record that needs attention; returns the link it held. */
export async function holdRecord(store: Store, req: HoldRequest, nowMs: number): Promise<RecordLink> {
  const reason = req.reason.trim();
  if (reason === '') throw new DataError('RECORD_HOLD_REFUSED', `${req.kind}: a reason is required`);
  const link = (await store.getLinks(req.connection, req.flow, [req.sourceKey])).get(req.sourceKey);
  const what = `${req.connection} ${req.flow} ${req.sourceKey}`;
  if (link === undefined) throw new DataError('RECORD_HOLD_REFUSED', `${req.kind}: no record ${what}`);
  if (link.state === 'ok') {
    throw new DataError(
      'RECORD_HOLD_REFUSED',
      `${req.kind}: ${what} is ok; nothing to ${req.kind === 'excluded' ? 'exclude' : 'resolve'}`,
    );
  }
  if (link.orderStage === 'submitted' || link.orderStage === 'confirmed') {
    throw new DataError(
      'RECORD_HOLD_REFUSED',
      `${req.kind}: the order of deal ${req.sourceKey} is ${link.orderStage} in QAD's direction; it is finished by the next run, not held`,
    );
  }
  const contentHash = holdHashOf(link);
  await store.setHold(
    { ...req, reason, atMs: nowMs, contentHash },
    {
      connection: req.connection,
      flow: req.flow,
      sourceKey: req.sourceKey,
      runId: null,
      atMs: nowMs,
      action: req.kind,
      targetId: link.targetId,
      payloadHash: contentHash,
      payload: null,
      error: link.lastError,
      detail: { reason, actor: req.actor, state: link.state },
    },
  );
  return link;
}

/** Lifts a hold by hand; false when the record was not held. */
export async function releaseRecord(
  store: Store,
  req: Pick<HoldRequest, 'connection' | 'flow' | 'sourceKey' | 'actor'> & { reason: string },
  nowMs: number,
): Promise<boolean> {
  const hold = (await store.getHolds(req.connection, req.flow, [req.sourceKey])).get(req.sourceKey);
  if (hold === undefined) return false;
  await store.releaseHolds(
    [hold],
    [
      {
        connection: req.connection,
        flow: req.flow,
        sourceKey: req.sourceKey,
        runId: null,
        atMs: nowMs,
        action: 'released',
        targetId: null,
        payloadHash: null,
        payload: null,
        error: null,
        detail: {
          why: 'lifted by hand',
          reason: req.reason,
          actor: req.actor,
          kind: hold.kind,
          heldReason: hold.reason,
        },
      },
    ],
  );
  return true;
}
