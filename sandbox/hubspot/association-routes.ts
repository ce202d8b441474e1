/** Association endpoints, record-level and batch (vendor-facts.md: "Associations"), v4 and date-versioned. */
import { associationTypes } from './associations.js';
import { batchInputs, batchResult, field } from './batch.js';
import { notFound, standardError, validationError, type StandardError } from './errors.js';
import { OBJECT_TYPES, resolveObjectType, type ObjectType } from './object-types.js';
import type { RequestContext, RouteDef } from './router.js';
import type { PortalState } from './state.js';

/** Association batch reads accept up to 1000 inputs (changelog 2025-02-10); we use it for all. */
export const MAX_ASSOCIATION_INPUTS = 1000;

function exists(state: PortalState, type: ObjectType, id: string): boolean {
  const r = state.records.of(type).byId.get(id);
  return r !== undefined && !r.archived;
}

function types(ctx: RequestContext, from: string, to: string): [ObjectType, ObjectType] {
  return [resolveObjectType(ctx.params[from] ?? ''), resolveObjectType(ctx.params[to] ?? '')];
}

function labelsOf(from: ObjectType, to: ObjectType, typeIds: number[]) {
  const defs = associationTypes(from, to);
  return typeIds.map((id) => {
    const d = defs.find((t) => t.typeId === id);
    return { category: 'HUBSPOT_DEFINED', typeId: id, ...(d?.label ? { label: d.label } : {}) };
  });
}

function defaultResult(from: string, to: string, typeId: number) {
  return {
    from: { id: from },
    to: { id: to },
    associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId },
  };
}

function missing(from: ObjectType, fromId: string, to: ObjectType, toId: string): string {
  return `${OBJECT_TYPES[from].singular} ${fromId} or ${OBJECT_TYPES[to].singular} ${toId} does not exist.`;
}

function putDefault(ctx: RequestContext) {
  const [from, to] = types(ctx, 'objectType', 'toObjectType');
  const fromId = ctx.params['objectId'] ?? '';
  const toId = ctx.params['toObjectId'] ?? '';
  if (!exists(ctx.state, from, fromId) || !exists(ctx.state, to, toId))
    throw notFound(missing(from, fromId, to, toId));
  const ids = ctx.state.associations.associate(from, fromId, to, toId);
  return batchResult(
    ctx,
    ctx.now,
    ids.map((t) => defaultResult(fromId, toId, t)),
    [],
    200,
  );
}

function specTypeIds(raw: unknown): number[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw validationError('A list of association types is required.');
  return raw.map((s) => Number((s as { associationTypeId?: unknown })?.associationTypeId));
}

function pairResult(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeIds: number[]) {
  return {
    fromObjectTypeId: OBJECT_TYPES[from].typeId,
    fromObjectId: fromId,
    toObjectTypeId: OBJECT_TYPES[to].typeId,
    toObjectId: toId,
    labels: labelsOf(from, to, typeIds).flatMap((l) => (l.label ? [l.label] : [])),
  };
}

function putLabelled(ctx: RequestContext) {
  const [from, to] = types(ctx, 'objectType', 'toObjectType');
  const fromId = ctx.params['objectId'] ?? '';
  const toId = ctx.params['toObjectId'] ?? '';
  if (!exists(ctx.state, from, fromId) || !exists(ctx.state, to, toId))
    throw notFound(missing(from, fromId, to, toId));
  const ids = ctx.state.associations.associate(from, fromId, to, toId, specTypeIds(ctx.body));
  return { status: 201, body: pairResult(from, fromId, to, toId, ids) };
}

function removePair(ctx: RequestContext) {
  const [from, to] = types(ctx, 'objectType', 'toObjectType');
  ctx.state.associations.remove(from, ctx.params['objectId'] ?? '', to, ctx.params['toObjectId'] ?? '');
  return { status: 204 };
}

function liveTargets(state: PortalState, from: ObjectType, fromId: string, to: ObjectType) {
  return state.associations
    .list(from, fromId, to)
    .filter(([toId]) => exists(state, to, toId))
    .map(([toId, typeIds]) => ({ toObjectId: toId, associationTypes: labelsOf(from, to, typeIds) }));
}

function listForRecord(ctx: RequestContext) {
  const [from, to] = types(ctx, 'objectType', 'toObjectType');
  const limit = Math.min(Number(ctx.query.get('limit') ?? 500) || 500, 500);
  const offset = Number(ctx.query.get('after') ?? 0) || 0;
  const all = liveTargets(ctx.state, from, ctx.params['objectId'] ?? '', to);
  const body: Record<string, unknown> = { results: all.slice(offset, offset + limit) };
  if (offset + limit < all.length) body['paging'] = { next: { after: String(offset + limit) } };
  return { status: 200, body };
}

function batchDefault(ctx: RequestContext) {
  const [from, to] = types(ctx, 'fromObjectType', 'toObjectType');
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  for (const input of batchInputs(ctx.body, MAX_ASSOCIATION_INPUTS)) {
    const fromId = field((input as { from?: unknown })?.from, 'id') ?? '';
    const toId = field((input as { to?: unknown })?.to, 'id') ?? '';
    if (!exists(ctx.state, from, fromId) || !exists(ctx.state, to, toId)) {
      errors.push(
        standardError('OBJECT_NOT_FOUND', missing(from, fromId, to, toId), {
          fromObjectId: [fromId],
          toObjectId: [toId],
        }),
      );
      continue;
    }
    for (const t of ctx.state.associations.associate(from, fromId, to, toId))
      results.push(defaultResult(fromId, toId, t));
  }
  return batchResult(ctx, ctx.now, results, errors, 200);
}

