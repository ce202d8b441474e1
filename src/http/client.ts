/**
 * The HTTP client: limiter → retry → fetch for every outbound call (docs/architecture.md: "Limiter → retry → fetch"). Retries 5xx,
 * network failures, timeouts and bad bodies with capped full-jitter backoff — but a
 * `retry: 'never'` request only when it provably did not reach the server or the server refused
 * it unprocessed (429/423/477). Honours Retry-After; a daily-limit 429 throws instead of sleeping.
 */
import type { Clock } from '../core/clock.js';
import {
  AuthError,
  HttpError,
  isConnectorError,
  messageOf,
  NetworkError,
  RateLimitError,
  TimeoutError,
  type ConnectorError,
} from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { isRecord } from '../core/guards.js';
import './events.js';
import { createConcurrencyLimiter, type Limiter, type Permit } from './limiter.js';
import {
  bodyTooLarge,
  DEFAULT_MAX_RESPONSE_BYTES,
  isRedirectStatus,
  readCappedText,
  redirectRefused,
} from './response-guards.js';
import { bearerToken, maskSecret, routeOf, systemName } from './route.js';
import { backoffDelayMs, parseRetryAfterMs, type BackoffOptions } from './retry-timing.js';
import type { HttpClient, HttpRequest, HttpResponse, HttpSystem, RateBucket } from './types.js';

export interface HttpClientOptions {
  clock: Clock;
  events?: EventBus;
  /** Uniform [0,1) source for jitter (default Math.random). */
  random?: () => number;
  /** Default: Node's global fetch (undici, keep-alive). */
  fetch?: typeof fetch;
  /** One limiter per system; default a 4-way concurrency limiter each. */
  limiters?: Partial<Record<HttpSystem, Limiter>>;
  /** Per-attempt timeout in ms (default 30 000). */
  defaultTimeoutMs?: number;
  /** Attempts for 5xx/network/timeout/bad-body failures (default 5). */
  maxAttempts?: number;
  /** Extra attempts for server "wait" answers: 429, 423, 477 (default 8). */
  maxWaitRetries?: number;
  backoff?: BackoffOptions;
  /** Wait after a 423 Locked in ms (default 2 000: HubSpot's lock lasts 2 s). */
  lockedDelayMs?: number;
  /** Longest Retry-After we sleep through in ms (default 120 000); longer ones throw with `resumeAtMs`. */
  maxRetryAfterMs?: number;
  /** Largest response body read, in bytes (default 64 MiB); a larger one aborts the request. */
  maxResponseBytes?: number;
}

type Attempt =
  { ok: true; res: Response; text: string } | { ok: false; error: ConnectorError; reached: boolean };

