/**
 * Object reads and batch writes: list paging, batch read, create, upsert, update, archive.
 *
 * Writes take any number of inputs and answer one outcome per input (batch-write.ts splits them
 * into calls, isolates refused records and maps errors to our codes). Keys of one write must be
 * distinct: this client does not merge a repeated key, because which of two rows of one record
 * counts is the caller's decision, made where the record is read — the pipeline keeps the last
 * row of a key before anything is mapped or hashed (engine/pipeline.ts). A repeated key still
 * ends without loss: HubSpot refuses the call, and the bisection sends the repeats apart.
 */
import { SystemError } from '../../core/errors.js';
import type { RetryMode } from '../../http/types.js';
import { MAX_BATCH_INPUTS, writeBatches, type BatchSpec } from './batch-write.js';
import type { HubSpotObjectType, HubSpotPaths } from './paths.js';
import { okJson, unexpected, type HubSpotTransport } from './transport.js';
import type {
  CreateInput,
  CreateOutcome,
  ModifiedCursor,
  BatchReadResult,
  HubSpotObject,
  HubSpotStandardError,
  UpsertInput,
  UpsertOutcome,
  WriteOutcome,
} from './types.js';

/** One page of a list: records plus the cursor of the next page (absent on the last). */
export interface ObjectPage {
  results: HubSpotObject[];
  /** List paging: the cursor of the next page (absent on the last page). */
  after?: string;
  /**
   * Search only: a cursor safe to persist once this page is processed. Resuming from it never
   * skips a record; it may re-read the records of the page's last instant (HubSpot sorts by one
   * property only, so ties are not in id order; the content hash makes re-reads free).
   */
  checkpoint?: ModifiedCursor;
}

export interface ListOptions {
  properties?: string[];
  /** Page size, ≤100 (default 100). */
  limit?: number;
  /** Resume after this cursor (a checkpoint from an earlier page). */
  after?: string;
  archived?: boolean;
  /** Object types whose associated ids each record carries (`associations=`, v3 `{id, type}`). */
  associations?: string[];
}

/** Pages through `GET /objects/{type}`; a repeated cursor is HUBSPOT_PAGING_LOOP, not a loop. */
export async function* listPages(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  options: ListOptions = {},
): AsyncGenerator<ObjectPage> {
  let after = options.after;
  const seen = new Set<string>();
  for (;;) {
    const query: Record<string, string | number | boolean | undefined> = {
      limit: Math.min(options.limit ?? 100, 100),
      after,
    };
    if (options.properties !== undefined) query['properties'] = options.properties.join(',');
    if (options.archived === true) query['archived'] = true;
    if (options.associations !== undefined) query['associations'] = options.associations.join(',');
    const body = okJson<{ results: HubSpotObject[]; paging?: { next?: { after?: string } } }>(
      await t.call('GET', paths.objects(type), { query }),
      'GET',
    );
    const next = body.paging?.next?.after;
    if (next !== undefined && seen.has(next)) throw pagingLoop(type, next);
    if (next !== undefined) seen.add(next);
    yield next === undefined ? { results: body.results } : { results: body.results, after: next };
    if (next === undefined) return;
    after = next;
  }
}

/** The error for a repeated page token. */
export function pagingLoop(type: string, after: string): SystemError {
  return new SystemError(
    'HUBSPOT_PAGING_LOOP',
    `HubSpot returned the page token "${after.slice(0, 40)}" twice while paging ${type}`,
    {
      details: { objectType: type },
    },
  );
}

/** Ids (or idProperty values) to read. */
export type ReadKeys = { ids: string[] } | { idProperty: string; values: string[] };

/** `POST …/batch/read`, split into calls; missing keys come back in `notFound` (207 OBJECT_NOT_FOUND). */
export async function batchRead(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  keys: ReadKeys,
  properties: string[],
): Promise<BatchReadResult> {
  const values = 'ids' in keys ? keys.ids : keys.values;
  const idProperty = 'ids' in keys ? undefined : keys.idProperty;
  const results: HubSpotObject[] = [];
  const notFound: string[] = [];
  for (let i = 0; i < values.length; i += MAX_BATCH_INPUTS) {
    const chunk = [...new Set(values.slice(i, i + MAX_BATCH_INPUTS))];
    // the specs' batch read input requires `propertiesWithHistory` (none wanted here)
    const body: Record<string, unknown> = {
      inputs: chunk.map((id) => ({ id })),
      properties,
      propertiesWithHistory: [],
    };
    if (idProperty !== undefined) body['idProperty'] = idProperty;
    const res = await t.call('POST', `${paths.objects(type)}/batch/read`, { body });
    if (res.status !== 200 && res.status !== 207) unexpected(res, 'POST');
    const parsed = res.json<{ results?: HubSpotObject[]; errors?: HubSpotStandardError[] }>();
    results.push(...(parsed.results ?? []));
    for (const e of parsed.errors ?? []) notFound.push(...(e.context?.['ids'] ?? []));
  }
  return { results, notFound };
}

