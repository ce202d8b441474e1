/**
 * `startDashboard(options)`: the web dashboard, its JSON API and Prometheus /metrics on one
 * node:http server. Everything it shows comes from injected dependencies (store, event bus,
 * scheduler, limiter, replay), so `ml-connector run` and tests wire it the same way.
 *
 * Security: a strong token from config is required (no default; ConfigError otherwise); pages and
 * APIs answer 401 without a session cookie (SameSite=Strict, HttpOnly) or the token as Bearer;
 * wrong tokens, by form or Bearer, are throttled per client (429 + Retry-After); POSTs made with a
 * session need our Origin and the session's CSRF token; CSP without inline script. With `tls`
 * the same handler is served over HTTPS (node:https) and session cookies are `Secure`.
 * An optional second, read-only token (`metricsToken`) lets a Prometheus scraper read /metrics
 * and nothing else: it cannot open a page, call the API, replay or sign in.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfigError, isConnectorError, messageOf } from '../core/errors.js';
import { apiError, handleApiGet, isApiPath, runReplay } from './api.js';
import { APP_CSS, APP_JS } from './assets.js';
import { readBuildInfo } from '../app/build-info.js';
import { authenticate, csrfOk, type Authentication, type Caller } from './auth.js';
import { BadRequest, readForm, send, sendHtml, sendJson } from './http-util.js';
import { ConnectorMetrics, METRICS_CONTENT_TYPE } from './metrics.js';
import { handlePage, holdFromForm, loginResponse, replayFromForm } from './routes.js';
import {
  CONFIRM_MASS_CHANGE_PATH,
  confirmMassChangeFromForm,
  MASS_CHANGES_PATH,
  massChangesResponse,
} from './mass-change-routes.js';
import { loginPage } from './pages/login.js';
import { parseReplayRequest } from './replay-request.js';
import { ReplayResults } from './replay-results.js';
import { clearedSessionCookie, LoginThrottle, SessionStore } from './sessions.js';
import { tokenWeakness } from './token-strength.js';
import type { DashboardHandle, DashboardOptions } from './types.js';

export { MIN_TOKEN_LENGTH } from './token-strength.js';

/** Per-process state of a running dashboard. */
export interface ServerState {
  opts: DashboardOptions;
  token: string;
  /** The read-only scrape token, when configured. */
  metricsToken: string | null;
  sessions: SessionStore;
  throttle: LoginThrottle;
  metrics: ConnectorMetrics;
  /** Served over HTTPS: session cookies are marked Secure. */
  secure: boolean;
  /** Outcomes of form replays, shown by id (to their caller) on the page the form redirects to. */
  replayResults: ReplayResults;
}

/** Starts the server; rejects with ConfigError when no token is configured or the port is taken. */
export async function startDashboard(opts: DashboardOptions): Promise<DashboardHandle> {
  const token = opts.token?.trim() ?? '';
  if (token === '') {
    throw new ConfigError(
      'DASHBOARD_TOKEN_MISSING',
      'dashboard.token: no dashboard token is configured and there is no default password; set it to a secret reference such as env:ML_DASHBOARD_TOKEN',
    );
  }
  const weakness = tokenWeakness(token);
  if (weakness !== null) throw new ConfigError('DASHBOARD_TOKEN_WEAK', `dashboard.token: ${weakness}`);
  const metricsToken = checkedMetricsToken(opts.metricsToken, token);
  const state: ServerState = {
    opts,
    token,
    metricsToken,
    sessions: new SessionStore(opts.clock, opts.sessionIdleMs),
    throttle: new LoginThrottle(opts.clock),
    metrics: new ConnectorMetrics(opts.events, opts.build ?? readBuildInfo(), {
      processMetrics: opts.processMetrics ?? true,
    }),
    secure: opts.tls !== undefined,
    replayResults: new ReplayResults(opts.clock),
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(state, req, res).catch((error: unknown) => fail(state, req, res, error));
  };
  const server: Server =
    opts.tls === undefined
      ? createServer(listener)
      : createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, listener);
  const host = opts.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    state.metrics.close();
    throw new ConfigError(
      'DASHBOARD_LISTEN_FAILED',
      `dashboard: cannot listen on ${host}:${opts.port}: ${(error as Error).message}`,
      { cause: error, details: { host, port: opts.port } },
    );
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${state.secure ? 'https' : 'http'}://${urlHost}:${address.port}`;
  opts.logger.info({ event: 'dashboard.started', url }, `dashboard listening on ${url}`);
  return {
    url,
    close: async () => {
      state.metrics.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      opts.logger.info({ event: 'dashboard.stopped', url }, 'dashboard stopped');
    },
  };
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  // HubSpot's webhooks authenticate by signature, not by dashboard login.
  if (state.opts.hooks !== undefined && (await state.opts.hooks(req, res))) return;

  if (method === 'GET' && path === '/assets/app.css')
    return send(res, 200, 'text/css; charset=utf-8', APP_CSS);
  if (method === 'GET' && path === '/assets/app.js') {
    return send(res, 200, 'text/javascript; charset=utf-8', APP_JS);
  }
  if (method === 'GET' && path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
  if (path === '/login') return loginResponse(state, req, res, url);

  const auth = authenticate(req, { ...state, logger: state.opts.logger });
  if (!auth.ok) return refuse(req, res, url, auth);
  if (method === 'GET' && path === '/metrics') return serveMetrics(state, res);
  if (auth.caller.kind === 'scraper') return refuseScraper(req, res, url);
  const caller: Caller = auth.caller;

  if (method === 'GET' && path.startsWith('/api/')) {
    if (await handleApiGet(state.opts, res, url)) return;
    return apiError(res, 404, 'NOT_FOUND', 'no such API route');
  }
  if (method === 'POST') return handlePost(state, caller, req, res, url);
  if (method === 'GET' && path === MASS_CHANGES_PATH) return massChangesResponse(state, caller, res);
  if (method === 'GET' && (await handlePage(state, caller, res, url))) return;
  if (method !== 'GET' && method !== 'POST') {
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { Allow: 'GET, POST' });
  }
  return send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

