/**
 * Routes `{base}/oauth/token` and `{base}/api/**`: authentication (401/403), the workspace
 * header, the permission probe, browses, document GET/POST and the sales-order sequence.
 */
import type { IncomingMessage } from 'node:http';
import { DOMAINS } from '../data/index.js';
import {
  ERROR_CODES,
  accessDeniedBody,
  failureEnvelope,
  invalidTokenBody,
  successEnvelope,
  type ErrorEnvelope,
} from './assumed-shapes.js';
import type { SandboxClock, TokenService } from './auth.js';
import type { BrowseEngine } from './browse-engine.js';
import { readDocuments } from './document-read.js';
import { writeDocuments } from './document-write.js';
import { json, parseJson, type Reply } from './http-util.js';
import type { RestContext } from './rest-context.js';
import { commitLine, createHeaders, fieldChange, initializeLine } from './sales-order-rest.js';
import type { TenantStore } from './store.js';

/** Everything the REST surface needs. */
export interface RestDeps {
  store: TenantStore;
  browses: BrowseEngine;
  clock: SandboxClock;
  tokens: TokenService;
  settings: { errorEnvelope: ErrorEnvelope };
}

const MAX_PAGE_SIZE = 5000;

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Handles one request whose path starts with the base path; `rest` is the path after it. */
export function routeRest(
  deps: RestDeps,
  req: IncomingMessage,
  url: URL,
  rest: string,
  bodyText: string,
): Reply {
  const method = req.method ?? 'GET';
  if (rest === '/oauth/token') {
    if (method !== 'POST') return json(405, { error: 'method_not_allowed' });
    const params = new URLSearchParams(url.searchParams);
    const contentType = req.headers['content-type'] ?? '';
    if (
      contentType.includes('application/x-www-form-urlencoded') ||
      (bodyText !== '' && !contentType.includes('json'))
    ) {
      for (const [k, v] of new URLSearchParams(bodyText)) params.set(k, v);
    }
    const granted = deps.tokens.grant(params);
    return json(granted.status, granted.body, { 'cache-control': 'no-store' });
  }
  if (!rest.startsWith('/api/'))
    return json(404, { errors: [{ severity: 1, code: '404', message: 'Not found', fieldName: '' }] });

  const auth = deps.tokens.authenticate(req.headers.authorization);
  if (!auth.ok)
    return json(401, invalidTokenBody(auth.reason), { 'www-authenticate': `Bearer error="invalid_token"` });
  const user = auth.user;

  let workspaceDomain: string | undefined;
  const workspace = req.headers['x-qad-workspace-id'];
  if (typeof workspace === 'string' && workspace !== '') {
    const domain = DOMAINS.find((d) => `${d.domainCode}_${d.entityCode}` === workspace);
    if (!domain) return json(403, accessDeniedBody());
    workspaceDomain = domain.domainCode;
  }

  if (rest === '/api/qracore/permissionState') {
    const action = (url.searchParams.get('action') ?? 'READ').toUpperCase();
    return json(200, { data: { hasPermission: action === 'READ' ? user.canRead : user.canWrite } });
  }
  const isWrite = method !== 'GET';
  if (!user.canRead || (isWrite && !user.canWrite)) return json(403, accessDeniedBody());

  let body: unknown;
  try {
    body = parseJson(bodyText);
  } catch {
    return json(400, { errors: [{ severity: 1, code: '400', message: 'Malformed JSON', fieldName: '' }] });
  }
  const ctx: RestContext = {
    store: deps.store,
    browses: deps.browses,
    clock: deps.clock,
    user,
    errorEnvelope: deps.settings.errorEnvelope,
    workspaceDomain,
    url,
    body,
  };
  const q = url.searchParams;

  if (method === 'GET' && (rest === '/api/qracore/browses' || rest === '/api/qracore/browses/')) {
    const page = deps.browses.page(
      q.get('browseId') ?? '',
      q.getAll('filter'),
      positiveInt(q.get('page'), 1),
      Math.min(positiveInt(q.get('pageSize'), 50), MAX_PAGE_SIZE),
    );
    return json(200, { data: page.rows, auxillaryData: { HasMoreParams: page.hasMore ? 'true' : 'false' } });
  }
  if (
    method === 'GET' &&
    (rest === '/api/qracore/browses/totalCount' || rest === '/api/qracore/browses/totalCount/')
  ) {
    return json(200, { data: deps.browses.count(q.get('browseId') ?? '', q.getAll('filter')) });
  }
  const erp = /^\/api\/erp\/([A-Za-z0-9]+)(\/fieldChange)?\/?$/.exec(rest);
  if (erp) {
    const collection = erp[1] ?? '';
    if (erp[2])
      return method === 'POST' && collection === 'salesOrderLines'
        ? fieldChange(ctx)
        : json(404, { errors: [] });
    if (method === 'GET') {
      if (collection === 'salesOrderLinesGrid' && q.get('initialize') === 'true') return initializeLine(ctx);
      const found = readDocuments(ctx, collection);
      if (found) return json(200, found);
    } else if (method === 'POST') {
      if (collection === 'salesOrderHeaders') return createHeaders(ctx);
      if (collection === 'salesOrderLinesGrid') return commitLine(ctx);
      const errors = writeDocuments(ctx, collection);
      if (errors)
        return json(
          200,
          errors.length === 0 ? successEnvelope() : failureEnvelope(ctx.errorEnvelope, errors),
        );
    } else if (method === 'DELETE' && collection === 'items') {
      const removed = deps.store.items.delete(q.get('itemCode') ?? '');
      return json(
        200,
        removed
          ? successEnvelope()
          : failureEnvelope(ctx.errorEnvelope, [
              {
                code: ERROR_CODES.recordNotFound,
                message: 'Record does not exist.',
                fieldName: 'itemCode',
                severity: 1,
              },
            ]),
      );
    }
  }
  return json(404, {
    errors: [{ severity: 1, code: '404', message: `No resource at ${rest}`, fieldName: '' }],
  });
}
