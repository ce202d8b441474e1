/**
 * Authentication for the dashboard: the configured token (compared in constant time), in-memory
 * sessions behind a `SameSite=Strict; HttpOnly` cookie, one CSRF token per session, and a small
 * per-client throttle on failed logins. Sessions live in process memory: a restart logs users out,
 * which is acceptable for an operations console and keeps secrets out of the store.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'mlc_session';

/** Constant-time comparison of a presented secret with the configured one (hashing first hides the length). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}

/** Parses a Cookie header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export interface Session {
  id: string;
  csrfToken: string;
  lastSeenMs: number;
}

/** In-memory sessions with idle expiry (default 12 h). */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #clock: Clock;
  readonly #idleMs: number;

  constructor(clock: Clock, idleMs = 12 * 60 * 60 * 1000) {
    this.#clock = clock;
    this.#idleMs = idleMs;
  }

  create(): Session {
    this.#sweep();
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      csrfToken: randomBytes(32).toString('base64url'),
      lastSeenMs: this.#clock.nowMs(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session for a cookie value, refreshing its idle timer; null when unknown or expired. */
  get(id: string | undefined): Session | null {
    if (!id) return null;
    const session = this.#sessions.get(id);
    if (!session) return null;
    const nowMs = this.#clock.nowMs();
    if (nowMs - session.lastSeenMs > this.#idleMs) {
      this.#sessions.delete(id);
      return null;
    }
    session.lastSeenMs = nowMs;
    return session;
  }

  destroy(id: string): void {
    this.#sessions.delete(id);
  }

  #sweep(): void {
    const nowMs = this.#clock.nowMs();
    for (const [id, s] of this.#sessions) if (nowMs - s.lastSeenMs > this.#idleMs) this.#sessions.delete(id);
  }
}

/** Set-Cookie value for a new session; `secure` when served over https. */
export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Set-Cookie value that deletes the session cookie. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/**
 * Failed-authentication throttle per client address, shared by the form login and Bearer
 * requests: after `maxFailures` within `windowMs` further attempts are refused until the window
 * passes (defaults 10 per 5 minutes).
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  constructor(
    private readonly clock: Clock,
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60 * 1000,
  ) {}

  blocked(client: string): boolean {
    return this.#recent(client).length >= this.maxFailures;
  }

  fail(client: string): void {
    const list = this.#recent(client);
    list.push(this.clock.nowMs());
    this.#failures.set(client, list);
  }

  succeed(client: string): void {
    this.#failures.delete(client);
  }

  /** Seconds until a blocked client may try again (for Retry-After); 0 when not blocked. */
  retryAfterSeconds(client: string): number {
    const recent = this.#recent(client);
    if (recent.length < this.maxFailures) return 0;
    const oldestCounted = recent[recent.length - this.maxFailures] ?? this.clock.nowMs();
    return Math.max(1, Math.ceil((oldestCounted + this.windowMs - this.clock.nowMs()) / 1000));
  }

  #recent(client: string): number[] {
    const since = this.clock.nowMs() - this.windowMs;
    return (this.#failures.get(client) ?? []).filter((t) => t > since);
  }
}
