/** Turns stored records into HubSpot's public record shapes (SPEC `SimplePublicObject…`). */
import { associationTypes } from './associations.js';
import { OBJECT_TYPES, findObjectType, type ObjectType } from './object-types.js';
import type { PortalState } from './state.js';
import type { StoredRecord } from './store.js';

/** A record as the API returns it. */
export interface PublicRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
  propertiesWithHistory?: Record<string, { value: string; timestamp: string; sourceType: string }[]>;
  objectWriteTraceId?: string;
}

/** Picks the requested properties (plus the always-returned id/create/modified ones). */
export function selectProperties(
  type: ObjectType,
  props: Readonly<Record<string, string>>,
  requested: readonly string[] | undefined,
): Record<string, string> {
  const names = requested && requested.length > 0 ? requested : OBJECT_TYPES[type].defaultProperties;
  const out: Record<string, string> = {};
  const info = OBJECT_TYPES[type];
  for (const n of [info.createdProperty, info.modifiedProperty, 'hs_object_id', ...names]) {
    const v = props[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/** The public shape of a record, optionally with v3-style `associations`. */
export function toPublic(
  state: PortalState,
  type: ObjectType,
  rec: StoredRecord,
  requested: readonly string[] | undefined,
  associations?: readonly string[],
): PublicRecord {
  const out: PublicRecord = {
    id: rec.id,
    properties: selectProperties(type, rec.props, requested),
    createdAt: new Date(rec.createdMs).toISOString(),
    updatedAt: new Date(rec.updatedMs).toISOString(),
    archived: rec.archived,
  };
  if (rec.archivedMs !== undefined && rec.archived) out.archivedAt = new Date(rec.archivedMs).toISOString();
  if (associations && associations.length > 0) {
    const assoc: Record<string, { results: { id: string; type: string }[] }> = {};
    for (const name of associations) {
      const to = findObjectType(name);
      if (!to) continue;
      const names = new Map(associationTypes(type, to).map((t) => [t.typeId, t.v3Name]));
      const results: { id: string; type: string }[] = [];
      for (const [toId, typeIds] of state.associations.list(type, rec.id, to)) {
        const target = state.records.of(to).byId.get(toId);
        if (!target || target.archived) continue;
        for (const t of typeIds) results.push({ id: toId, type: names.get(t) ?? String(t) });
      }
      if (results.length > 0) assoc[name] = { results };
    }
    if (Object.keys(assoc).length > 0) out.associations = assoc;
  }
  return out;
}

/**
 * An array query parameter (`properties`, `propertiesWithHistory`, `associations`): HubSpot's specs
 * declare them `style: form, explode: true` (repeated keys, which the official client sends) and
 * HubSpot also takes comma-separated values, so both forms, and a mix, are read.
 */
export function arrayParam(query: URLSearchParams, name: string): string[] | undefined {
  const names = query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length > 0 ? names : undefined;
}

/**
 * `propertiesWithHistory` of a record: the sandbox keeps no history, so each named property that
 * has a value reports that value once, stamped with the record's last update.
 */
export function propertyHistory(
  rec: StoredRecord,
  names: readonly string[],
): Record<string, { value: string; timestamp: string; sourceType: string }[]> {
  const out: Record<string, { value: string; timestamp: string; sourceType: string }[]> = {};
  for (const n of names) {
    const v = rec.props[n];
    if (v !== undefined)
      out[n] = [{ value: v, timestamp: new Date(rec.updatedMs).toISOString(), sourceType: 'API' }];
  }
  return out;
}
