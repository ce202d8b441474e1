/** The HTML side of the dashboard: login/logout, the pages, and the no-script replay form. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runReplay } from './api.js';
import type { Caller } from './auth.js';
import type { ServerState } from './dashboard.js';
import { buildHealth } from './health-model.js';
import { withQuery } from './html.js';
import { BadRequest, clientAddress, readForm, redirect, sameOrigin, send, sendHtml } from './http-util.js';
import { errorsPage, replayConfirmPage } from './pages/errors.js';
import { healthPage } from './pages/health.js';
import { loginPage } from './pages/login.js';
import { rateBudgetPage } from './pages/rate-budget.js';
import { recordPage } from './pages/record.js';
import { isFlowId, parseErrorQuery, queryErrors, queryRecord, type ErrorQuery } from './queries.js';
import { groupByCause } from './triage.js';
import { runsResponse } from './pages/runs.js';
import { holdRecord, releaseRecord } from '../app/record-holds.js';
import type { FlowId, HoldKind } from '../core/store-port.js';
import { decodeSegment } from './api.js';
import { parseReplayRequest } from './replay-request.js';
import { safeNext } from './safe-next.js';
import { secretsEqual, sessionCookie } from './sessions.js';

/** GET shows the form; POST checks the token (constant time, throttled, same origin) and starts a session. */
export async function loginResponse(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method === 'GET')
    return sendHtml(res, 200, loginPage({ next: safeNext(url.searchParams.get('next')) }));
  if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
  const client = clientAddress(req);
  const body = await readForm(req);
  const next = safeNext(body['next']);
  if (!sameOrigin(req)) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden: cross-origin login');
  if (state.throttle.blocked(client)) {
    state.opts.logger.warn(
      { event: 'dashboard.login.throttled', client },
      'too many failed dashboard logins',
    );
    return sendHtml(
      res,
      429,
      loginPage({ error: 'Too many failed attempts; try again in a few minutes.', next }),
      { 'Retry-After': String(state.throttle.retryAfterSeconds(client)) },
    );
  }
  const presented = typeof body['token'] === 'string' ? body['token'] : '';
  if (!secretsEqual(presented, state.token)) {
    state.throttle.fail(client);
    state.opts.logger.warn({ event: 'dashboard.login.failed', client }, 'dashboard login with a wrong token');
    return sendHtml(res, 401, loginPage({ error: 'Wrong token.', next }));
  }
  state.throttle.succeed(client);
  const session = state.sessions.create();
  const secure = state.secure || req.headers['x-forwarded-proto'] === 'https';
  state.opts.logger.info({ event: 'dashboard.login', client }, 'dashboard login');
  return redirect(res, next, { 'Set-Cookie': sessionCookie(session.id, secure) });
}

/** Serves GET pages; false when the path is not a page. */
export async function handlePage(
  state: ServerState,
  caller: Caller,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const { opts } = state;
  const csrfToken = caller.kind === 'session' ? caller.session.csrfToken : '';
  const nowMs = opts.clock.nowMs();
  const path = url.pathname;
  if (path === '/') {
    const rows = await buildHealth(opts.store, opts.schedule(), opts.rateBudget(), nowMs);
    sendHtml(res, 200, healthPage(rows, csrfToken, nowMs));
    return true;
  }
  if (path === '/errors') {
    const filter = parseErrorQuery(url.searchParams);
    const { links, matching, holds, truncated } = await queryErrors(opts.store, filter);
    const flash = state.replayResults.get(resultOwner(caller), url.searchParams.get('replayed'));
    const connections = await opts.store.listConnections();
    const groups = groupByCause(matching);
    sendHtml(
      res,
      200,
      errorsPage({ links, groups, holds, filter, connections, csrfToken, flash, truncated }),
    );
    return true;
  }
  if (path === '/replay/confirm') {
    const filter = groupScope(parseErrorQuery(url.searchParams));
    const { matching } = await queryErrors(opts.store, filter);
    sendHtml(res, 200, replayConfirmPage({ filter, count: matching.length, csrfToken }));
    return true;
  }
  if (path === '/runs') {
    sendHtml(res, 200, await runsResponse(opts, url, csrfToken, nowMs));
    return true;
  }
  const record = /^\/records\/([^/]+)$/.exec(path);
  if (record?.[1]) {
    const sourceKey = decodeSegment(record[1]);
    const { link, events } = await queryRecord(opts.store, sourceKey, url.searchParams);
    sendHtml(res, link || events.length > 0 ? 200 : 404, recordPage({ sourceKey, link, events, csrfToken }));
    return true;
  }
  if (path === '/rate-budget') {
    const runs = await opts.store.listRuns({ limit: 1000 });
    sendHtml(res, 200, rateBudgetPage(opts.rateBudget(), csrfToken, nowMs, runs));
    return true;
  }
  return false;
}

/**
 * POST /replay from a plain form (no script): replays, records the outcome, then redirects back
 * to the queue with the outcome's id (never its text: the page shows only what was recorded).
 */
