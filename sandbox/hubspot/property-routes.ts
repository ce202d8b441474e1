/** Properties API: definitions and groups (vendor-facts.md: "Property definitions and groups"). */
import { batchInputs, batchResult, field } from './batch.js';
import { ApiError, notFound, standardError, type StandardError } from './errors.js';
import { typeParam } from './lookup.js';
import { OBJECT_TYPES } from './object-types.js';
import type { RequestContext, RouteDef } from './router.js';

const iso = (ctx: RequestContext) => new Date(ctx.now).toISOString();

function list(ctx: RequestContext) {
  return { status: 200, body: { results: ctx.state.properties.list(typeParam(ctx)) } };
}

function getOne(ctx: RequestContext) {
  const type = typeParam(ctx);
  const name = ctx.params['propertyName'] ?? '';
  const def = ctx.state.properties.get(type, name);
  if (!def) throw notFound(`Unable to find property ${name} for object type ${type}`);
  return { status: 200, body: def };
}

function create(ctx: RequestContext) {
  const def = ctx.state.properties.create(
    typeParam(ctx),
    (ctx.body ?? {}) as Record<string, unknown>,
    iso(ctx),
  );
  ctx.state.syncUniqueIndexes();
  return { status: 201, body: def };
}

function update(ctx: RequestContext) {
  const type = typeParam(ctx);
  const def = ctx.state.properties.update(
    type,
    ctx.params['propertyName'] ?? '',
    (ctx.body ?? {}) as Record<string, unknown>,
    iso(ctx),
  );
  return { status: 200, body: def };
}

function archive(ctx: RequestContext) {
  ctx.state.properties.archive(typeParam(ctx), ctx.params['propertyName'] ?? '', iso(ctx));
  return { status: 204 };
}

function batchCreate(ctx: RequestContext) {
  const type = typeParam(ctx);
  const results: unknown[] = [];
  const errors: StandardError[] = [];
  for (const input of batchInputs(ctx.body)) {
    try {
      results.push(ctx.state.properties.create(type, (input ?? {}) as Record<string, unknown>, iso(ctx)));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errors.push(
        standardError(String(e.body['category']), e.message, { name: [field(input, 'name') ?? ''] }),
      );
    }
  }
  ctx.state.syncUniqueIndexes();
  return batchResult(ctx, ctx.now, results, errors, 201);
}

function batchRead(ctx: RequestContext) {
  const type = typeParam(ctx);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of batchInputs(ctx.body)) {
    const name = field(input, 'name') ?? '';
    const def = ctx.state.properties.get(type, name);
    if (def) results.push(def);
    else missing.push(name);
  }
  const errors = missing.length
    ? [
        standardError('OBJECT_NOT_FOUND', `Unable to find properties for object type ${type}`, {
          names: missing,
        }),
      ]
    : [];
  return batchResult(ctx, ctx.now, results, errors, 200);
}

function listGroups(ctx: RequestContext) {
  return { status: 200, body: { results: ctx.state.properties.listGroups(typeParam(ctx)) } };
}

function getGroup(ctx: RequestContext) {
  const type = typeParam(ctx);
  const g = ctx.state.properties.getGroup(type, ctx.params['groupName'] ?? '');
  if (!g)
    throw notFound(`Unable to find property group ${ctx.params['groupName'] ?? ''} for object type ${type}`);
  return { status: 200, body: g };
}

function createGroup(ctx: RequestContext) {
  return {
    status: 201,
    body: ctx.state.properties.createGroup(typeParam(ctx), (ctx.body ?? {}) as Record<string, unknown>),
  };
}

const read = (ctx: RequestContext) => OBJECT_TYPES[typeParam(ctx)].schemaReadScopes;
const write = (ctx: RequestContext) => OBJECT_TYPES[typeParam(ctx)].schemaWriteScopes;
const BASE = '/crm/properties/{objectType}';

/** Routes of the Properties API. */
export const propertyRoutes: RouteDef[] = [
  { method: 'GET', template: BASE, kind: 'read', scopes: read, handler: list },
  { method: 'POST', template: BASE, kind: 'write', scopes: write, handler: create },
  { method: 'GET', template: `${BASE}/{propertyName}`, kind: 'read', scopes: read, handler: getOne },
  { method: 'PATCH', template: `${BASE}/{propertyName}`, kind: 'write', scopes: write, handler: update },
  { method: 'DELETE', template: `${BASE}/{propertyName}`, kind: 'write', scopes: write, handler: archive },
  { method: 'POST', template: `${BASE}/batch/create`, kind: 'write', scopes: write, handler: batchCreate },
  { method: 'POST', template: `${BASE}/batch/read`, kind: 'read', scopes: read, handler: batchRead },
  { method: 'GET', template: `${BASE}/groups`, kind: 'read', scopes: read, handler: listGroups },
  { method: 'POST', template: `${BASE}/groups`, kind: 'write', scopes: write, handler: createGroup },
  { method: 'GET', template: `${BASE}/groups/{groupName}`, kind: 'read', scopes: read, handler: getGroup },
];
