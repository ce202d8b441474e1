/**
 * The HTTP layer's public contract. Every outbound call goes limiter → retry → fetch through an
 * `HttpClient`; connectors (HubSpot, QAD) code against these types only.
 */

/** Which remote system a request targets: selects limiter, retry policy and error codes. */
export type HttpSystem = 'hubspot' | 'qad';

/** HubSpot rate buckets: the rolling 10-second burst, the search 5/s bucket, or none (QAD). */
export type RateBucket = 'burst' | 'search' | 'none';

/** Waiting order when the limiter is saturated: orders first, backfills last. */
export type RequestPriority = 'orders' | 'incremental' | 'backfill';

/**
 * Whether the request may be repeated after it may have reached the server.
 * 'safe': reads, keyed upserts, order creation guarded by its reference.
 * 'never': only retried when it provably did not reach the server (e.g. limiter wait, connect refused).
 */
export type RetryMode = 'safe' | 'never';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL. */
  url: string;
  /** Extra headers; `Authorization` is never echoed in errors or events. */
  headers?: Record<string, string>;
  /** A string (caller sets content-type) or form parameters (sent url-encoded). */
  body?: string | URLSearchParams;
  /** Per-attempt timeout in milliseconds; default from the client options (30 000). */
  timeoutMs?: number;
  retry: RetryMode;
  system: HttpSystem;
  /** Limiter bucket; default 'burst' for hubspot, 'none' for qad. */
  bucket?: RateBucket;
  /** Default 'incremental'. */
  priority?: RequestPriority;
  /** Aborts waiting, retries and the in-flight fetch. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The full body, already read (a truncated body is a retryable HTTP_BAD_BODY error instead; one past the cap is HTTP_BODY_TOO_LARGE). */
  text: string;
  /** Parses `text`; throws NetworkError HTTP_BAD_BODY when it is not JSON. */
  json<T = unknown>(): T;
  /** The final URL requested. */
  url: string;
  /** Number of attempts made (1 = no retry). */
  attempts: number;
}

/**
 * Sends a request through the limiter and retry policy (see client.ts for the rules).
 * Resolves with any final status that is not retried: 2xx and 4xx — except a HubSpot 401,
 * which throws AuthError HUBSPOT_AUTH_INVALID (QAD 401s are returned so the QAD client can
 * re-authenticate once). 429/423/477 are waited out even for `retry: 'never'` (the server did not
 * process the request). Rejects with a ConnectorError when retries are exhausted or the failure is
 * fatal: HttpError HTTP_SERVER_ERROR, NetworkError HTTP_NETWORK / HTTP_BAD_BODY, TimeoutError
 * HTTP_TIMEOUT, RateLimitError HUBSPOT_DAILY_LIMIT (`details.resumeAtMs`) / HUBSPOT_RATE_LIMITED /
 * HTTP_RATE_LIMITED, HttpError HUBSPOT_MIGRATION_IN_PROGRESS. Redirects are never followed: a 3xx
 * rejects with ConfigError HTTP_REDIRECT (naming the target host only); a body past
 * `maxResponseBytes` aborts the request with SystemError HTTP_BODY_TOO_LARGE (neither is retried).
 * Messages name system, method and path only — never the token or query values.
 */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Calls made per system since creation (each attempt counts), for run reports. */
  callCounts(): Record<HttpSystem, number>;
}