const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Creates the HTTP client for one connection (one HubSpot portal, one QAD tenant). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { clock, events } = options;
  const random = options.random ?? Math.random;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const limiters: Record<HttpSystem, Limiter> = {
    hubspot: options.limiters?.hubspot ?? createConcurrencyLimiter(),
    qad: options.limiters?.qad ?? createConcurrencyLimiter(),
  };
  const maxAttempts = options.maxAttempts ?? 5;
  const maxWaitRetries = options.maxWaitRetries ?? 8;
  const lockedDelayMs = options.lockedDelayMs ?? 2_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const counts: Record<HttpSystem, number> = { hubspot: 0, qad: 0 };

  async function attemptOnce(req: HttpRequest, route: string, attempt: number): Promise<Attempt> {
    const timeoutMs = req.timeoutMs ?? options.defaultTimeoutMs ?? 30_000;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const onAbort = (): void => controller.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const name = systemName(req.system);
    const where = `${name} ${req.method} ${route}`;
    const startMs = clock.nowMs();
    counts[req.system] += 1;
    let status = 0;
    let failure: Attempt | undefined;
    try {
      // Redirects are never followed: they would carry the body and headers to another host.
      const init: RequestInit = { method: req.method, signal: controller.signal, redirect: 'manual' };
      if (req.headers !== undefined) init.headers = req.headers;
      if (req.body !== undefined) init.body = req.body;
      const res = await fetchImpl(req.url, init);
      status = res.status;
      try {
        const text = await readCappedText(
          res,
          maxResponseBytes,
          (readBytes) => bodyTooLarge(where, res.status, maxResponseBytes, readBytes),
          () => controller.abort(new Error('response body too large')),
        );
        return { ok: true, res, text };
      } catch (cause) {
        if (req.signal?.aborted) throw req.signal.reason;
        failure = isConnectorError(cause)
          ? { ok: false, reached: true, error: cause }
          : timedOut
            ? {
                ok: false,
                reached: true,
                error: new TimeoutError(
                  'HTTP_TIMEOUT',
                  `${where} timed out after ${timeoutMs} ms reading the body`,
                  { details: { status, timeoutMs } },
                ),
              }
            : {
                ok: false,
                reached: true,
                error: new NetworkError('HTTP_BAD_BODY', `${where}: response body truncated (${status})`, {
                  cause,
                  details: { status },
                }),
              };
        return failure;
      }
    } catch (cause) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (timedOut) {
        failure = {
          ok: false,
          reached: true,
          error: new TimeoutError('HTTP_TIMEOUT', `${where} timed out after ${timeoutMs} ms`, {
            details: { timeoutMs },
          }),
        };
      } else {
        const code = errorCodeOf(cause);
        failure = {
          ok: false,
          reached: !NOT_REACHED.has(code ?? ''),
          error: new NetworkError(
            'HTTP_NETWORK',
            `${where} failed: ${maskSecret(code ?? messageOf(cause), bearerToken(req.headers))}`,
            { cause, details: { errno: code } },
          ),
        };
      }
      return failure;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      const payload: Parameters<typeof emitRequest>[0] = {
        system: req.system,
        method: req.method,
        route,
        status,
        durationMs: clock.nowMs() - startMs,
        attempt,
      };
      if (failure !== undefined && !failure.ok) payload.error = failure.error.code;
      emitRequest(payload);
    }
  }

  function emitRequest(payload: {
    system: HttpSystem;
    method: string;
    route: string;
    status: number;
    durationMs: number;
    attempt: number;
    error?: string;
  }): void {
    events?.emit('http.request', payload);
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const route = routeOf(req.url, req.headers);
    const token = bearerToken(req.headers);
    const where = `${systemName(req.system)} ${req.method} ${route}`;
    const bucket: RateBucket = req.bucket ?? (req.system === 'hubspot' ? 'burst' : 'none');
    const limiter = limiters[req.system];
    let attempt = 0;
    let failures = 0;
    let waits = 0;
    for (;;) {
      attempt += 1;
      const acquireReq: Parameters<Limiter['acquire']>[0] = {
        bucket,
        priority: req.priority ?? 'incremental',
      };
      if (req.signal !== undefined) acquireReq.signal = req.signal;
      const permit: Permit = await limiter.acquire(acquireReq);
      let result: Attempt;
      try {
        result = await attemptOnce(req, route, attempt);
      } catch (error) {
        permit.release({ sent: true });
        throw error;
      }
      permit.release(
        result.ok
          ? { sent: true, status: result.res.status, headers: result.res.headers }
          : { sent: result.reached },
      );

      const retryAfter = result.ok
        ? parseRetryAfterMs(result.res.headers.get('retry-after'), clock.nowMs())
        : undefined;
      let delayMs: number;
      let reason: string;
      if (result.ok) {
        const { res, text } = result;
        const status = res.status;
        if (isRedirectStatus(status)) {
          throw redirectRefused(where, status, req.url, res.headers.get('location'));
        }
        if (status === 401 && req.system === 'hubspot') {
          throw new AuthError(
            'HUBSPOT_AUTH_INVALID',
            `HubSpot rejected the token (401) on ${req.method} ${route}`,
            { details: { status, route } },
          );
        }
        if (status === 429 || status === 423 || status === 477) {
          waits += 1;
          if (status === 429) {
            const body = safeJson(text);
            const policy = typeof body?.['policyName'] === 'string' ? body['policyName'] : '';
            const message = typeof body?.['message'] === 'string' ? body['message'] : '';
            if (policy === 'DAILY' || /daily limit/i.test(message)) {
              const resumeAtMs = limiter.exhaustDaily?.() ?? clock.nowMs() + 86_400_000;
              throw new RateLimitError(
                'HUBSPOT_DAILY_LIMIT',
                `${where}: HubSpot daily API budget spent; resumes at ${new Date(resumeAtMs).toISOString()}`,
                { details: { status, resumeAtMs } },
              );
            }
            const secondly = policy === 'SECONDLY' || /secondly limit/i.test(message) || bucket === 'search';
            const limitedBucket: RateBucket = secondly ? 'search' : bucket === 'none' ? 'none' : 'burst';
            delayMs = retryAfter ?? limiter.windowMs(limitedBucket);
            reason = `429 ${policy || (secondly ? 'SECONDLY' : 'rate limit')}`;
            if (delayMs <= maxRetryAfterMs) limiter.pauseUntil(limitedBucket, clock.nowMs() + delayMs);
          } else if (status === 423) {
            delayMs = Math.max(lockedDelayMs, retryAfter ?? 0);
            reason = '423 locked';
          } else {
            delayMs = retryAfter ?? backoffDelayMs(waits, random, options.backoff);
            reason = '477 migration in progress';
          }
          if (delayMs > maxRetryAfterMs || waits > maxWaitRetries) {
            const resumeAtMs = clock.nowMs() + delayMs;
            const code =
              status === 477
                ? 'HUBSPOT_MIGRATION_IN_PROGRESS'
                : req.system === 'hubspot'
                  ? 'HUBSPOT_RATE_LIMITED'
                  : 'HTTP_RATE_LIMITED';
            const Cls = status === 429 ? RateLimitError : HttpError;
            throw new Cls(
              code,
              `${where} answered ${status} after ${attempt} attempts (retry after ${delayMs} ms)`,
              { details: { status, resumeAtMs, attempts: attempt } },
            );
          }
        } else if (status >= 500) {
          failures += 1;
          if (req.retry !== 'safe' || failures >= maxAttempts) {
            throw new HttpError(
              'HTTP_SERVER_ERROR',
              `${where} answered ${status} after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
              {
                details: { status, attempts: attempt, body: maskSecret(text.slice(0, 500), token) },
              },
            );
          }
          delayMs = Math.max(
            backoffDelayMs(failures, random, options.backoff),
            Math.min(retryAfter ?? 0, maxRetryAfterMs),
          );
          reason = `${status}`;
        } else {
          const parsed = parseIfJson(res, text);
          if (parsed !== BAD_JSON) return makeResponse(res, text, parsed, attempt, where);
          failures += 1;
          const error = new NetworkError(
            'HTTP_BAD_BODY',
            `${where}: response body is not valid JSON (${status})`,
            { details: { status } },
          );
          if (req.retry !== 'safe' || failures >= maxAttempts) throw error;
          delayMs = backoffDelayMs(failures, random, options.backoff);
          reason = error.code;
        }
      } else {
        failures += 1;
        if (!result.error.retryable) throw result.error;
        if ((result.reached && req.retry !== 'safe') || failures >= maxAttempts) {
          if (failures >= maxAttempts) result.error.details['attempts'] = attempt;
          throw result.error;
        }
        delayMs = backoffDelayMs(failures, random, options.backoff);
        reason = result.error.code;
      }
      events?.emit('retry.scheduled', { system: req.system, reason, delayMs, attempt, route });
      await clock.sleep(delayMs, req.signal);
    }
  }

  return { request, callCounts: () => ({ ...counts }) };
}

const BAD_JSON = Symbol('bad-json');
const NO_JSON = Symbol('no-json');

function parseIfJson(res: Response, text: string): unknown {
  const type = res.headers.get('content-type') ?? '';
  if (!/json/i.test(type) || text.trim() === '') return NO_JSON;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return BAD_JSON;
  }
}

function makeResponse(
  res: Response,
  text: string,
  parsed: unknown,
  attempts: number,
  where: string,
): HttpResponse {
  return {
    status: res.status,
    headers: res.headers,
    text,
    url: res.url,
    attempts,
    json<T>(): T {
      if (parsed !== NO_JSON) return parsed as T;
      try {
        return JSON.parse(text) as T;
      } catch (cause) {
        throw new NetworkError('HTTP_BAD_BODY', `${where}: response body is not JSON (${res.status})`, {
          cause,
          details: { status: res.status },
        });
      }
    },
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The errno-style code of a fetch failure (undici nests it in `cause`). */
function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && isRecord(current); depth += 1) {
    const code = current['code'];
    if (typeof code === 'string') return code;
    current = current['cause'];
  }
  return undefined;
}
