/**
 * The JSON API behind the pages: /api/health, /api/errors, /api/records/:key/audit, /api/replay,
 * /api/rate-budget, /api/runs. Every value is data (JSON-encoded), never markup.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FlowId } from '../core/store-port.js';
import { buildHealth } from './health-model.js';
import { BadRequest, sendJson } from './http-util.js';
import { isFlowId, parseErrorQuery, queryErrors, queryRecord } from './queries.js';
import type { DashboardOptions, ReplayRequest } from './types.js';

/** Runs a replay and, for a single record, returns the record's link as it is afterwards. */
export async function runReplay(
  opts: DashboardOptions,
  req: ReplayRequest,
): Promise<Record<string, unknown>> {
  const result = await opts.replay(req);
  opts.logger.info(
    { event: 'dashboard.replay', request: req, ...result },
    'replay requested from the dashboard',
  );
  if ('failed' in req || 'sourceKeys' in req) return { ...result };
  const link =
    (await opts.store.getLinks(req.connection, req.flow, [req.sourceKey])).get(req.sourceKey) ?? null;
  return {
    ...result,
    link: link && { state: link.state, lastError: link.lastError, targetId: link.targetId },
  };
}

/** Handles GET /api/*; returns false when the path is not an API read route. */
export async function handleApiGet(opts: DashboardOptions, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  const nowMs = opts.clock.nowMs();
  if (path === '/api/health') {
    const rows = await buildHealth(opts.store, opts.schedule(), opts.rateBudget(), nowMs);
    sendJson(res, 200, { nowMs, flows: rows });
    return true;
  }
  if (path === '/api/errors') {
    const { links, truncated } = await queryErrors(opts.store, parseErrorQuery(url.searchParams));
    sendJson(res, 200, { records: links, truncated });
    return true;
  }
  const audit = /^\/api\/records\/([^/]+)\/audit$/.exec(path);
  if (audit?.[1]) {
    const sourceKey = decodeSegment(audit[1]);
    const { link, events } = await queryRecord(opts.store, sourceKey, url.searchParams);
    sendJson(res, 200, { sourceKey, link, events });
    return true;
  }
  if (path === '/api/rate-budget') {
    sendJson(res, 200, { nowMs, portals: opts.rateBudget() });
    return true;
  }
  if (path === '/api/runs') {
    const filter: { connection?: string; flow?: FlowId; limit: number } = {
      limit: clampLimit(url.searchParams.get('limit')),
    };
    const connection = url.searchParams.get('connection');
    const flow = url.searchParams.get('flow');
    if (connection) filter.connection = connection;
    if (flow) {
      if (!isFlowId(flow)) throw new BadRequest(400, `unknown flow ${flow}`);
      filter.flow = flow;
    }
    sendJson(res, 200, { runs: await opts.store.listRuns(filter) });
    return true;
  }
  return false;
}

function clampLimit(value: string | null): number {
  const n = value === null ? 50 : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadRequest(400, 'limit must be a positive integer');
  return Math.min(n, 1000);
}

/** Decodes one URL path segment; a malformed escape is a 400. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequest(400, 'malformed path');
  }
}

/** Serves a JSON error; used for API paths. */
export function apiError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/** True for paths answered with JSON (API and metrics), where errors are JSON/plain, not pages. */
export function isApiPath(req: IncomingMessage, url: URL): boolean {
  return (
    url.pathname.startsWith('/api/') ||
    url.pathname === '/metrics' ||
    req.headers.accept === 'application/json'
  );
}
