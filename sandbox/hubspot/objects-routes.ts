/** Single-record endpoints: list, get, create, update, archive (vendor-facts.md: "List and batch read", "Records and default properties"). */
import { associationTypes } from './associations.js';
import { notFound, validationError } from './errors.js';
import { findRecord, checkIdProperty, readScopes, typeParam, writeScopes } from './lookup.js';
import { OBJECT_TYPE_NAMES, type ObjectType } from './object-types.js';
import { arrayParam, propertyHistory, toPublic, type PublicRecord } from './records.js';
import type { RequestContext, RouteDef } from './router.js';
import type { PortalState } from './state.js';
import type { StoredRecord } from './store.js';
import { problemError } from './batch.js';
import { asText } from './values.js';
import { checkProperties, commitArchive, commitCreate, commitUpdate } from './writes.js';

/** HubSpot's maximum page size for list calls. */
export const MAX_LIST_LIMIT = 100;

function parseLimit(raw: string | null, def: number, max: number): number {
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw validationError(`limit must be an integer between 1 and ${max}; got ${raw}`);
  return n;
}

function list(ctx: RequestContext) {
  const type = typeParam(ctx);
  const limit = parseLimit(ctx.query.get('limit'), 10, MAX_LIST_LIMIT);
  const archived = ctx.query.get('archived') === 'true';
  const after = ctx.query.get('after');
  const afterNum = after === null ? 0 : Number(after);
  if (!Number.isFinite(afterNum))
    throw validationError(`after must be a cursor returned by a previous page; got ${after}`);
  const store = ctx.state.records.of(type);
  const results = [];
  let i = store.lowerBound(afterNum);
  for (; i < store.ordered.length && results.length < limit; i++) {
    const rec = store.ordered[i];
    if (rec && rec.archived === archived) results.push(readView(ctx, type, rec));
  }
  while (i < store.ordered.length && store.ordered[i]?.archived !== archived) i++;
  const next = store.ordered[i];
  const body: Record<string, unknown> = { results };
  if (next) {
    const a = String(next.num);
    body['paging'] = { next: { after: a, link: `?after=${a}` } };
  }
  return { status: 200, body };
}

function getOne(ctx: RequestContext) {
  const type = typeParam(ctx);
  const idProperty = ctx.query.get('idProperty') ?? undefined;
  checkIdProperty(ctx.state, type, idProperty);
  const rec = findRecord(ctx.state, type, ctx.params['objectId'] ?? '', idProperty);
  const archived = ctx.query.get('archived') === 'true';
  if (!rec || rec.archived !== archived)
    throw notFound('Object not found.  objectId are usually numeric.', {
      id: [ctx.params['objectId'] ?? ''],
    });
  return { status: 200, body: readView(ctx, type, rec) };
}

/** A record as list and read answer it: `properties`, `associations`, `propertiesWithHistory`. */
function readView(ctx: RequestContext, type: ObjectType, rec: StoredRecord): PublicRecord {
  const pub = toPublic(
    ctx.state,
    type,
    rec,
    arrayParam(ctx.query, 'properties'),
    arrayParam(ctx.query, 'associations'),
  );
  const history = arrayParam(ctx.query, 'propertiesWithHistory');
  return history ? { ...pub, propertiesWithHistory: propertyHistory(rec, history) } : pub;
}

/** Resolves the target type of an inline association by its type id. */
function inlineTarget(from: ObjectType, typeId: number): ObjectType | undefined {
  return OBJECT_TYPE_NAMES.find((to) => associationTypes(from, to).some((t) => t.typeId === typeId));
}

/** Validates inline `associations` of a create input; returns a message when invalid. */
export function checkInlineAssociations(
  state: PortalState,
  from: ObjectType,
  raw: unknown,
): string | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return 'associations must be an array';
  for (const a of raw as { to?: { id?: unknown }; types?: { associationTypeId?: unknown }[] }[]) {
    const toId = asText(a?.to?.id);
    for (const t of a?.types ?? []) {
      const to = inlineTarget(from, Number(t?.associationTypeId));
      if (!to) return `${String(t?.associationTypeId)} is not a valid association type id for ${from}.`;
      const target = state.records.of(to).byId.get(toId);
      if (!target || target.archived) return `Association target ${to} ${toId} does not exist.`;
    }
  }
  return undefined;
}

/** Stores validated inline associations of a new record. */
export function applyInlineAssociations(
  state: PortalState,
  from: ObjectType,
  fromId: string,
  raw: unknown,
): void {
  if (!Array.isArray(raw)) return;
  for (const a of raw as { to: { id: unknown }; types?: { associationTypeId: unknown }[] }[]) {
    for (const t of a.types ?? []) {
      const typeId = Number(t.associationTypeId);
      const to = inlineTarget(from, typeId) as ObjectType;
      state.associations.associate(from, fromId, to, String(a.to.id), [typeId]);
    }
  }
}

function create(ctx: RequestContext) {
  const type = typeParam(ctx);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const checked = checkProperties(ctx.state, type, body['properties'], undefined, ctx.version);
  if ('status' in checked) throw problemError(checked);
  const bad = checkInlineAssociations(ctx.state, type, body['associations']);
  if (bad) throw validationError(bad);
  const rec = commitCreate(ctx.state, type, checked.changes, ctx.now);
  applyInlineAssociations(ctx.state, type, rec.id, body['associations']);
  return { status: 201, body: toPublic(ctx.state, type, rec, Object.keys(rec.props)) };
}

function update(ctx: RequestContext) {
  const type = typeParam(ctx);
  const idProperty = ctx.query.get('idProperty') ?? undefined;
  checkIdProperty(ctx.state, type, idProperty);
  const rec = findRecord(ctx.state, type, ctx.params['objectId'] ?? '', idProperty);
  if (!rec || rec.archived)
    throw notFound('Object not found.  objectId are usually numeric.', {
      id: [ctx.params['objectId'] ?? ''],
    });
  const checked = checkProperties(
    ctx.state,
    type,
    (ctx.body as { properties?: unknown } | null)?.properties,
    rec,
    ctx.version,
  );
  if ('status' in checked) throw problemError(checked);
  commitUpdate(ctx.state, type, rec, checked.changes, ctx.now);
  return { status: 200, body: toPublic(ctx.state, type, rec, Object.keys(rec.props)) };
}

function archive(ctx: RequestContext) {
  const type = typeParam(ctx);
  const rec = ctx.state.records.of(type).byId.get(ctx.params['objectId'] ?? '');
  if (rec) commitArchive(ctx.state, type, rec, ctx.now);
  return { status: 204 };
}

const BASE = '/crm/objects/{objectType}';

/** Routes of the single-record endpoints. */
export const objectRoutes: RouteDef[] = [
  { method: 'GET', template: BASE, kind: 'read', scopes: readScopes, handler: list },
  { method: 'POST', template: BASE, kind: 'write', scopes: writeScopes, handler: create },
  { method: 'GET', template: `${BASE}/{objectId}`, kind: 'read', scopes: readScopes, handler: getOne },
  { method: 'PATCH', template: `${BASE}/{objectId}`, kind: 'write', scopes: writeScopes, handler: update },
  { method: 'DELETE', template: `${BASE}/{objectId}`, kind: 'write', scopes: writeScopes, handler: archive },
];