function batchCreate(ctx: RequestContext) {
  const [from, to] = types(ctx, 'fromObjectType', 'toObjectType');
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  for (const input of batchInputs(ctx.body, MAX_ASSOCIATION_INPUTS)) {
    const i = (input ?? {}) as { from?: unknown; to?: unknown; types?: unknown };
    const fromId = field(i.from, 'id') ?? '';
    const toId = field(i.to, 'id') ?? '';
    if (!exists(ctx.state, from, fromId) || !exists(ctx.state, to, toId)) {
      errors.push(
        standardError('OBJECT_NOT_FOUND', missing(from, fromId, to, toId), {
          fromObjectId: [fromId],
          toObjectId: [toId],
        }),
      );
      continue;
    }
    const ids = ctx.state.associations.associate(from, fromId, to, toId, specTypeIds(i.types));
    results.push(pairResult(from, fromId, to, toId, ids));
  }
  return batchResult(ctx, ctx.now, results, errors, ctx.version === '2026-09' ? 200 : 201);
}

function batchRead(ctx: RequestContext) {
  const [from, to] = types(ctx, 'fromObjectType', 'toObjectType');
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  for (const input of batchInputs(ctx.body, MAX_ASSOCIATION_INPUTS)) {
    const id = field(input, 'id') ?? '';
    const targets = liveTargets(ctx.state, from, id, to);
    if (targets.length === 0) {
      errors.push(
        standardError(
          'OBJECT_NOT_FOUND',
          `No ${OBJECT_TYPES[to].singular} is associated with ${OBJECT_TYPES[from].singular} ${id}.`,
          { fromObjectId: [id] },
        ),
      );
      continue;
    }
    results.push({ from: { id }, to: targets });
  }
  return batchResult(ctx, ctx.now, results, errors, 200);
}

function batchArchive(ctx: RequestContext) {
  const [from, to] = types(ctx, 'fromObjectType', 'toObjectType');
  for (const input of batchInputs(ctx.body, MAX_ASSOCIATION_INPUTS)) {
    const i = (input ?? {}) as { from?: unknown; to?: unknown };
    const fromId = field(i.from, 'id') ?? '';
    for (const t of Array.isArray(i.to) ? i.to : [])
      ctx.state.associations.remove(from, fromId, to, field(t, 'id') ?? '');
  }
  // v4 answers 204; the date-versioned specs document 200 with an empty batch envelope.
  return ctx.version === 'v4' ? { status: 204 } : batchResult(ctx, ctx.now, [], [], 200);
}

function labels(ctx: RequestContext) {
  const [from, to] = types(ctx, 'fromObjectType', 'toObjectType');
  const results = associationTypes(from, to).map((t) => ({
    category: 'HUBSPOT_DEFINED',
    typeId: t.typeId,
    ...(t.label ? { label: t.label } : {}),
  }));
  return { status: 200, body: { results } };
}

const read = (p: string) => (ctx: RequestContext) =>
  OBJECT_TYPES[resolveObjectType(ctx.params[p] ?? '')].readScopes;
const write = (p: string) => (ctx: RequestContext) =>
  OBJECT_TYPES[resolveObjectType(ctx.params[p] ?? '')].writeScopes;
const REC = '/crm/objects/{objectType}/{objectId}/associations';
const BATCH = '/crm/associations/{fromObjectType}/{toObjectType}';

/** Routes of the association endpoints. */
export const associationRoutes: RouteDef[] = [
  {
    method: 'PUT',
    template: `${REC}/default/{toObjectType}/{toObjectId}`,
    kind: 'write',
    scopes: write('objectType'),
    handler: putDefault,
  },
  {
    method: 'PUT',
    template: `${REC}/{toObjectType}/{toObjectId}`,
    kind: 'write',
    scopes: write('objectType'),
    handler: putLabelled,
  },
  {
    method: 'DELETE',
    template: `${REC}/{toObjectType}/{toObjectId}`,
    kind: 'write',
    scopes: write('objectType'),
    handler: removePair,
  },
  {
    method: 'GET',
    template: `${REC}/{toObjectType}`,
    kind: 'read',
    scopes: read('objectType'),
    handler: listForRecord,
  },
  {
    method: 'POST',
    template: `${BATCH}/batch/associate/default`,
    kind: 'write',
    scopes: write('fromObjectType'),
    handler: batchDefault,
  },
  {
    method: 'POST',
    template: `${BATCH}/batch/create`,
    kind: 'write',
    scopes: write('fromObjectType'),
    handler: batchCreate,
  },
  {
    method: 'POST',
    template: `${BATCH}/batch/read`,
    kind: 'read',
    scopes: read('fromObjectType'),
    handler: batchRead,
  },
  {
    method: 'POST',
    template: `${BATCH}/batch/archive`,
    kind: 'write',
    scopes: write('fromObjectType'),
    handler: batchArchive,
  },
  {
    method: 'GET',
    template: `${BATCH}/labels`,
    kind: 'read',
    scopes: read('fromObjectType'),
    handler: labels,
  },
];