export async function replayFromForm(
  state: ServerState,
  caller: Caller,
  res: ServerResponse,
  body: Record<string, unknown>,
): Promise<void> {
  if (body['scope'] === 'group') return replayGroup(state, caller, res, body);
  const request = parseReplayRequest(body);
  const result = await runReplay(state.opts, request);
  const failed = typeof result['failed'] === 'number' ? result['failed'] : 0;
  const text = `Replayed ${String(result['replayed'])}: ${String(result['ok'])} ok, ${failed} still failing${causes(result['stillFailing'])}`;
  const id = state.replayResults.record(resultOwner(caller), { text, bad: failed > 0 });
  const connection = 'connection' in request ? request.connection : undefined;
  redirect(res, withQuery('/errors', { connection, replayed: id }));
}

/** ` (2 × HUBSPOT_CONFLICT, …)` for a result's still-failing causes. */
function causes(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  const parts = (value as { code: string; count: number }[]).map((c) => `${c.count} × ${c.code}`);
  return ` (${parts.join(', ')})`;
}

/** A group replay needs one connection and one flow: its scope is what the confirm page showed. */
function groupScope(filter: ErrorQuery): ErrorQuery {
  if (!filter.connection || !isFlowId(filter.flow)) {
    throw new BadRequest(400, 'a group replay needs a connection and a flow');
  }
  return filter;
}

/**
 * POST /replay with `scope=group`: the confirmed scope (connection, flow, cause, filter) is resolved
 * to its records again, replayed, and the result shown per cause on the queue the scope came from.
 */
async function replayGroup(
  state: ServerState,
  caller: Caller,
  res: ServerResponse,
  body: Record<string, unknown>,
): Promise<void> {
  const params = new URLSearchParams();
  for (const k of ['connection', 'flow', 'code', 'q', 'state']) {
    const v = body[k];
    if (typeof v === 'string') params.set(k, v);
  }
  const filter = groupScope(parseErrorQuery(params));
  const { matching } = await queryErrors(state.opts.store, filter);
  const expected = Number(body['expected']);
  const request = {
    connection: filter.connection,
    flow: filter.flow as FlowId,
    sourceKeys: matching.map((l) => l.sourceKey),
  };
  const result = await runReplay(state.opts, request);
  const failed = typeof result['failed'] === 'number' ? result['failed'] : 0;
  const changed =
    Number.isFinite(expected) && expected !== matching.length
      ? ` (${expected} confirmed; ${matching.length} matched when it ran)`
      : '';
  const text = `Replayed ${String(result['replayed'])} ${filter.flow} record(s)${filter.code ? ` with ${filter.code}` : ''}${changed}: ${String(result['ok'])} ok, ${failed} still failing${causes(result['stillFailing'])}`;
  const id = state.replayResults.record(resultOwner(caller), { text, bad: failed > 0 });
  redirect(res, withQuery('/errors', { ...filter, replayed: id }));
}

/** POST /records/hold: resolve, exclude or lift one record's hold; back to the page it came from. */
export async function holdFromForm(
  state: ServerState,
  caller: Caller,
  res: ServerResponse,
  body: Record<string, unknown>,
): Promise<void> {
  const str = (k: string): string => (typeof body[k] === 'string' ? body[k] : '');
  const flow = str('flow');
  if (!isFlowId(flow)) throw new BadRequest(400, `unknown flow ${flow}`);
  const kind = str('kind');
  if (!['resolved', 'excluded', 'lift'].includes(kind)) throw new BadRequest(400, `unknown action ${kind}`);
  const target = { connection: str('connection'), flow, sourceKey: str('sourceKey') };
  const actor = caller.kind === 'session' ? 'dashboard' : 'api';
  const nowMs = state.opts.clock.nowMs();
  let text: string;
  if (kind === 'lift') {
    const lifted = await releaseRecord(state.opts.store, { ...target, reason: str('reason'), actor }, nowMs);
    text = lifted ? `${target.sourceKey}: hold lifted` : `${target.sourceKey} was not held`;
  } else {
    await holdRecord(
      state.opts.store,
      { ...target, kind: kind as HoldKind, reason: str('reason'), actor },
      nowMs,
    );
    text = `${target.sourceKey} ${kind}: ${str('reason').trim()}`;
  }
  state.opts.logger.info({ event: 'dashboard.hold', ...target, kind, actor }, text);
  const id = state.replayResults.record(resultOwner(caller), { text, bad: false });
  const back = safeNext(body['back']);
  const url = new URL(back, 'http://dashboard.invalid');
  url.searchParams.set('replayed', id);
  redirect(res, url.pathname + url.search);
}

/** Whose replay results a caller may see: its own session's, or those of Bearer callers. */
function resultOwner(caller: Caller): string {
  return caller.kind === 'session' ? `session:${caller.session.id}` : 'bearer';
}

export { readForm };
