/**
 * The project-app side of change events (README.md, "Change events"): client-credentials tokens
 * (`POST /oauth/v1/token`), the journal's subscription API and the local journal read endpoints.
 */
import { randomBytes } from 'node:crypto';
import { ApiError, errorBody, validationError } from './errors.js';
import type { RequestContext, RouteDef } from './router.js';
import type { JournalEntry } from './webhooks.js';

/** Scopes a client-credentials token may hold. */
export const JOURNAL_SCOPES = [
  'developer.webhooks_journal.read',
  'developer.webhooks_journal.subscriptions.read',
  'developer.webhooks_journal.subscriptions.write',
] as const;

const PAGE = 100;

function token(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Record<string, unknown>;
  if (b['grant_type'] !== 'client_credentials')
    throw new ApiError(400, { ...errorBody('BAD_GRANT_TYPE', 'grant_type must be client_credentials') });
  const id = typeof b['client_id'] === 'string' ? b['client_id'] : '';
  const secret = ctx.state.apps.get(id);
  if (secret === undefined || secret !== b['client_secret'])
    throw new ApiError(400, {
      ...errorBody('BAD_CLIENT_ID', 'missing or unknown client_id or client_secret'),
    });
  const requested = typeof b['scope'] === 'string' ? b['scope'].split(/[ ,]+/).filter(Boolean) : [];
  const scopes = requested.length > 0 ? requested : [...JOURNAL_SCOPES];
  const access = `cc-na1-sandbox-${randomBytes(12).toString('hex')}`;
  ctx.state.tokens.set(access, scopes);
  return { status: 200, body: { token_type: 'bearer', access_token: access, expires_in: 1800 } };
}

function createSubscription(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Record<string, unknown>;
  if (b['subscriptionType'] !== 'OBJECT') throw validationError('subscriptionType must be OBJECT');
  const objectTypeId = typeof b['objectTypeId'] === 'string' ? b['objectTypeId'] : '';
  if (!/^0-\d+$/.test(objectTypeId)) throw validationError('objectTypeId must be like 0-3');
  const actions = Array.isArray(b['actions']) ? (b['actions'] as unknown[]).map(String) : [];
  if (actions.length === 0 || actions.some((a) => !['CREATE', 'UPDATE', 'DELETE'].includes(a)))
    throw validationError('actions must name CREATE, UPDATE or DELETE');
  const properties = Array.isArray(b['properties']) ? (b['properties'] as unknown[]).map(String) : [];
  const sub = {
    id: String(ctx.state.events.journalSubscriptions.length + 1),
    objectTypeId,
    actions,
    properties,
    createdAt: new Date(ctx.now).toISOString(),
  };
  ctx.state.events.journalSubscriptions.push(sub);
  return { status: 201, body: { ...sub, subscriptionType: 'OBJECT' } };
}

function listSubscriptions(ctx: RequestContext) {
  return {
    status: 200,
    body: {
      results: ctx.state.events.journalSubscriptions.map((s) => ({ ...s, subscriptionType: 'OBJECT' })),
    },
  };
}

function deleteSubscription(ctx: RequestContext) {
  const list = ctx.state.events.journalSubscriptions;
  const at = list.findIndex((s) => s.id === ctx.params['id']);
  if (at < 0)
    throw new ApiError(404, { ...errorBody('OBJECT_NOT_FOUND', `No subscription ${ctx.params['id']}`) });
  list.splice(at, 1);
  return { status: 204 };
}

/** A page of entries; `offset` = the last entry's offset (what the next read starts after). */
function page(entries: JournalEntry[], from: number) {
  const results = entries.slice(from, from + PAGE);
  const last = results[results.length - 1];
  if (!last) return { status: 204 };
  return {
    status: 200,
    body: { offset: last.offset, results, hasMore: from + PAGE < entries.length },
  };
}

const readScopes = () => ['developer.webhooks_journal.read'];
const subReadScopes = () => ['developer.webhooks_journal.subscriptions.read'];
const subWriteScopes = () => ['developer.webhooks_journal.subscriptions.write'];

export const journalRoutes: RouteDef[] = [
  { method: 'POST', template: '/oauth/v1/token', kind: 'read', handler: token },
  {
    method: 'POST',
    template: '/webhooks-journal/subscriptions',
    kind: 'write',
    scopes: subWriteScopes,
    handler: createSubscription,
  },
  {
    method: 'GET',
    template: '/webhooks-journal/subscriptions',
    kind: 'read',
    scopes: subReadScopes,
    handler: listSubscriptions,
  },
  {
    method: 'DELETE',
    template: '/webhooks-journal/subscriptions/{id}',
    kind: 'write',
    scopes: subWriteScopes,
    handler: deleteSubscription,
  },
  {
    method: 'GET',
    template: '/webhooks-journal/journal-local/earliest',
    kind: 'read',
    scopes: readScopes,
    handler: (ctx) => page(ctx.state.events.journal, 0),
  },
  {
    method: 'GET',
    template: '/webhooks-journal/journal-local/latest',
    kind: 'read',
    scopes: readScopes,
    handler: (ctx) => page(ctx.state.events.journal, Math.max(0, ctx.state.events.journal.length - 1)),
  },
  {
    method: 'GET',
    template: '/webhooks-journal/journal-local/offset/{offset}/next',
    kind: 'read',
    scopes: readScopes,
    handler: (ctx) => {
      const journal = ctx.state.events.journal;
      const at = journal.findIndex((e) => e.offset === ctx.params['offset']);
      if (at < 0)
        throw new ApiError(404, {
          ...errorBody('OBJECT_NOT_FOUND', `Offset ${ctx.params['offset']} has expired or does not exist.`),
        });
      return page(journal, at + 1);
    },
  },
];