/** Upserts by a unique property (`key` is its value); one outcome per input, in input order. */
export function batchUpsert(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  idProperty: string,
  inputs: UpsertInput[],
): Promise<UpsertOutcome[]> {
  const items = inputs.map(({ key, properties }) => ({ key, input: { id: key, idProperty, properties } }));
  return writeBatches(
    t,
    {
      path: `${paths.objects(type)}/batch/upsert`,
      traced: true,
      resultKey: (r) => (r['properties'] as Record<string, string> | undefined)?.[idProperty],
      errorKeys: (e) => e.context?.[idProperty] ?? [],
      created: (r) => r['new'] === true,
    },
    items,
  );
}

/** Options of `batchCreate`. */
export interface CreateOptions {
  /**
   * A unique-value property every input sets (e.g. `qad_contact_key`). A repeated create then
   * fails per input with a 409 naming the existing record instead of duplicating it, so a call
   * whose answer was lost is retried like an upsert. Without it (or when an input of the call
   * lacks a value) a call that may have reached HubSpot is never repeated.
   */
  guardedBy?: string;
}

/**
 * Creates records, with their inline associations in the same call: per-input errors (e.g. a 409
 * unique-value conflict, `existingId` parsed from "Existing ID: N") are failed outcomes. One
 * outcome per input, in input order.
 */
export async function batchCreate(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  inputs: CreateInput[],
  options: CreateOptions = {},
): Promise<CreateOutcome[]> {
  const guard = options.guardedBy;
  const items = inputs.map((input) => ({
    key: input.key,
    /** The input's value of the guard property ('' = unguarded). */
    guardValue: guard === undefined ? '' : (input.properties[guard] ?? ''),
    input: {
      properties: input.properties,
      ...(input.associations && input.associations.length > 0
        ? {
            associations: input.associations.map((a) => ({
              to: { id: a.toId },
              types: [
                {
                  associationCategory: a.associationCategory ?? 'HUBSPOT_DEFINED',
                  associationTypeId: a.associationTypeId,
                },
              ],
            })),
          }
        : {}),
    },
  }));
  // results and errors carry the trace id; the guard value is the fallback that names the input
  const keyByGuard = new Map(items.filter((i) => i.guardValue !== '').map((i) => [i.guardValue, i.key]));
  const spec = (retry: RetryMode): BatchSpec => ({
    path: `${paths.objects(type)}/batch/create`,
    traced: true,
    retry,
    resultKey: (r) =>
      guard === undefined
        ? undefined
        : keyByGuard.get((r['properties'] as Record<string, string> | undefined)?.[guard] ?? '\u0000'),
    errorKeys: (e) =>
      guard === undefined
        ? []
        : (e.context?.[guard] ?? []).flatMap((v) => {
            const key = keyByGuard.get(v);
            return key === undefined ? [] : [key];
          }),
    created: () => true,
  });
  // guarded and unguarded inputs go in separate calls: only the guarded ones may be repeated
  const outcomes = new Map<string, CreateOutcome>();
  for (const safe of [true, false]) {
    const part = items.filter((i) => (i.guardValue !== '') === safe);
    for (const o of await writeBatches(t, spec(safe ? 'safe' : 'never'), part)) outcomes.set(o.key, o);
  }
  return items.map((i) => outcomes.get(i.key) as CreateOutcome);
}

/** Updates by HubSpot id; outcomes keyed by id (missing ids → HUBSPOT_OBJECT_NOT_FOUND outcomes). */
export function batchUpdate(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  inputs: { id: string; properties: Record<string, string> }[],
): Promise<WriteOutcome[]> {
  return writeBatches(
    t,
    {
      path: `${paths.objects(type)}/batch/update`,
      traced: true,
      resultKey: (r) => String(r['id']),
      errorKeys: (e) => e.context?.['ids'] ?? [],
      created: () => false,
    },
    inputs.map((i) => ({ key: i.id, input: { id: i.id, properties: i.properties } })),
  );
}

/** Archives by HubSpot id (204 for the whole chunk; HubSpot ignores missing ids). */
export function batchArchive(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
  ids: string[],
): Promise<WriteOutcome[]> {
  return writeBatches(
    t,
    {
      path: `${paths.objects(type)}/batch/archive`,
      traced: false,
      resultKey: (r) => String(r['id']),
      errorKeys: (e) => e.context?.['ids'] ?? [],
      created: () => false,
    },
    [...new Set(ids)].map((id) => ({ key: id, input: { id } })),
  );
}
