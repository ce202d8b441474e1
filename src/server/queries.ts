/**
 * Reads shared by the pages and the JSON API, so both always show the same facts: the error queue
 * with its filter, and one record's link plus audit history.
 */
import type { AuditEvent, FlowId, LinkState, RecordHold, RecordLink, Store } from '../core/store-port.js';
import { FLOW_IDS } from '../core/store-port.js';
import { BadRequest } from './http-util.js';

/** Upper bound of links scanned per error-queue request (the text filter runs in memory). */
export const ERROR_QUEUE_SCAN_LIMIT = 5000;
/** Rows returned per error-queue request. */
export const ERROR_QUEUE_PAGE = 500;

export interface ErrorQuery {
  q: string;
  connection: string;
  flow: string;
  state: string;
  /** One cause (error code); '' = every cause. */
  code: string;
}

/** Reads the filter from a query string; an unknown flow or state is a 400. */
export function parseErrorQuery(params: URLSearchParams): ErrorQuery {
  const query = {
    q: (params.get('q') ?? '').trim(),
    connection: params.get('connection') ?? '',
    flow: params.get('flow') ?? '',
    state: params.get('state') ?? '',
    code: (params.get('code') ?? '').trim(),
  };
  if (query.flow && !isFlowId(query.flow)) throw new BadRequest(400, `unknown flow ${query.flow}`);
  if (query.state && !['failed', 'quarantined', 'ok', 'waiting', 'all', 'held'].includes(query.state)) {
    throw new BadRequest(400, `unknown state ${query.state}`);
  }
  return query;
}

export function isFlowId(value: unknown): value is FlowId {
  return typeof value === 'string' && (FLOW_IDS as readonly string[]).includes(value);
}

function statesFor(state: string): LinkState[] | undefined {
  if (state === 'all') return undefined;
  if (state === 'failed' || state === 'quarantined' || state === 'ok' || state === 'waiting') return [state];
  if (state === 'held') return ['failed', 'quarantined'];
  return ['failed', 'quarantined'];
}

function matches(link: RecordLink, needle: string): boolean {
  if (!needle) return true;
  const n = needle.toLowerCase();
  return [link.sourceKey, link.targetId, link.lastError?.code, link.lastError?.message].some(
    (v) => typeof v === 'string' && v.toLowerCase().includes(n),
  );
}

/**
 * The error queue: links in the chosen states matching the text filter and cause, most recently
 * updated first. Held records (resolved, excluded) are left out, except with state `held`, which
 * shows only them. `matching` is every match scanned (for grouping), `links` the first page.
 */
export async function queryErrors(
  store: Store,
  query: ErrorQuery,
): Promise<{
  links: RecordLink[];
  matching: RecordLink[];
  holds: Map<string, RecordHold>;
  truncated: boolean;
}> {
  const filter: Parameters<Store['listLinks']>[0] = { limit: ERROR_QUEUE_SCAN_LIMIT };
  const states = statesFor(query.state);
  if (states) filter.states = states;
  if (query.connection) filter.connection = query.connection;
  if (isFlowId(query.flow)) filter.flow = query.flow;
  const holdFilter: Parameters<Store['listHolds']>[0] = { limit: 100_000 };
  if (query.connection) holdFilter.connection = query.connection;
  if (isFlowId(query.flow)) holdFilter.flow = query.flow;
  const holds = new Map<string, RecordHold>();
  for (const h of await store.listHolds(holdFilter)) holds.set(holdId(h), h);
  const wantHeld = query.state === 'held';
  const all = (await store.listLinks(filter)).filter(
    (l) =>
      matches(l, query.q) &&
      (query.code === '' || (l.lastError?.code ?? 'INTERNAL') === query.code) &&
      (l.state === 'ok' || holds.has(holdId(l)) === wantHeld),
  );
  all.sort((a, b) => b.updatedAtMs - a.updatedAtMs);
  return {
    links: all.slice(0, ERROR_QUEUE_PAGE),
    matching: all,
    holds,
    truncated: all.length > ERROR_QUEUE_PAGE,
  };
}

/** Key of a record across connections and flows. */
export function holdId(r: { connection: string; flow: FlowId; sourceKey: string }): string {
  return `${r.connection}\u0000${r.flow}\u0000${r.sourceKey}`;
}

/** One record's current link (when connection and flow identify it, or the key is unique) and history. */
export async function queryRecord(
  store: Store,
  sourceKey: string,
  params: URLSearchParams,
): Promise<{ link: RecordLink | null; events: AuditEvent[] }> {
  const connection = params.get('connection') ?? '';
  const flow = params.get('flow') ?? '';
  if (flow && !isFlowId(flow)) throw new BadRequest(400, `unknown flow ${flow}`);
  const filter: { connection?: string; flow?: FlowId } = {};
  if (connection) filter.connection = connection;
  if (isFlowId(flow)) filter.flow = flow;
  const events = await store.auditHistory(sourceKey, filter);
  const conn = connection || events[0]?.connection;
  const fl = isFlowId(flow) ? flow : events[0]?.flow;
  let link: RecordLink | null = null;
  if (conn && fl) link = (await store.getLinks(conn, fl, [sourceKey])).get(sourceKey) ?? null;
  return { link, events };
}
