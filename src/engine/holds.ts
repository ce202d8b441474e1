/**
 * Operator holds during a run: a record an operator resolved or excluded is counted as skipped and
 * not attempted while its content hash is the one it was held with; read with another hash (its
 * source changed) the hold is lifted, audited as `released`, and the record goes through as usual.
 * Only records whose link is not ok are looked up, so a healthy page costs no extra query.
 */
import type { AuditEventInput, RecordHold, RecordLink } from '../core/store-port.js';
import type { FlowContext } from './flow.js';
import { contentHash } from './hash.js';

/** The content hash of a record quarantined with `message` (nothing mapped to hash). */
export function quarantinedHash(message: string): string {
  return contentHash({ quarantined: message });
}

/** Holds of the records among `links` that are not ok. */
export async function holdsAmong(
  ctx: Pick<FlowContext, 'store' | 'connection' | 'flowId'>,
  links: ReadonlyMap<string, RecordLink>,
): Promise<Map<string, RecordHold>> {
  const keys = [...links.values()].filter((l) => l.state !== 'ok').map((l) => l.sourceKey);
  if (keys.length === 0) return new Map();
  return ctx.store.getHolds(ctx.connection.name, ctx.flowId, keys);
}

/** A hold met by a record read with `hash`: still held, or to be released. */
export class HoldCheck {
  readonly #released: { hold: RecordHold; hash: string }[] = [];
  constructor(private readonly holds: ReadonlyMap<string, RecordHold>) {}

  /** True when the record stays held (count it as skipped); false when it is not (or no longer) held. */
  held(key: string, hash: string): boolean {
    const hold = this.holds.get(key);
    if (hold === undefined) return false;
    if (hold.contentHash === hash) return true;
    this.#released.push({ hold, hash });
    return false;
  }

  /** Lifts the holds whose record changed, with one `released` audit event each (not in dry-run). */
  async commit(ctx: Pick<FlowContext, 'store' | 'clock' | 'runId' | 'dryRun'>): Promise<number> {
    if (this.#released.length === 0 || ctx.dryRun) return this.#released.length;
    const atMs = ctx.clock.nowMs();
    const events: AuditEventInput[] = this.#released.map(({ hold, hash }) => ({
      connection: hold.connection,
      flow: hold.flow,
      sourceKey: hold.sourceKey,
      runId: ctx.runId,
      atMs,
      action: 'released',
      targetId: null,
      payloadHash: hash,
      payload: null,
      error: null,
      detail: {
        why: 'the record changed at its source',
        kind: hold.kind,
        reason: hold.reason,
        actor: hold.actor,
        heldHash: hold.contentHash,
      },
    }));
    await ctx.store.releaseHolds(
      this.#released.map((r) => r.hold),
      events,
    );
    return this.#released.length;
  }
}
