/**
 * Incremental reads through CRM search with a composite (modified, id) cursor (sandbox/hubspot/vendor-facts.md:
 * "Search", "Incremental polling"). Search caps a query at 10,000 results, so a window holding more than
 * `splitThreshold` matches is halved by time, and a single instant that still holds too many is
 * walked by `hs_object_id`. Records at the cursor's instant with an id ≤ the cursor's are skipped.
 */
import { pagingLoop, type ObjectPage } from './objects.js';
import { modifiedProperty, type HubSpotObjectType, type HubSpotPaths } from './paths.js';
import { okJson, type HubSpotTransport } from './transport.js';
import type { HubSpotObject, ModifiedCursor } from './types.js';

/** A search filter (vendor facts: "Search"). */
export interface SearchFilter {
  propertyName: string;
  operator:
    'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'IN' | 'NOT_IN';
  value?: string;
  values?: string[];
}

export interface SearchModifiedOptions {
  /** Exclusive composite cursor: records after (modifiedMs, id). */
  since: ModifiedCursor;
  /** Inclusive upper bound in epoch ms (the run's start minus the safety lag). */
  until: number;
  properties: string[];
  /** Extra AND filters, e.g. `hs_is_closed_won EQ true`. */
  filters?: SearchFilter[];
  /** Page size, ≤200 (default 200). */
  limit?: number;
  /** Split a window when its total exceeds this (default 9 000; HubSpot stops at 10 000). */
  splitThreshold?: number;
}

interface SearchBody {
  total?: number;
  results: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

/** Epoch ms of a record's modified-date property (ISO or epoch string), NaN when absent. */
export function modifiedMsOf(record: HubSpotObject, property: string): number {
  const raw = record.properties[property] ?? record.updatedAt ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
}

/** Numeric-string id order ("9" < "10"). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Yields pages of records modified in (since, until], ascending by modified date. */
export async function* searchModifiedSince(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  options: SearchModifiedOptions,
): AsyncGenerator<ObjectPage> {
  const prop = modifiedProperty(type);
  const limit = Math.min(options.limit ?? 200, 200);
  const threshold = options.splitThreshold ?? 9_000;
  const properties = [...new Set([...options.properties, prop, 'hs_object_id'])];
  const since = options.since;
  const afterCursor = (r: HubSpotObject): boolean => {
    const ms = modifiedMsOf(r, prop);
    return !(ms < since.modifiedMs || (ms === since.modifiedMs && compareIds(r.id, since.id) <= 0));
  };
  const byModifiedThenId = (a: HubSpotObject, b: HubSpotObject): number =>
    modifiedMsOf(a, prop) - modifiedMsOf(b, prop) || compareIds(a.id, b.id);
  const search = async (filters: SearchFilter[], sortBy: string, after?: string): Promise<SearchBody> => {
    // `after` is required by the specs' search request: '0' asks for the first page. `sorts` are
    // sent as objects, as HubSpot's search guide documents, although the specs type them as
    // strings (the choice and its sources: sandbox/hubspot/README.md, "Search request shape").
    const body: Record<string, unknown> = {
      filterGroups: [{ filters: [...filters, ...(options.filters ?? [])] }],
      sorts: [{ propertyName: sortBy, direction: 'ASCENDING' }],
      properties,
      limit,
      after: after ?? '0',
    };
    return okJson<SearchBody>(
      await t.call('POST', `${paths.objects(type)}/search`, { body, bucket: 'search' }),
      'POST',
    );
  };
  const range = (lo: number, hi: number): SearchFilter[] => [
    { propertyName: prop, operator: 'GTE', value: String(lo) },
    { propertyName: prop, operator: 'LTE', value: String(hi) },
  ];

  async function* byId(ms: number): AsyncGenerator<ObjectPage> {
    let lastId = ms === since.modifiedMs ? since.id : '0';
    for (;;) {
      const page = await search(
        [...range(ms, ms), { propertyName: 'hs_object_id', operator: 'GT', value: lastId }],
        'hs_object_id',
      );
      const last = page.results.at(-1);
      if (last === undefined) return;
      if (compareIds(last.id, lastId) <= 0) throw pagingLoop(type, `hs_object_id>${lastId}`);
      const fresh = page.results.filter(afterCursor);
      const lastFresh = fresh.at(-1);
      if (lastFresh !== undefined) yield { results: fresh, checkpoint: { modifiedMs: ms, id: lastFresh.id } };
      if (page.results.length < limit) return;
      lastId = last.id;
    }
  }

  async function* window(lo: number, hi: number): AsyncGenerator<ObjectPage> {
    let page = await search(range(lo, hi), prop);
    if ((page.total ?? 0) > threshold) {
      if (hi > lo) {
        const mid = Math.floor((lo + hi) / 2);
        yield* window(lo, mid);
        yield* window(mid + 1, hi);
      } else {
        yield* byId(lo);
      }
      return;
    }
    const seen = new Set<string>();
    for (;;) {
      const results = page.results.filter(afterCursor).sort(byModifiedThenId);
      const last = results.at(-1);
      if (last !== undefined) {
        const lastMs = modifiedMsOf(last, prop);
        const checkpoint = lastMs > since.modifiedMs ? { modifiedMs: lastMs, id: '0' } : since;
        yield { results, checkpoint };
      }
      const next = page.paging?.next?.after;
      if (next === undefined) return;
      if (seen.has(next)) throw pagingLoop(type, next);
      seen.add(next);
      page = await search(range(lo, hi), prop, next);
    }
  }

  if (options.until < since.modifiedMs) return;
  yield* window(since.modifiedMs, options.until);
}
