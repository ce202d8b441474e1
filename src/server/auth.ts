/**
 * Who is calling: a browser session (cookie), a script presenting the token as a Bearer header,
 * or a Prometheus scraper presenting the separate metrics token, which reads `/metrics` and nothing
 * else (the dashboard refuses it everywhere else before any handler runs).
 * State-changing requests made with a session must come from our own origin and carry the
 * session's CSRF token; Bearer requests carry no ambient authority, so they need neither.
 * A wrong Bearer token counts against the same per-client throttle as a wrong form login, and
 * is logged the same way (the presented value never is).
 */
import type { IncomingMessage } from 'node:http';
import type { DashboardLogger } from './types.js';
import { clientAddress, sameOrigin } from './http-util.js';
import {
  parseCookies,
  secretsEqual,
  SESSION_COOKIE,
  type LoginThrottle,
  type Session,
  type SessionStore,
} from './sessions.js';

export type Caller = { kind: 'session'; session: Session } | { kind: 'bearer' };
/** A caller holding only the read-only metrics token (`dashboard.metricsToken`). */
export type ScrapeCaller = { kind: 'scraper' };

/** The outcome of authenticating one request. */
export type Authentication =
  | { ok: true; caller: Caller | ScrapeCaller }
  | { ok: false; reason: 'missing' | 'wrong-token' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** What authentication needs from the running dashboard. */
export interface AuthDeps {
  token: string;
  /** The read-only metrics token, when one is configured. */
  metricsToken: string | null;
  sessions: SessionStore;
  throttle: LoginThrottle;
  logger: DashboardLogger;
}

/** Reads the Bearer token of an Authorization header, if any. */
function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Authenticates a request by Bearer token (throttled per client) or session cookie. */
export function authenticate(req: IncomingMessage, deps: AuthDeps): Authentication {
  const presented = bearer(req);
  if (presented !== null) {
    const client = clientAddress(req);
    if (deps.throttle.blocked(client)) {
      deps.logger.warn(
        { event: 'dashboard.bearer.throttled', client },
        'too many failed dashboard authentications; Bearer request refused',
      );
      return { ok: false, reason: 'throttled', retryAfterSeconds: deps.throttle.retryAfterSeconds(client) };
    }
    if (secretsEqual(presented, deps.token)) return { ok: true, caller: { kind: 'bearer' } };
    if (deps.metricsToken !== null && secretsEqual(presented, deps.metricsToken)) {
      return { ok: true, caller: { kind: 'scraper' } };
    }
    deps.throttle.fail(client);
    deps.logger.warn(
      { event: 'dashboard.bearer.failed', client },
      'dashboard request with a wrong Bearer token',
    );
    return { ok: false, reason: 'wrong-token' };
  }
  const session = deps.sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  return session ? { ok: true, caller: { kind: 'session', session } } : { ok: false, reason: 'missing' };
}

/**
 * True when a state-changing request may proceed: Bearer callers always; session callers only
 * from our own origin with the session's CSRF token (header `X-CSRF-Token` or form field `_csrf`).
 */
export function csrfOk(req: IncomingMessage, caller: Caller, formToken: unknown): boolean {
  if (caller.kind === 'bearer') return true;
  if (!sameOrigin(req)) return false;
  const header = req.headers['x-csrf-token'];
  const presented = typeof header === 'string' ? header : typeof formToken === 'string' ? formToken : '';
  return presented !== '' && secretsEqual(presented, caller.session.csrfToken);
}
