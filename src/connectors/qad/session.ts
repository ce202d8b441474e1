/**
 * QAD authentication: OAuth password grant at `{base}/oauth/token` (form body), refresh grant when
 * a refresh token exists, or HTTP Basic. Concurrent callers share one in-flight login. Tokens and
 * passwords never appear in events, errors or logs.
 */
import { AuthError, ConfigError, HttpError, isConnectorError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { isRecord } from '../../core/guards.js';
import type { HttpClient } from '../../http/types.js';
import './events.js';

/** Credentials and tenant for one QAD connection. */
export interface QadSessionOptions {
  http: HttpClient;
  /** Validated base URL (see validateQadBaseUrl), no trailing slash. */
  baseUrl: string;
  clientId: string;
  username: string;
  password: string;
  /** 'oauth' (default) or 'basic' (Authorization: Basic on every call). */
  auth?: 'oauth' | 'basic';
  events?: EventBus;
  /** Per-attempt timeout of token calls; default 30 000 ms. */
  timeoutMs?: number;
}

interface Tokens {
  access: string;
  refresh?: string;
}

/** Holds the current token; `authorization()` logs in on demand, `invalidate()` drops a rejected token. */
export class QadSession {
  readonly #o: QadSessionOptions;
  #tokens: Tokens | undefined;
  #refresh: string | undefined;
  #inflight: Promise<Tokens> | undefined;

  constructor(options: QadSessionOptions) {
    this.#o = options;
  }

  /** Host of the tenant, for messages. */
  get host(): string {
    return new URL(this.#o.baseUrl).host;
  }

  get username(): string {
    return this.#o.username;
  }

  get mode(): 'oauth' | 'basic' {
    return this.#o.auth ?? 'oauth';
  }

  /** The Authorization header value, logging in first when there is no token. */
  async authorization(): Promise<string> {
    if (this.mode === 'basic') {
      return `Basic ${Buffer.from(`${this.#o.username}:${this.#o.password}`).toString('base64')}`;
    }
    const tokens = this.#tokens ?? (await this.login());
    return `Bearer ${tokens.access}`;
  }

  /** Drops the token if it is still the one that was rejected (another caller may have renewed it). */
  invalidate(rejectedAuthorization: string): void {
    if (this.#tokens !== undefined && rejectedAuthorization === `Bearer ${this.#tokens.access}`) {
      this.#tokens = undefined;
    }
  }

  /** Obtains a token; concurrent callers share one request. Refresh grant first when possible. */
  login(): Promise<Tokens> {
    this.#inflight ??= this.#doLogin().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #doLogin(): Promise<Tokens> {
    if (this.#refresh !== undefined) {
      const refresh = this.#refresh;
      this.#refresh = undefined;
      try {
        return await this.#grant('refresh_token', { refresh_token: refresh });
      } catch (error) {
        // a spent or revoked refresh token: fall back to the password grant
        if (!(error instanceof AuthError)) throw error;
      }
    }
    return this.#grant('password', { username: this.#o.username, password: this.#o.password });
  }

  async #grant(grant: 'password' | 'refresh_token', params: Record<string, string>): Promise<Tokens> {
    const url = `${this.#o.baseUrl}/oauth/token`;
    const body = new URLSearchParams({ client_id: this.#o.clientId, grant_type: grant, ...params });
    const user = this.#o.username;
    let res;
    try {
      res = await this.#o.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        retry: 'safe',
        system: 'qad',
        priority: 'orders',
        ...(this.#o.timeoutMs !== undefined ? { timeoutMs: this.#o.timeoutMs } : {}),
      });
    } catch (error) {
      if (isConnectorError(error) && (error.code === 'HTTP_NETWORK' || error.code === 'HTTP_TIMEOUT')) {
        error.message = `QAD tenant ${this.host} cannot be reached for login (${url}): ${error.message}`;
      }
      throw error;
    }
    const detail = oauthError(res.text);
    if (res.status === 404) {
      throw new ConfigError(
        'QAD_TENANT_NOT_FOUND',
        `QAD tenant URL is wrong: ${this.host} answered 404 on ${new URL(url).pathname}; expected https://<tenant>.qad.com/clouderp or …/qad-central`,
        { details: { host: this.host, status: 404 } },
      );
    }
    if (res.status === 400 || res.status === 401) {
      const what =
        detail.error === 'invalid_client'
          ? `QAD rejected the client id for user ${user} on ${this.host} (invalid_client); check qad.clientId`
          : grant === 'refresh_token'
            ? `QAD rejected the refresh token for user ${user} on ${this.host}`
            : `QAD rejected the login for user ${user} on ${this.host} (${detail.error ?? res.status}${detail.description !== undefined ? `: ${detail.description}` : ''}); check qad.username and qad.password`;
      throw new AuthError('QAD_AUTH_INVALID', what, {
        details: { host: this.host, user, status: res.status, check: 'login' },
      });
    }
    if (res.status !== 200) {
      throw new HttpError('HTTP_STATUS', `QAD ${this.host} answered ${res.status} on /oauth/token`, {
        details: { status: res.status },
      });
    }
    let parsed: unknown;
    try {
      parsed = res.json();
    } catch {
      parsed = undefined;
    }
    const access = isRecord(parsed) ? parsed['access_token'] : undefined;
    if (typeof access !== 'string' || access === '') {
      throw new ConfigError(
        'QAD_TENANT_NOT_FOUND',
        `QAD tenant URL is wrong: ${this.host} answered /oauth/token without an access_token`,
        { details: { host: this.host } },
      );
    }
    const refresh = (parsed as Record<string, unknown>)['refresh_token'];
    const tokens: Tokens = { access };
    if (typeof refresh === 'string' && refresh !== '') tokens.refresh = refresh;
    this.#tokens = tokens;
    this.#refresh = tokens.refresh;
    this.#o.events?.emit('qad.login', { user, grant, host: this.host });
    return tokens;
  }
}

function oauthError(text: string): { error?: string; description?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const out: { error?: string; description?: string } = {};
    if (typeof body['error'] === 'string') out.error = body['error'];
    if (typeof body['error_description'] === 'string') out.description = body['error_description'];
    return out;
  } catch {
    return {};
  }
}
