/**
 * Who is calling: a browser session (cookie) or a script presenting the token as a Bearer header.
 * State-changing requests made with a session must come from our own origin and carry the
 * session's CSRF token; Bearer requests carry no ambient authority, so they need neither.
 */
import type { IncomingMessage } from 'node:http';
import { sameOrigin } from './http-util.js';
import { parseCookies, secretsEqual, SESSION_COOKIE, type Session, type SessionStore } from './sessions.js';

export type Caller = { kind: 'session'; session: Session } | { kind: 'bearer' };

/** Reads the Bearer token of an Authorization header, if any. */
function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Authenticates a request; null = not authenticated. */
export function authenticate(req: IncomingMessage, sessions: SessionStore, token: string): Caller | null {
  const presented = bearer(req);
  if (presented !== null) return secretsEqual(presented, token) ? { kind: 'bearer' } : null;
  const session = sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  return session ? { kind: 'session', session } : null;
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
