/**
 * Batch read/create/update/upsert/archive (vendor-facts.md: "List and batch read", "Batch writes"). A validation or unique-value
 * problem in any input fails the whole batch (400/409, nothing written) unless every input
 * carries an `objectWriteTraceId`; then failures are reported per input (207) and the rest
 * committed. Missing ids are always per input (207 OBJECT_NOT_FOUND).
 */
import { batchInputs, batchResult, field, problemError, problemStandard } from './batch.js';
import { standardError, validationError, type StandardError } from './errors.js';
import { checkIdProperty, findRecord, readScopes, typeParam, writeScopes } from './lookup.js';
import { applyInlineAssociations, checkInlineAssociations } from './objects-routes.js';
import { OBJECT_TYPES, type ObjectType } from './object-types.js';
import { propertyHistory, toPublic } from './records.js';
import type { RequestContext, RouteDef } from './router.js';
import type { PortalState } from './state.js';
import type { StoredRecord } from './store.js';
import {
  checkProperties,
  commitArchive,
  commitCreate,
  commitUpdate,
  type Changes,
  type Problem,
} from './writes.js';

/** Batch read with property histories is capped lower. */
export const MAX_HISTORY_INPUTS = 50;

function notFoundError(type: ObjectType, ids: string[]): StandardError {
  return standardError(
    'OBJECT_NOT_FOUND',
    `Could not get some ${OBJECT_TYPES[type].upper} objects, they may be deleted or not exist. Check that ids are valid.`,
    { ids },
  );
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

function read(ctx: RequestContext) {
  const started = ctx.now;
  const type = typeParam(ctx);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const history = strings(body['propertiesWithHistory']) ?? [];
  const inputs = batchInputs(body);
  if (history.length > 0 && inputs.length > MAX_HISTORY_INPUTS)
    throw validationError(
      `The maximum number of inputs supported in a batch request for property histories is ${MAX_HISTORY_INPUTS}`,
    );
  const idProperty = field(body, 'idProperty');
  checkIdProperty(ctx.state, type, idProperty);
  const archived = ctx.query.get('archived') === 'true';
  const props = strings(body['properties']);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const key = field(input, 'id') ?? '';
    const rec = findRecord(ctx.state, type, key, idProperty);
    if (!rec || rec.archived !== archived) {
      missing.push(key);
      continue;
    }
    const pub: Record<string, unknown> = { ...toPublic(ctx.state, type, rec, props) };
    if (history.length > 0) pub['propertiesWithHistory'] = propertyHistory(rec, history);
    results.push(pub);
  }
  return batchResult(ctx, started, results, missing.length ? [notFoundError(type, missing)] : [], 200);
}

/** Tracks unique values claimed inside one batch. */
function batchUniqueClash(
  state: PortalState,
  type: ObjectType,
  c: Changes,
  seen: Map<string, string>,
  me: string,
): Problem | undefined {
  const store = state.records.of(type);
  for (const [name, value] of Object.entries(c)) {
    if (!value || !store.isUnique(name)) continue;
    const key = `${name}\u0000${value.toLowerCase()}`;
    const other = seen.get(key);
    if (other !== undefined && other !== me)
      return {
        status: 409,
        category: 'CONFLICT',
        message: `Duplicate value "${value}" for unique property ${name} within the batch.`,
        context: { [name]: [value] },
      };
    seen.set(key, me);
  }
  return undefined;
}

interface Planned {
  index: number;
  trace: string | undefined;
  changes: Changes;
  rec?: StoredRecord | undefined;
  associations?: unknown;
}

/** Splits planned writes from problems, applying the whole-batch vs per-input rule. */
function settle(inputs: unknown[], problems: [number, Problem][]): StandardError[] {
  const traced = inputs.length > 0 && inputs.every((i) => field(i, 'objectWriteTraceId') !== undefined);
  const first = problems[0];
  if (first && !traced) throw problemError(first[1]);
  return problems.map(([i, p]) => problemStandard(p, field(inputs[i], 'objectWriteTraceId')));
}

function withTrace(pub: object, trace: string | undefined): object {
  return trace ? { ...pub, objectWriteTraceId: trace } : pub;
}

function create(ctx: RequestContext) {
  const started = ctx.now;
  const type = typeParam(ctx);
  const inputs = batchInputs(ctx.body);
  const seen = new Map<string, string>();
  const plan: Planned[] = [];
  const problems: [number, Problem][] = [];
  inputs.forEach((input, index) => {
    const raw = (input ?? {}) as Record<string, unknown>;
    const checked = checkProperties(ctx.state, type, raw['properties'], undefined, ctx.version);
    if ('status' in checked) return problems.push([index, checked]);
    const bad = checkInlineAssociations(ctx.state, type, raw['associations']);
    if (bad) return problems.push([index, { status: 400, category: 'VALIDATION_ERROR', message: bad }]);
    const clash = batchUniqueClash(ctx.state, type, checked.changes, seen, `#${index}`);
    if (clash) return problems.push([index, clash]);
    plan.push({
      index,
      trace: field(raw, 'objectWriteTraceId'),
      changes: checked.changes,
      associations: raw['associations'],
    });
  });
  const errors = settle(inputs, problems);
  const results = plan.map((p) => {
    const rec = commitCreate(ctx.state, type, p.changes, ctx.now);
    applyInlineAssociations(ctx.state, type, rec.id, p.associations);
    return withTrace(toPublic(ctx.state, type, rec, Object.keys(rec.props)), p.trace);
  });
  return batchResult(ctx, started, results, errors, 201);
}