/** GET /metrics: gauges recomputed from the store and the limiter, then the whole registry. */
async function serveMetrics(state: ServerState, res: ServerResponse): Promise<void> {
  const { opts } = state;
  state.metrics.collect(await opts.store.flowHealth(), opts.rateBudget(), opts.clock.nowMs());
  return send(res, 200, METRICS_CONTENT_TYPE, await state.metrics.render());
}

/** 403 for the metrics token anywhere but GET /metrics: it is valid, and reads nothing else. */
function refuseScraper(req: IncomingMessage, res: ServerResponse, url: URL): void {
  const message = 'the metrics token only reads GET /metrics';
  if (isApiPath(req, url)) return apiError(res, 403, 'FORBIDDEN', message);
  return send(res, 403, 'text/plain; charset=utf-8', `forbidden: ${message}`);
}

/**
 * The configured metrics token, or null; a weak one, or one equal to the admin token (which would
 * make the scraper an admin), is a config error naming `dashboard.metricsToken`.
 */
function checkedMetricsToken(configured: string | undefined, adminToken: string): string | null {
  const metricsToken = configured?.trim() ?? '';
  if (metricsToken === '') return null;
  const weakness = tokenWeakness(metricsToken);
  if (weakness !== null) {
    throw new ConfigError('DASHBOARD_TOKEN_WEAK', `dashboard.metricsToken: ${weakness}`);
  }
  if (metricsToken === adminToken) {
    throw new ConfigError(
      'CONFIG_INVALID',
      'dashboard.metricsToken: must differ from dashboard.token (the metrics token is read-only; the dashboard token can replay)',
    );
  }
  return metricsToken;
}

/** 401 (login page or JSON) for a missing or wrong credential; 429 + Retry-After while throttled. */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  auth: Exclude<Authentication, { ok: true }>,
): void {
  const api = isApiPath(req, url);
  if (auth.reason === 'throttled') {
    const headers = { 'Retry-After': String(auth.retryAfterSeconds) };
    if (api) return apiError(res, 429, 'THROTTLED', 'too many failed authentications; retry later', headers);
    return sendHtml(
      res,
      429,
      loginPage({ error: 'Too many failed attempts; try again in a few minutes.', next: '/' }),
      headers,
    );
  }
  if (api) {
    return apiError(res, 401, 'UNAUTHENTICATED', 'authentication required', {
      'WWW-Authenticate': 'Bearer realm="ml-connector"',
    });
  }
  const next = req.method === 'GET' ? url.pathname + url.search : '/';
  return sendHtml(res, 401, loginPage({ next }));
}

async function handlePost(
  state: ServerState,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname;
  if (!['/api/replay', '/replay', '/logout', '/records/hold', CONFIRM_MASS_CHANGE_PATH].includes(path)) {
    return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  }
  const body = await readForm(req);
  if (!csrfOk(req, caller, body['_csrf'])) {
    state.opts.logger.warn(
      { event: 'dashboard.csrf.rejected', path },
      'state-changing request without a valid CSRF token or origin',
    );
    if (path.startsWith('/api/'))
      return apiError(res, 403, 'CSRF', 'missing or invalid CSRF token or origin');
    return send(res, 403, 'text/plain; charset=utf-8', 'forbidden: missing or invalid CSRF token or origin');
  }
  if (path === '/logout') {
    if (caller.kind === 'session') state.sessions.destroy(caller.session.id);
    return send(res, 303, 'text/plain; charset=utf-8', '', {
      Location: '/login',
      'Set-Cookie': clearedSessionCookie(),
    });
  }
  if (path === CONFIRM_MASS_CHANGE_PATH) return confirmMassChangeFromForm(state, caller, req, res, body);
  if (path === '/api/replay') {
    return sendJson(res, 200, await runReplay(state.opts, parseReplayRequest(body)));
  }
  if (path === '/records/hold') return holdFromForm(state, caller, res, body);
  return replayFromForm(state, caller, res, body);
}

function fail(state: ServerState, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
  let status = 500;
  let code = 'INTERNAL';
  let message = 'internal error; see the server log';
  if (error instanceof BadRequest) {
    status = error.status;
    code = 'DASHBOARD_BAD_REQUEST';
    message = error.message;
  } else if (isConnectorError(error)) {
    status = error.kind === 'data' || error.kind === 'config' ? 400 : error.kind === 'transient' ? 503 : 500;
    code = error.code;
    message = error.message;
  }
  if (status >= 500) {
    state.opts.logger.error(
      {
        event: 'dashboard.request.failed',
        path: url.pathname,
        err: messageOf(error),
      },
      'dashboard request failed',
    );
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isApiPath(req, url)) return apiError(res, status, code, message);
  send(res, status, 'text/plain; charset=utf-8', `${code}: ${message}`);
}
