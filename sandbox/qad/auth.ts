/**
 * OAuth password/refresh grants, Bearer and Basic authentication, users with and without
 * permission, configurable token lifetime and forced expiry (now or after N more API calls).
 */
import { randomBytes } from 'node:crypto';
import { tokenBody } from './assumed-shapes.js';

/** A tenant user. `canRead` gates GETs, `canWrite` gates writes; a user with neither gets 403 everywhere. */
export interface SandboxUser {
  username: string;
  password: string;
  canRead: boolean;
  canWrite: boolean;
}

/** Default users: full, read-only, and one without any permission. */
export const DEFAULT_USERS: readonly SandboxUser[] = [
  { username: 'integration', password: 'integration-pw', canRead: true, canWrite: true },
  { username: 'readonly', password: 'readonly-pw', canRead: true, canWrite: false },
  { username: 'noaccess', password: 'noaccess-pw', canRead: false, canWrite: false },
];

/** Time source; `FakeClock` from src/core fits structurally. */
export interface SandboxClock {
  nowMs(): number;
}

/** Outcome of a token request: HTTP status and JSON body. */
export interface GrantResult {
  status: number;
  body: Record<string, unknown>;
}

/** Outcome of authenticating an API request. */
export type AuthResult = { ok: true; user: SandboxUser } | { ok: false; reason: string };

interface AccessToken {
  username: string;
  expiresAtMs: number;
}

/** Issues and checks tokens for one tenant. */
export class TokenService {
  readonly #access = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, string>();
  #pendingExpiryCalls: number | undefined;
  basicAuthEnabled = true;

  constructor(
    private readonly clock: SandboxClock,
    public lifetimeMs: number,
    private readonly users: readonly SandboxUser[],
    readonly clientId: string,
  ) {}

  /** Handles `POST /oauth/token` parameters (form body and query merged). */
  grant(params: URLSearchParams): GrantResult {
    if (params.get('client_id') !== this.clientId) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
    }
    const grantType = params.get('grant_type');
    if (grantType === 'password') {
      const user = this.#check(params.get('username') ?? '', params.get('password') ?? '');
      if (!user)
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad credentials' } };
      return { status: 200, body: this.#issue(user.username) };
    }
    if (grantType === 'refresh_token') {
      const token = params.get('refresh_token') ?? '';
      const username = this.#refresh.get(token);
      if (username === undefined)
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
      this.#refresh.delete(token);
      return { status: 200, body: this.#issue(username) };
    }
    return {
      status: 400,
      body: {
        error: 'unsupported_grant_type',
        error_description: `Unsupported grant type: ${grantType ?? ''}`,
      },
    };
  }

  /** Checks an `Authorization` header (Bearer, or Basic when enabled). */
  authenticate(header: string | undefined): AuthResult {
    if (this.#pendingExpiryCalls !== undefined) {
      if (this.#pendingExpiryCalls <= 0) {
        this.#pendingExpiryCalls = undefined;
        this.expireAll(false);
      } else this.#pendingExpiryCalls -= 1;
    }
    if (header === undefined || header === '')
      return { ok: false, reason: 'Full authentication is required to access this resource' };
    const [scheme, credentials = ''] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer') {
      const token = this.#access.get(credentials);
      if (!token) return { ok: false, reason: 'Invalid access token' };
      if (token.expiresAtMs <= this.clock.nowMs()) return { ok: false, reason: 'Access token expired' };
      const user = this.users.find((u) => u.username === token.username);
      return user ? { ok: true, user } : { ok: false, reason: 'Invalid access token' };
    }
    if (scheme?.toLowerCase() === 'basic' && this.basicAuthEnabled) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? undefined : this.#check(decoded.slice(0, colon), decoded.slice(colon + 1));
      return user ? { ok: true, user } : { ok: false, reason: 'Bad credentials' };
    }
    return { ok: false, reason: 'Unsupported authorization scheme' };
  }

  /** Checks a user name and password (QXtend session context uses this too). */
  checkPassword(username: string, password: string): SandboxUser | undefined {
    return this.#check(username, password);
  }

  /** Expires every access token issued so far (and revokes refresh tokens when asked). */
  expireAll(refreshTokens: boolean): void {
    const now = this.clock.nowMs();
    for (const token of this.#access.values()) token.expiresAtMs = Math.min(token.expiresAtMs, now);
    if (refreshTokens) this.#refresh.clear();
  }

  /** Expires every current access token after `calls` more authenticated API calls. */
  expireAfter(calls: number): void {
    this.#pendingExpiryCalls = calls;
  }

  reset(): void {
    this.#access.clear();
    this.#refresh.clear();
    this.#pendingExpiryCalls = undefined;
  }

  #check(username: string, password: string): SandboxUser | undefined {
    return this.users.find((u) => u.username === username && u.password === password);
  }

  #issue(username: string): Record<string, unknown> {
    const accessToken = randomBytes(24).toString('hex');
    const refreshToken = randomBytes(24).toString('hex');
    this.#access.set(accessToken, { username, expiresAtMs: this.clock.nowMs() + this.lifetimeMs });
    this.#refresh.set(refreshToken, username);
    return tokenBody(accessToken, refreshToken, Math.round(this.lifetimeMs / 1000));
  }
}
