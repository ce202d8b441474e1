/**
 * The HTTP pipeline of the sandbox: control API → route match → faults → auth → rate limits →
 * scopes → handler. HubSpot requests are counted in stats whatever their outcome.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from './control.js';
import { ApiError, errorBody } from './errors.js';
import type { FaultRule } from './faults.js';
import { findObjectType } from './object-types.js';
import type { RatePolicy } from './rate-limiter.js';
import { canonicalize, type HandlerResult, type RequestContext, type Router } from './router.js';
import type { PortalState } from './state.js';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: HandlerResult, truncate = false): void {
  const headers: Record<string, string> = { 'X-HubSpot-Correlation-Id': randomUUID(), ...(r.headers ?? {}) };
  if (r.body === undefined) {
    res.writeHead(r.status, headers).end();
    return;
  }
  const text = JSON.stringify(r.body);
  const bytes = Buffer.from(text, 'utf8');
  res.writeHead(r.status, {
    ...headers,
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(bytes.length),
  });
  if (!truncate) {
    res.end(bytes);
    return;
  }
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}

/** The 429 body HubSpot sends (vendor-facts.md: "Rate limits"). */
export function rateLimitBody(policy: string): Record<string, unknown> {
  const message =
    policy === 'DAILY'
      ? 'You have reached your daily limit.'
      : policy === 'SECONDLY'
        ? 'You have reached your secondly limit.'
        : `You have reached your ${policy.toLowerCase()} limit.`;
  return {
    status: 'error',
    message,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    requestId: randomUUID(),
  };
}

function faultResult(f: FaultRule): HandlerResult {
  const retry = f.retryAfterSec !== undefined ? { 'Retry-After': String(f.retryAfterSec) } : undefined;
  switch (f.kind) {
    case '429':
      return {
        status: 429,
        body: rateLimitBody(f.policyName ?? 'TEN_SECONDLY_ROLLING'),
        ...(retry ? { headers: retry } : {}),
      };
    case '423':
      return {
        status: 423,
        body: errorBody('LOCKED', 'Too many requests to the same data. Please retry after 2 seconds.'),
        ...(retry ? { headers: retry } : {}),
      };
    case '477':
      return {
        status: 477,
        body: errorBody(
          'MIGRATION_IN_PROGRESS',
          'This account is being migrated between data hosting locations.',
        ),
        headers: { 'Retry-After': String(f.retryAfterSec ?? 60) },
      };
    default:
      return {
        status: Number(f.kind),
        body: errorBody('INTERNAL_ERROR', `Injected ${f.kind} fault.`),
        ...(retry ? { headers: retry } : {}),
      };
  }
}

function parseJson(raw: string, contentType = ''): unknown {
  if (raw.trim() === '') return undefined;
  // OAuth's token endpoint takes a form body.
  if (contentType.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch (e) {
    throw new ApiError(400, {
      ...errorBody(
        'VALIDATION_ERROR',
        `Invalid input JSON: ${e instanceof Error ? e.message : 'unparseable'}`,
      ),
    });
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Builds the request listener of a sandbox. */
export function createListener(
  state: PortalState,
  router: Router,
): (req: IncomingMessage, res: ServerResponse) => void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/_sandbox/')) {
      let body: unknown;
      try {
        body = raw.trim() ? JSON.parse(raw) : undefined;
      } catch {
        send(res, { status: 400, body: { error: 'invalid JSON' } });
        return;
      }
      send(res, handleControl(state, method, url.pathname, body));
      return;
    }
    const canon = canonicalize(url.pathname);
    const match = canon ? router.match(method, canon.path) : undefined;
    if (!canon || !match) {
      state.stats.record('UNMATCHED', 404, 'read', undefined);
      send(res, {
        status: 404,
        body: errorBody('OBJECT_NOT_FOUND', `No endpoint for ${method} ${url.pathname}`),
      });
      return;
    }
    const { route, params } = match;
    const template = `${method} ${route.template}`;
    const objectType = findObjectType(params['objectType'] ?? params['fromObjectType'] ?? '');
    let status: number | string = 500;
    const finish = (r: HandlerResult, truncate = false) => {
      status = r.status;
      send(res, r, truncate);
    };
    try {
      const fault = state.faults.fire({ method, route: template, path: url.pathname, objectType });
      if (fault?.kind === 'reset') {
        status = 'reset';
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 2000);
      if (fault && fault.kind !== 'slow' && fault.kind !== 'truncated') return finish(faultResult(fault));
      const truncate = fault?.kind === 'truncated';
      let token = '';
      if (route.scopes) {
        const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
        token = m?.[1]?.trim() ?? '';
        if (!state.tokens.has(token))
          return finish({
            status: 401,
            body: errorBody(
              'INVALID_AUTHENTICATION',
              'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
            ),
          });
      }
      const now = state.now();
      let rateHeaders: Record<string, string> = {};
      if (route.scopes) {
        const d = state.limiter.take(token, route.kind === 'search', now);
        rateHeaders = d.headers;
        if (!d.allowed)
          return finish({ status: 429, body: rateLimitBody(d.policy as RatePolicy), headers: d.headers });
      }
      try {
        const ctx: RequestContext = {
          state,
          method,
          version: canon.version,
          params,
          query: url.searchParams,
          body: parseJson(raw, req.headers['content-type'] ?? ''),
          token,
          now,
        };
        const alternatives = route.scopes?.(ctx) ?? [];
        const granted = state.tokens.get(token) ?? [];
        if (alternatives.length > 0 && !alternatives.some((s) => granted.includes(s)))
          return finish({
            status: 403,
            headers: rateHeaders,
            body: errorBody(
              'MISSING_SCOPES',
              "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
              {
                errors: [
                  {
                    message: 'One or more of the following scopes are required.',
                    context: { requiredGranularScopes: [...alternatives] },
                  },
                ],
                links: { scopes: 'https://developers.hubspot.com/scopes' },
              },
            ),
          });
        const r = await route.handler(ctx);
        return finish({ ...r, headers: { ...rateHeaders, ...(r.headers ?? {}) } }, truncate);
      } catch (e) {
        if (e instanceof ApiError)
          return finish(
            { status: e.statusCode, body: e.body, headers: { ...rateHeaders, ...e.headers } },
            truncate,
          );
        throw e;
      }
    } finally {
      state.stats.record(template, status, route.kind, objectType);
    }
  }
  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        send(res, {
          status: 500,
          body: errorBody('INTERNAL_ERROR', e instanceof Error ? e.message : 'internal error'),
        });
      else res.destroy();
    });
  };
}
