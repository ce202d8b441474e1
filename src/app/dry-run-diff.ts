/**
 * Field-level before → after for a dry run: for planned updates, reads the records' current values
 * from HubSpot (one batch read per flow, only the properties the change would send) and keeps the
 * fields whose value would change. Reads only; nothing is written.
 */
import type { HubSpotObjectType } from '../connectors/hubspot/index.js';
import type { FlowId } from '../core/store-port.js';
import type { PlannedChange } from '../engine/flow.js';
import type { ConnectionRuntime } from './runtime.js';

/** The HubSpot object each master-data flow writes. */
const OBJECT_TYPE: Partial<Record<FlowId, HubSpotObjectType>> = {
  accounts: 'companies',
  contacts: 'contacts',
  catalog: 'products',
};

export interface FieldChange {
  field: string;
  /** HubSpot's current value (null: empty, or a record still to be created). */
  before: string | null;
  after: unknown;
}

const text = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** The fields of `after` that differ from `before` (all non-empty ones when there is no before). */
export function fieldChanges(
  before: Record<string, string | null> | null,
  after: Record<string, unknown>,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, value] of Object.entries(after)) {
    const current = before?.[field] ?? null;
    if (text(current) === text(value)) continue;
    out.push({ field, before: current, after: value });
  }
  return out;
}

/** Current HubSpot values of the planned updates, by target id (empty for flows without a HubSpot object). */
export async function currentValues(
  rt: Pick<ConnectionRuntime, 'hubspot'>,
  flow: FlowId,
  changes: readonly PlannedChange[],
): Promise<Map<string, Record<string, string | null>>> {
  const type = OBJECT_TYPE[flow];
  const updates = changes.filter((c) => c.action === 'update' && c.targetId !== null && c.properties);
  const out = new Map<string, Record<string, string | null>>();
  if (type === undefined || updates.length === 0) return out;
  const ids = [...new Set(updates.map((c) => c.targetId as string))];
  const properties = [...new Set(updates.flatMap((c) => Object.keys(c.properties ?? {})))];
  const read = await rt.hubspot.batchRead(type, { ids }, properties);
  for (const object of read.results) out.set(object.id, object.properties);
  return out;
}