function duplicateIds(keys: string[]): void {
  const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (dupes.length > 0)
    throw validationError(
      `Duplicate IDs found in batch input: [${[...new Set(dupes)].join(', ')}]. IDs must be unique`,
    );
}

function update(ctx: RequestContext) {
  const started = ctx.now;
  const type = typeParam(ctx);
  const inputs = batchInputs(ctx.body);
  duplicateIds(inputs.map((i) => `${field(i, 'idProperty') ?? ''}:${field(i, 'id') ?? ''}`));
  const seen = new Map<string, string>();
  const plan: Planned[] = [];
  const problems: [number, Problem][] = [];
  const missing: string[] = [];
  inputs.forEach((input, index) => {
    const idProperty = field(input, 'idProperty');
    checkIdProperty(ctx.state, type, idProperty);
    const key = field(input, 'id') ?? '';
    const rec = findRecord(ctx.state, type, key, idProperty);
    if (!rec || rec.archived) return missing.push(key);
    const checked = checkProperties(
      ctx.state,
      type,
      (input as Record<string, unknown>)['properties'],
      rec,
      ctx.version,
    );
    if ('status' in checked) return problems.push([index, checked]);
    const clash = batchUniqueClash(ctx.state, type, checked.changes, seen, rec.id);
    if (clash) return problems.push([index, clash]);
    plan.push({ index, trace: field(input, 'objectWriteTraceId'), changes: checked.changes, rec });
  });
  const errors = settle(inputs, problems);
  if (missing.length) errors.push(notFoundError(type, missing));
  const results = plan.map((p) => {
    const rec = p.rec as StoredRecord;
    commitUpdate(ctx.state, type, rec, p.changes, ctx.now);
    return withTrace(toPublic(ctx.state, type, rec, Object.keys(rec.props)), p.trace);
  });
  return batchResult(ctx, started, results, errors, 200);
}

function upsert(ctx: RequestContext) {
  const started = ctx.now;
  const type = typeParam(ctx);
  const inputs = batchInputs(ctx.body);
  for (const input of inputs) {
    const idProperty = field(input, 'idProperty');
    if (!idProperty || idProperty === 'hs_object_id')
      throw validationError('Upsert inputs need an idProperty naming a unique property.');
    checkIdProperty(ctx.state, type, idProperty);
  }
  duplicateIds(inputs.map((i) => `${field(i, 'idProperty') ?? ''}:${(field(i, 'id') ?? '').toLowerCase()}`));
  const seen = new Map<string, string>();
  const plan: Planned[] = [];
  const problems: [number, Problem][] = [];
  inputs.forEach((input, index) => {
    const idProperty = field(input, 'idProperty') as string;
    const key = field(input, 'id') ?? '';
    const rec = findRecord(ctx.state, type, key, idProperty);
    const live = rec && !rec.archived ? rec : undefined;
    const raw = {
      ...((input as Record<string, unknown>)['properties'] as Record<string, unknown> | undefined),
    };
    if (!live) raw[idProperty] = key;
    const checked = checkProperties(ctx.state, type, raw, live, ctx.version);
    if ('status' in checked) return problems.push([index, checked]);
    const clash = batchUniqueClash(ctx.state, type, checked.changes, seen, live?.id ?? `#${index}`);
    if (clash) return problems.push([index, clash]);
    plan.push({ index, trace: field(input, 'objectWriteTraceId'), changes: checked.changes, rec: live });
  });
  const errors = settle(inputs, problems);
  const results = plan.map((p) => {
    const isNew = p.rec === undefined;
    const rec = p.rec ?? commitCreate(ctx.state, type, p.changes, ctx.now);
    if (!isNew) commitUpdate(ctx.state, type, rec, p.changes, ctx.now);
    return withTrace({ ...toPublic(ctx.state, type, rec, Object.keys(rec.props)), new: isNew }, p.trace);
  });
  return batchResult(ctx, started, results, errors, 200);
}

function archive(ctx: RequestContext) {
  const type = typeParam(ctx);
  for (const input of batchInputs(ctx.body)) {
    const rec = ctx.state.records.of(type).byId.get(field(input, 'id') ?? '');
    if (rec) commitArchive(ctx.state, type, rec, ctx.now);
  }
  return { status: 204 };
}

const BASE = '/crm/objects/{objectType}/batch';

/** Routes of the object batch endpoints. */
export const batchRoutes: RouteDef[] = [
  { method: 'POST', template: `${BASE}/read`, kind: 'read', scopes: readScopes, handler: read },
  { method: 'POST', template: `${BASE}/create`, kind: 'write', scopes: writeScopes, handler: create },
  { method: 'POST', template: `${BASE}/update`, kind: 'write', scopes: writeScopes, handler: update },
  { method: 'POST', template: `${BASE}/upsert`, kind: 'write', scopes: writeScopes, handler: upsert },
  { method: 'POST', template: `${BASE}/archive`, kind: 'write', scopes: writeScopes, handler: archive },
];
