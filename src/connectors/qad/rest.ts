/**
 * The authenticated REST primitive under `{base}/api/**`: adds Authorization and
 * `x-qad-workspace-id`, re-authenticates once on a 401, maps 401/403/other 4xx to the error
 * family. Everything else in the QAD client goes through `QadRest.call`.
 */
import { AuthError, HttpError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { isRecord } from '../../core/guards.js';
import type { HttpClient, HttpResponse, RequestPriority, RetryMode } from '../../http/types.js';
import type { QadSession } from './session.js';
import './events.js';

/** One REST call below `{base}`. */
export interface QadCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base, starting with `/api/`. */
  path: string;
  /** Query parameters; repeated keys (browse `filter`) are kept. */
  query?: URLSearchParams | Record<string, string>;
  /** JSON body. */
  body?: unknown;
  retry: RetryMode;
  priority?: RequestPriority;
  timeoutMs?: number;
}

/** REST transport bound to one tenant and session. */
export class QadRest {
  readonly #http: HttpClient;
  readonly #session: QadSession;
  readonly #baseUrl: string;
  readonly #workspaceId: string | undefined;
  readonly #events: EventBus | undefined;
  #calls = 0;

  constructor(options: {
    http: HttpClient;
    session: QadSession;
    baseUrl: string;
    workspaceId?: string;
    events?: EventBus;
  }) {
    this.#http = options.http;
    this.#session = options.session;
    this.#baseUrl = options.baseUrl;
    this.#workspaceId = options.workspaceId;
    this.#events = options.events;
  }

  get session(): QadSession {
    return this.#session;
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** REST calls sent so far (each 401 resend counts), for run reports. */
  get calls(): number {
    return this.#calls;
  }

  /**
   * Sends the call; on 401 drops the token, logs in again and resends once. Resolves with any
   * 2xx or non-auth 4xx final answer only when it is 2xx; 401 twice → AuthError QAD_AUTH_INVALID,
   * 403 → AuthError QAD_PERMISSION_DENIED, other 4xx → HttpError HTTP_STATUS.
   */
  async call(call: QadCall): Promise<HttpResponse> {
    const query = new URLSearchParams(call.query);
    const qs = query.toString();
    const url = `${this.#baseUrl}${call.path}${qs === '' ? '' : `?${qs}`}`;
    let res = await this.#send(call, url);
    if (res.status === 401 && this.#session.mode === 'oauth') {
      this.#events?.emit('qad.relogin', { path: call.path });
      res = await this.#send(call, url);
    }
    const user = this.#session.username;
    const where = `${call.method} ${call.path}`;
    if (res.status === 401) {
      throw new AuthError(
        'QAD_AUTH_INVALID',
        this.#session.mode === 'basic'
          ? `QAD rejected HTTP Basic login for user ${user} on ${this.#session.host} (${where}); check qad.username/password or use auth: oauth`
          : `QAD rejected a fresh token for user ${user} on ${this.#session.host} (${where}) after one re-login; check the user may use the Web UI/API`,
        { details: { status: 401, route: call.path, user, check: 'token' } },
      );
    }
    if (res.status === 403) {
      throw new AuthError(
        'QAD_PERMISSION_DENIED',
        `QAD denied user ${user} access to ${where} (403 ${firstMessage(res.text) ?? 'Access is denied'}); grant the role permission on this resource`,
        { details: { status: 403, route: call.path, user } },
      );
    }
    if (res.status >= 400) {
      throw new HttpError(
        'HTTP_STATUS',
        `QAD answered ${res.status} on ${where}: ${firstMessage(res.text) ?? ''}`.trim(),
        {
          details: { status: res.status, route: call.path },
        },
      );
    }
    return res;
  }

  async #send(call: QadCall, url: string): Promise<HttpResponse> {
    const authorization = await this.#session.authorization();
    this.#calls += 1;
    const headers: Record<string, string> = { accept: 'application/json', authorization };
    if (this.#workspaceId !== undefined) headers['x-qad-workspace-id'] = this.#workspaceId;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.#http.request({
      method: call.method,
      url,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      retry: call.retry,
      system: 'qad',
      ...(call.priority !== undefined ? { priority: call.priority } : {}),
      ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
    });
    if (res.status === 401) this.#session.invalidate(authorization);
    return res;
  }
}

/** The first human message of a QAD error body (`errors[0].message`, OAuth `error_description`). */
export function firstMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const errors = body['errors'];
    if (Array.isArray(errors)) {
      const first: unknown = errors[0];
      if (typeof first === 'string') return first;
      if (isRecord(first)) {
        const m = first['message'];
        if (typeof m === 'string') return m;
      }
    }
    if (typeof body['error_description'] === 'string') return body['error_description'];
    if (typeof body['error'] === 'string') return body['error'];
  } catch {
    // not JSON
  }
  return undefined;
}
