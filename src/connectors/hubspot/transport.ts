/**
 * The HubSpot transport: base URL, bearer token, JSON bodies and the mapping of unexpected
 * statuses to errors. Every call goes through the shared HttpClient (limiter → retry → fetch).
 * The token is only ever placed in the Authorization header.
 */
import { AuthError, HttpError } from '../../core/errors.js';
import { isRecord } from '../../core/guards.js';
import type { HttpClient, HttpResponse, RateBucket, RequestPriority, RetryMode } from '../../http/types.js';
import type { HubSpotStandardError } from './types.js';

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Default 'safe' (reads and keyed writes); creates without a key pass 'never'. */
  retry?: RetryMode;
  bucket?: RateBucket;
}

export interface HubSpotTransport {
  /** Sends one request; resolves with any non-retried status (the caller decides). */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options?: CallOptions,
  ): Promise<HttpResponse>;
  /** A transport whose requests carry `priority` in the limiter queue (same trace sequence). */
  withPriority(priority: RequestPriority): HubSpotTransport;
  /** The next `objectWriteTraceId` of this client (`ml-1`, `ml-2`, …: unique per client). */
  nextTraceId(): string;
  readonly token: string;
}

/** Creates the transport of one client; `traces` is shared by its `withPriority` copies. */
export function createTransport(
  http: HttpClient,
  baseUrl: string,
  token: string,
  priority: RequestPriority = 'incremental',
  signal?: AbortSignal,
  traces: { last: number } = { last: 0 },
): HubSpotTransport {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    token,
    withPriority: (p) => createTransport(http, baseUrl, token, p, signal, traces),
    nextTraceId: () => `ml-${(traces.last += 1)}`,
    call: (method, path, options = {}) => {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(options.query ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      const req: Parameters<HttpClient['request']>[0] = {
        method,
        url: url.toString(),
        headers,
        retry: options.retry ?? 'safe',
        system: 'hubspot',
        bucket: options.bucket ?? 'burst',
        priority,
      };
      if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        req.body = JSON.stringify(options.body);
      }
      if (signal !== undefined) req.signal = signal;
      return http.request(req);
    },
  };
}

/** Parses a HubSpot error body, tolerating anything (sandbox/hubspot/vendor-facts.md: "Errors": every field optional). */
export function parseHubSpotError(res: HttpResponse): HubSpotStandardError {
  try {
    const body: unknown = JSON.parse(res.text);
    return isRecord(body) ? body : {};
  } catch {
    return {};
  }
}

/** The route of a path for messages (no query). */
function routeOf(res: HttpResponse): string {
  try {
    return new URL(res.url).pathname;
  } catch {
    return '';
  }
}

/**
 * Throws for a status the caller did not expect: 403 MISSING_SCOPES → AuthError naming the
 * scopes; anything else → HttpError HTTP_STATUS with HubSpot's category and message.
 */
export function unexpected(res: HttpResponse, method: string): never {
  const err = parseHubSpotError(res);
  const route = routeOf(res);
  if (res.status === 403) {
    const scopes = missingScopes(err);
    throw new AuthError(
      'HUBSPOT_MISSING_SCOPES',
      `HubSpot ${method} ${route}: token lacks scope${scopes.length === 1 ? '' : 's'} ${scopes.join(', ') || '(not named)'}`,
      { details: { status: 403, route, missingScopes: scopes, category: err.category } },
    );
  }
  throw new HttpError(
    'HTTP_STATUS',
    `HubSpot ${method} ${route} answered ${res.status}: ${err.category ?? ''} ${err.message ?? ''}`.trim(),
    {
      details: { status: res.status, route, category: err.category, correlationId: err.correlationId },
    },
  );
}

/** Scopes named in a 403 MISSING_SCOPES body (`errors[].context.requiredGranularScopes`). */
export function missingScopes(err: HubSpotStandardError): string[] {
  const found = new Set<string>();
  for (const detail of err.errors ?? [])
    for (const s of detail.context?.['requiredGranularScopes'] ?? []) found.add(s);
  for (const s of err.context?.['requiredGranularScopes'] ?? []) found.add(s);
  return [...found];
}

/** JSON of a 2xx response, or throws via `unexpected`. */
export function okJson<T>(res: HttpResponse, method: string): T {
  if (res.status < 200 || res.status >= 300) unexpected(res, method);
  return res.json<T>();
}
