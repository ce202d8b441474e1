/**
 * CRM search (vendor-facts.md: "Search"): OR-ed filter groups of AND-ed filters, one sort, limit ≤ 200,
 * offset-style `after`, the 10,000-result paging cap, and the indexing lag (search sees a record's
 * previous indexed state until `visibleAtMs`).
 */
import { validationError } from './errors.js';
import { readScopes, typeParam } from './lookup.js';
import { OBJECT_TYPES, type ObjectType } from './object-types.js';
import { selectProperties } from './records.js';
import type { RequestContext, RouteDef } from './router.js';
import type { PortalState } from './state.js';
import type { IndexedView, StoredRecord } from './store.js';
import { asText, parseTimeMs } from './values.js';

/** Search caps (changelog 2024-08-26; search guide). */
export const SEARCH_LIMITS = {
  maxGroups: 5,
  maxFiltersPerGroup: 10,
  maxFilters: 25,
  maxLimit: 200,
  maxOffset: 10_000,
};
const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
];
const QUERY_PROPS = [
  'name',
  'domain',
  'email',
  'firstname',
  'lastname',
  'dealname',
  'hs_sku',
  'phone',
  'website',
];

type Predicate = (props: Readonly<Record<string, string>>) => boolean;

function comparable(kind: string, raw: string): number | string {
  if (kind === 'number') return Number(raw);
  if (kind === 'datetime' || kind === 'date') return parseTimeMs(raw);
  return raw.toLowerCase();
}

