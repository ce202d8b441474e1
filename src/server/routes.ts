/** The HTML side of the dashboard: login/logout, the pages, and the no-script replay form. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runReplay } from './api.js';
import type { Caller } from './auth.js';
import type { ServerState } from './dashboard.js';
import { buildHealth } from './health-model.js';
import { withQuery } from './html.js';
import { clientAddress, readForm, redirect, sameOrigin, send, sendHtml } from './http-util.js';
import { errorsPage } from './pages/errors.js';
import { healthPage } from './pages/health.js';
import { loginPage } from './pages/login.js';
import { rateBudgetPage } from './pages/rate-budget.js';
import { recordPage } from './pages/record.js';
import { parseErrorQuery, queryErrors, queryRecord } from './queries.js';
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
    const { links, truncated } = await queryErrors(opts.store, filter);
    const flash = state.replayResults.get(resultOwner(caller), url.searchParams.get('replayed'));
    const connections = await opts.store.listConnections();
    sendHtml(res, 200, errorsPage({ links, filter, connections, csrfToken, flash, truncated }));
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
    sendHtml(res, 200, rateBudgetPage(opts.rateBudget(), csrfToken, nowMs));
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
  const request = parseReplayRequest(body);
  const result = await runReplay(state.opts, request);
  const failed = typeof result['failed'] === 'number' ? result['failed'] : 0;
  const text = `Replayed ${String(result['replayed'])}: ${String(result['ok'])} ok, ${failed} failed`;
  const id = state.replayResults.record(resultOwner(caller), { text, bad: failed > 0 });
  const connection = 'connection' in request ? request.connection : undefined;
  redirect(res, withQuery('/errors', { connection, replayed: id }));
}

/** Whose replay results a caller may see: its own session's, or those of Bearer callers. */
function resultOwner(caller: Caller): string {
  return caller.kind === 'session' ? `session:${caller.session.id}` : 'bearer';
}

export { readForm };
