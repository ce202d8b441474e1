/**
 * Record writes: property validation (unknown, read-only, enumeration, number, date), unique
 * values, computed properties (deal stage flags, line-item amounts) and timestamps. Validation
 * is separate from commit so batches can check every input before writing any.
 */
import type { ErrorDetail } from './errors.js';
import { OBJECT_TYPES, type ObjectType } from './object-types.js';
import { stampStageChange } from './deal-close.js';
import { checkOrder, deriveOrder } from './order-writes.js';
import { stageProperties } from './pipelines.js';
import type { PortalState } from './state.js';
import type { StoredRecord } from './store.js';
import { checkValue } from './values.js';

/** Why one write input is refused: an HTTP status with HubSpot's error fields. */
export interface Problem {
  status: 400 | 404 | 409;
  category: string;
  message: string;
  errors?: ErrorDetail[];
  context?: Record<string, string[]>;
}

/** Validated, normalised property changes ('' = clear). */
export type Changes = Record<string, string>;

function invalid(list: { name: string; error: string; message: string }[]): Problem {
  const detail = list.map((l) => ({ isValid: false, message: l.message, error: l.error, name: l.name }));
  return {
    status: 400,
    category: 'VALIDATION_ERROR',
    message: `Property values were not valid: ${JSON.stringify(detail)}`,
    errors: list.map((l) => ({
      message: l.message,
      code: l.error,
      in: l.name,
      context: { propertyName: [l.name] },
    })),
  };
}

/**
 * Validates the `properties` of one write input against the registry and the domain rules, and —
 * for API writes, which name their `version` — against the portal's validation rules.
 */
export function checkProperties(
  state: PortalState,
  type: ObjectType,
  input: unknown,
  existing: StoredRecord | undefined,
  version?: string,
): { changes: Changes } | Problem {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input)))
    return { status: 400, category: 'VALIDATION_ERROR', message: 'properties must be an object' };
  const changes: Changes = {};
  const bad: { name: string; error: string; message: string }[] = [];
  for (const [name, raw] of Object.entries((input ?? {}) as Record<string, unknown>)) {
    const def = state.properties.get(type, name);
    if (!def) {
      bad.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (def.modificationMetadata.readOnlyValue) {
      bad.push({
        name,
        error: 'READ_ONLY_VALUE',
        message: `"${name}" is a read only property; its value cannot be set.`,
      });
      continue;
    }
    const v = checkValue(def, raw);
    if (v.ok) changes[name] = v.value;
    else bad.push({ name, error: v.code, message: v.message });
  }
  if (version !== undefined) bad.push(...state.rules.check(type, version, changes, existing?.props));
  if (type === 'deals') bad.push(...checkDeal(state, changes, existing));
  if (type === 'line_items') bad.push(...checkLineItem(state, changes));
  if (type === 'orders') bad.push(...checkOrder(state, changes, existing));
  if (bad.length > 0) return invalid(bad);
  return checkUnique(state, type, changes, existing) ?? { changes };
}

function checkDeal(
  state: PortalState,
  c: Changes,
  existing: StoredRecord | undefined,
): { name: string; error: string; message: string }[] {
  const pipelineId = c['pipeline'] || existing?.props['pipeline'] || 'default';
  const pipeline = state.pipelines.get(pipelineId);
  if (!pipeline) {
    const ids = state.pipelines.list().map((p) => p.id);
    return [
      {
        name: 'pipeline',
        error: 'INVALID_OPTION',
        message: `${pipelineId} was not one of the allowed options: [${ids.join(', ')}]`,
      },
    ];
  }
  const stageId = c['dealstage'] ?? (c['pipeline'] ? existing?.props['dealstage'] : undefined);
  if (stageId && !pipeline.stages.some((s) => s.id === stageId)) {
    const ids = pipeline.stages.map((s) => s.id);
    return [
      {
        name: 'dealstage',
        error: 'INVALID_OPTION',
        message: `${stageId} was not one of the allowed options: [${ids.join(', ')}]`,
      },
    ];
  }
  return [];
}

function checkLineItem(state: PortalState, c: Changes): { name: string; error: string; message: string }[] {
  const out: { name: string; error: string; message: string }[] = [];
  const pid = c['hs_product_id'];
  if (pid) {
    const p = state.records.of('products').byId.get(pid);
    if (!p || p.archived)
      out.push({
        name: 'hs_product_id',
        error: 'INVALID_OBJECT_ID',
        message: `Product with id ${pid} does not exist.`,
      });
  }
  if (c['price'] && Number(c['price']) < 0)
    out.push({ name: 'price', error: 'INVALID_NEGATIVE_VALUE', message: 'price cannot be negative.' });
  return out;
}

