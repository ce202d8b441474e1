/**
 * What a link's snapshot holds and how a payload is hashed. The snapshot is the mapped payload
 * last sent for a record (`op`, `properties`, `context`): kept on the link and in the audit row,
 * it is what `replay` re-sends and what the unchanged check compares with. The content hash of a
 * payload covers its properties and its context (e.g. the contact's company id), so a record
 * whose association changed is sent again even when its properties did not.
 */
import { isRecord } from '../core/guards.js';
import { contentHash } from './hash.js';
import type { WriteItem } from './sink.js';

/** The snapshot kept on the link and in the audit row: what replay re-sends. */
export function snapshotOf(item: WriteItem): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {
    op: item.op,
    properties: item.properties,
    context: item.context,
  };
  if (item.adoptedBy !== undefined) snapshot['adoptedBy'] = item.adoptedBy;
  return snapshot;
}

/** Hash of what would be written: properties plus context (e.g. the associated company). */
export function itemHash(
  op: WriteItem['op'],
  properties: Record<string, string>,
  context: Record<string, string | null>,
): string {
  return contentHash(op === 'archive' ? { archived: true } : { properties, context });
}

/** The payload a snapshot (written by the write step) describes; null when it has none. */
export function payloadOfSnapshot(
  snapshot: Record<string, unknown> | null,
): Pick<WriteItem, 'op' | 'properties' | 'context'> | null {
  const properties = snapshot?.['properties'];
  if (!isRecord(properties)) return null;
  return {
    op: snapshot?.['op'] === 'archive' ? 'archive' : 'upsert',
    properties: properties as Record<string, string>,
    context: (snapshot?.['context'] ?? {}) as Record<string, string | null>,
  };
}

/** Hash of the payload a snapshot describes; null when it has none. */
export function snapshotHash(snapshot: Record<string, unknown> | null): string | null {
  const payload = payloadOfSnapshot(snapshot);
  return payload === null ? null : itemHash(payload.op, payload.properties, payload.context);
}

/** The rule by which the connector adopted the link's target record (or `link`); undefined when it created it. */
export function adoptedByOfSnapshot(snapshot: Record<string, unknown> | null): string | undefined {
  const value = snapshot?.['adoptedBy'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