function compileFilter(state: PortalState, type: ObjectType, f: Record<string, unknown>): Predicate {
  const name = asText(f['propertyName']);
  const op = asText(f['operator'], 'EQ');
  if (!name) throw validationError('Each filter needs a propertyName.');
  if (!OPERATORS.includes(op)) throw validationError(`Unknown filter operator ${op}.`);
  const kind = name === 'hs_object_id' ? 'number' : (state.properties.get(type, name)?.type ?? 'string');
  const num = (raw: unknown) => comparable(kind, asText(raw));
  const get = (p: Readonly<Record<string, string>>) => p[name];
  const value = num(f['value']);
  const high = num(f['highValue']);
  const values = Array.isArray(f['values']) ? (f['values'] as unknown[]).map(num) : [];
  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  const token = asText(f['value']).toLowerCase();
  const re = new RegExp(`^${token.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const hasToken = (v: string) =>
    v
      .toLowerCase()
      .split(/[^a-z0-9@._*-]+/)
      .some((t) => re.test(t)) || re.test(v.toLowerCase());
  return (p) => {
    const raw = get(p);
    if (op === 'HAS_PROPERTY') return raw !== undefined && raw !== '';
    if (op === 'NOT_HAS_PROPERTY') return raw === undefined || raw === '';
    if (raw === undefined) return op === 'NEQ' || op === 'NOT_IN' || op === 'NOT_CONTAINS_TOKEN';
    if (op === 'CONTAINS_TOKEN') return hasToken(raw);
    if (op === 'NOT_CONTAINS_TOKEN') return !hasToken(raw);
    const v = num(raw);
    switch (op) {
      case 'EQ':
        return cmp(v, value) === 0;
      case 'NEQ':
        return cmp(v, value) !== 0;
      case 'LT':
        return cmp(v, value) < 0;
      case 'LTE':
        return cmp(v, value) <= 0;
      case 'GT':
        return cmp(v, value) > 0;
      case 'GTE':
        return cmp(v, value) >= 0;
      case 'BETWEEN':
        return cmp(v, value) >= 0 && cmp(v, high) <= 0;
      case 'IN':
        return values.some((x) => cmp(v, x) === 0);
      default:
        return !values.some((x) => cmp(v, x) === 0);
    }
  };
}

function compileGroups(state: PortalState, type: ObjectType, raw: unknown): Predicate {
  if (raw === undefined) return () => true;
  if (!Array.isArray(raw)) throw validationError('filterGroups must be an array.');
  const list = raw as { filters?: unknown[] }[];
  const total = list.reduce((n, g) => n + (g?.filters?.length ?? 0), 0);
  if (raw.length > SEARCH_LIMITS.maxGroups || total > SEARCH_LIMITS.maxFilters)
    throw validationError(
      `Too many filter groups or filters: at most ${SEARCH_LIMITS.maxGroups} groups and ${SEARCH_LIMITS.maxFilters} filters in total are allowed.`,
    );
  if (raw.length === 0) return () => true;
  const groups = list.map((g) => {
    const filters = g?.filters ?? [];
    if (filters.length > SEARCH_LIMITS.maxFiltersPerGroup)
      throw validationError(
        `Too many filters in a group: at most ${SEARCH_LIMITS.maxFiltersPerGroup} per group are allowed.`,
      );
    return filters.map((f) => compileFilter(state, type, (f ?? {}) as Record<string, unknown>));
  });
  return (p) => groups.some((fs) => fs.every((f) => f(p)));
}

function parseSort(raw: unknown): { name: string; desc: boolean } | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw validationError('sorts must be an array.');
  if (raw.length > 1) throw validationError('Only one sort is supported per search request.');
  const s = raw[0] as unknown;
  if (s === undefined) return undefined;
  if (typeof s === 'string')
    return s.startsWith('-') ? { name: s.slice(1), desc: true } : { name: s, desc: false };
  const o = s as Record<string, unknown>;
  return { name: asText(o['propertyName']), desc: o['direction'] === 'DESCENDING' };
}

function search(ctx: RequestContext) {
  const type = typeParam(ctx);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const limit = body['limit'] === undefined ? 10 : Number(body['limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.maxLimit)
    throw validationError(`limit must be between 1 and ${SEARCH_LIMITS.maxLimit}.`);
  const offset =
    body['after'] === undefined || body['after'] === null || body['after'] === '' ? 0 : Number(body['after']);
  if (!Number.isInteger(offset) || offset < 0)
    throw validationError(`Invalid after value ${String(body['after'])}.`);
  if (offset >= SEARCH_LIMITS.maxOffset)
    throw validationError(
      `Search results are limited to ${SEARCH_LIMITS.maxOffset} records; paging beyond offset ${SEARCH_LIMITS.maxOffset} is not allowed.`,
    );
  const predicate = compileGroups(ctx.state, type, body['filterGroups']);
  const sort = parseSort(body['sorts']);
  const query = typeof body['query'] === 'string' ? body['query'].toLowerCase() : '';
  if (query.length > 3000) throw validationError('query is limited to 3000 characters.');
  // Views are the records themselves (or their indexed snapshot): no per-record allocation.
  const recs: StoredRecord[] = [];
  const views: IndexedView[] = [];
  for (const rec of ctx.state.records.of(type).ordered) {
    const view: IndexedView | undefined = ctx.now >= rec.visibleAtMs ? rec : rec.indexed;
    if (!view || view.archived) continue;
    if (!predicate(view.props)) continue;
    if (query && !QUERY_PROPS.some((q) => view.props[q]?.toLowerCase().includes(query))) continue;
    recs.push(rec);
    views.push(view);
  }
  let order: number[] | undefined;
  if (sort && sort.name) {
    const kind =
      sort.name === 'hs_object_id' ? 'number' : (ctx.state.properties.get(type, sort.name)?.type ?? 'string');
    const dir = sort.desc ? -1 : 1;
    const keys = views.map((v) => {
      const raw = v.props[sort.name];
      return raw === undefined ? undefined : comparable(kind, raw);
    });
    order = keys.map((_, i) => i);
    order.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      if (ka === kb) return a - b;
      if (ka === undefined) return 1;
      if (kb === undefined) return -1;
      return (ka < kb ? -1 : 1) * dir;
    });
  }
  const props = Array.isArray(body['properties']) ? (body['properties'] as string[]) : undefined;
  const page = [];
  for (let i = offset; i < Math.min(offset + limit, recs.length); i++) {
    const at = order ? (order[i] as number) : i;
    const rec = recs[at] as StoredRecord;
    const view = views[at] as IndexedView;
    page.push({
      id: rec.id,
      properties: selectProperties(type, view.props, props),
      createdAt: new Date(rec.createdMs).toISOString(),
      updatedAt: new Date(view.updatedMs).toISOString(),
      archived: false,
    });
  }
  const out: Record<string, unknown> = { total: recs.length, results: page };
  if (offset + limit < recs.length) out['paging'] = { next: { after: String(offset + limit) } };
  return { status: 200, body: out };
}

/** The search route (own 5/s bucket, no rate-limit headers — see rate-limiter.ts). */
export const searchRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: '/crm/objects/{objectType}/search',
    kind: 'search',
    scopes: readScopes,
    handler: search,
  },
];

/** The modified-date property used by incremental search on a type. */
export function modifiedProperty(type: ObjectType): string {
  return OBJECT_TYPES[type].modifiedProperty;
}