/** The 409 for a unique value already held by another live record, or undefined. */
function checkUnique(
  state: PortalState,
  type: ObjectType,
  c: Changes,
  existing: StoredRecord | undefined,
): Problem | undefined {
  const store = state.records.of(type);
  for (const [name, value] of Object.entries(c)) {
    if (!value || !store.isUnique(name)) continue;
    const owner = store.findUnique(name, value);
    if (owner === undefined || owner === existing?.id) continue;
    if (type === 'contacts' && name === 'email')
      return { status: 409, category: 'CONFLICT', message: `Contact already exists. Existing ID: ${owner}` };
    return {
      status: 409,
      category: 'CONFLICT',
      message: `A ${OBJECT_TYPES[type].singular} with ${name} "${value}" already exists. Existing ID: ${owner}`,
      context: { [name]: [value], id: [owner] },
    };
  }
  return undefined;
}

function derive(
  state: PortalState,
  type: ObjectType,
  props: Record<string, string>,
  c: Changes,
  before: Readonly<Record<string, string>> | undefined,
  nowMs: number,
): void {
  const created = before === undefined;
  if (type === 'deals') {
    if (!props['pipeline']) props['pipeline'] = 'default';
    const stage = props['dealstage']
      ? state.pipelines.stage(props['pipeline'], props['dealstage'])
      : undefined;
    if (stage) Object.assign(props, stageProperties(stage));
    stampStageChange(state, before, props, c, nowMs);
  }
  if (type === 'orders') deriveOrder(state, props, created);
  if (type === 'line_items') {
    const pid = c['hs_product_id'];
    const product = pid && created ? state.records.of('products').byId.get(pid) : undefined;
    if (product)
      for (const k of ['name', 'price', 'hs_sku', 'description', 'hs_recurring_billing_period']) {
        const v = product.props[k];
        if (v && !props[k]) props[k] = v;
      }
    const qty = Number(props['quantity'] ?? '1');
    const price = Number(props['price'] ?? 'NaN');
    const discount = Number(props['discount'] ?? '0');
    if (!('amount' in c) && Number.isFinite(price)) {
      props['amount'] = String(Math.round((price - discount) * qty * 100) / 100);
      props['hs_total_discount'] = String(Math.round(discount * qty * 100) / 100);
    }
  }
}

function applyChanges(base: Readonly<Record<string, string>>, c: Changes): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(c)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Creates a record from validated changes. */
export function commitCreate(state: PortalState, type: ObjectType, c: Changes, now: number): StoredRecord {
  const num = state.records.nextId();
  const id = String(num);
  const iso = new Date(now).toISOString();
  const props = applyChanges({}, c);
  derive(state, type, props, c, undefined, now);
  props['hs_object_id'] = id;
  props[OBJECT_TYPES[type].createdProperty] = iso;
  props[OBJECT_TYPES[type].modifiedProperty] = iso;
  const rec: StoredRecord = {
    id,
    num,
    props,
    createdMs: now,
    updatedMs: now,
    archived: false,
    visibleAtMs: state.visibleAt(now),
  };
  state.records.of(type).insert(rec);
  state.events.record(type, id, undefined, props, now);
  return rec;
}

/** Snapshots what search currently sees before a write, when an indexing lag applies. */
function beforeWrite(state: PortalState, rec: StoredRecord, now: number): void {
  if (state.config.indexingLagMs <= 0 && state.config.indexingJitterMs <= 0) {
    rec.indexed = undefined;
    return;
  }
  if (now >= rec.visibleAtMs)
    rec.indexed = { props: rec.props, updatedMs: rec.updatedMs, archived: rec.archived };
  rec.visibleAtMs = state.visibleAt(now);
}

/** Applies validated changes; timestamps move only when a value changed (or `force`). */
export function commitUpdate(
  state: PortalState,
  type: ObjectType,
  rec: StoredRecord,
  c: Changes,
  now: number,
  force = false,
): boolean {
  const next = applyChanges(rec.props, c);
  derive(state, type, next, c, rec.props, now);
  const changed =
    Object.keys(next).length !== Object.keys(rec.props).length ||
    Object.entries(next).some(([k, v]) => rec.props[k] !== v);
  if (!changed && !force) return false;
  beforeWrite(state, rec, now);
  next[OBJECT_TYPES[type].modifiedProperty] = new Date(now).toISOString();
  const before = rec.props;
  rec.props = next;
  rec.updatedMs = now;
  state.records.of(type).indexUnique(rec, before);
  state.events.record(type, rec.id, before, next, now);
  return true;
}

/** Archives a record (restorable in HubSpot; here it just hides it). */
export function commitArchive(state: PortalState, type: ObjectType, rec: StoredRecord, now: number): void {
  if (rec.archived) return;
  beforeWrite(state, rec, now);
  rec.archived = true;
  rec.archivedMs = now;
  state.records.of(type).unindex(rec);
  state.events.record(type, rec.id, rec.props, undefined, now);
}
