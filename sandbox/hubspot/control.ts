/** The `/_sandbox/…` control API (documented in README.md): no auth, no limits, no stats. */
import { randomBytes } from 'node:crypto';
import { FaultInputError } from './faults.js';
import { LivedInInputError, buildLivedIn, parseLivedInOptions } from './lived-in.js';
import { ApiError } from './errors.js';
import { OBJECT_TYPE_NAMES, findObjectType } from './object-types.js';
import type { HandlerResult } from './router.js';
import { SeedError, seed } from './seed.js';
import type { PortalState } from './state.js';
import { RuleInputError } from './validation-rules.js';
import { asText } from './values.js';
import { commitUpdate } from './writes.js';
import { webhookSettings } from './webhooks.js';

const ok = (body: unknown): HandlerResult => ({ status: 200, body });
const bad = (message: string, status = 400): HandlerResult => ({ status, body: { error: message } });

function num(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FaultInputError(`${name} must be a number`);
  return v;
}

function stats(state: PortalState) {
  const s = state.stats;
  return {
    requests: s.requests,
    requestsByObjectType: s.byType,
    totalRequests: s.total,
    rateLimited: s.rateLimited,
    writeCalls: s.writeCalls,
    searchCalls: s.searchCalls,
    records: Object.fromEntries(OBJECT_TYPE_NAMES.map((t) => [t, state.records.of(t).counts()])),
    dailyUsed: state.limiter.usedToday(state.now()),
  };
}

function dump(state: PortalState, segment: string): HandlerResult {
  const type = findObjectType(segment);
  if (!type) return bad(`unknown object type ${segment}`, 404);
  const results = state.records.of(type).ordered.map((r) => ({
    id: r.id,
    properties: r.props,
    createdAt: new Date(r.createdMs).toISOString(),
    updatedAt: new Date(r.updatedMs).toISOString(),
    archived: r.archived,
    ...(r.archived && r.archivedMs !== undefined ? { archivedAt: new Date(r.archivedMs).toISOString() } : {}),
    associations: state.associations.all(type, r.id),
  }));
  return ok({ objectType: type, results });
}

function moveStage(state: PortalState, id: string, body: Record<string, unknown>): HandlerResult {
  const deal = state.records.of('deals').byId.get(id);
  if (!deal || deal.archived) return bad(`deal ${id} not found`, 404);
  const stageId = asText(body['stageId']);
  const pipelineId =
    typeof body['pipelineId'] === 'string' ? body['pipelineId'] : (deal.props['pipeline'] ?? 'default');
  if (!state.pipelines.stage(pipelineId, stageId))
    return bad(`stage ${stageId} is not in pipeline ${pipelineId}`);
  commitUpdate(state, 'deals', deal, { dealstage: stageId, pipeline: pipelineId }, state.now(), true);
  return ok({
    id: deal.id,
    properties: deal.props,
    createdAt: new Date(deal.createdMs).toISOString(),
    updatedAt: new Date(deal.updatedMs).toISOString(),
    archived: false,
  });
}

function config(state: PortalState, body: Record<string, unknown>): HandlerResult {
  const rl = (body['rateLimit'] ?? {}) as Record<string, unknown>;
  for (const k of ['windowMs', 'burst', 'searchPerSecond', 'searchWindowMs', 'dailyLimit'] as const)
    if (rl[k] !== undefined) state.config.rateLimit[k] = num(rl[k], `rateLimit.${k}`);
  if (body['indexingLagMs'] !== undefined)
    state.config.indexingLagMs = num(body['indexingLagMs'], 'indexingLagMs');
  if (body['indexingJitterMs'] !== undefined)
    state.config.indexingJitterMs = num(body['indexingJitterMs'], 'indexingJitterMs');
  return ok({
    rateLimit: state.config.rateLimit,
    indexingLagMs: state.config.indexingLagMs,
    indexingJitterMs: state.config.indexingJitterMs,
  });
}

/** `/_sandbox/webhooks`: the app's webhook settings (POST sets, DELETE removes) and deliveries. */
function webhooks(state: PortalState, method: string, body: Record<string, unknown>): HandlerResult {
  if (method === 'POST') {
    try {
      state.events.settings = webhookSettings(body, state.events.settings);
    } catch (e) {
      return bad(e instanceof Error ? e.message : 'invalid webhook settings');
    }
  }
  if (method === 'DELETE') {
    state.events.stop();
    state.events.settings = undefined;
  }
  const s = state.events.settings;
  return ok({
    settings: s === undefined ? null : { ...s, clientSecret: '(set)' },
    deliveries: state.events.deliveries,
    busy: state.events.busy(),
    journal: { entries: state.events.journal.length, subscriptions: state.events.journalSubscriptions },
  });
}

/** `/_sandbox/app`: the project app's client id and secret (client-credentials tokens, journal). */
function app(state: PortalState, body: Record<string, unknown>): HandlerResult {
  const clientId = body['clientId'];
  const clientSecret = body['clientSecret'];
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || !clientId || !clientSecret)
    return bad('clientId and clientSecret must be non-empty strings');
  state.apps.set(clientId, clientSecret);
  return ok({ clientId });
}

/** `/_sandbox/validation-rules[/{objectType}]`: add (one or `{rules: […]}`), list, clear. */
function validationRules(
  state: PortalState,
  method: string,
  segment: string | undefined,
  body: Record<string, unknown>,
): HandlerResult {
  const type = segment === undefined ? undefined : findObjectType(segment);
  if (segment !== undefined && !type) return bad(`unknown object type ${segment}`, 404);
  if (method === 'POST') {
    const inputs = Array.isArray(body['rules']) ? (body['rules'] as unknown[]) : [body];
    return ok({ rules: inputs.map((r) => state.rules.add(r)) });
  }
  if (method === 'DELETE') state.rules.clear(type);
  return ok({ rules: state.rules.list(type) });
}

/** Answers one control request; `path` starts with `/_sandbox/`. */
export function handleControl(
  state: PortalState,
  method: string,
  path: string,
  body: unknown,
): HandlerResult {
  const b = (body ?? {}) as Record<string, unknown>;
  const parts = path.replace(/\/+$/, '').split('/').slice(2);
  const route = `${method} ${parts[0] ?? ''}`;
  try {
    switch (route) {
      case 'POST reset':
        state.reset();
        return ok({ ok: true });
      case 'POST seed':
        return ok(seed(state, b));
      case 'POST lived-in':
        return ok(buildLivedIn(state, parseLivedInOptions(b)));
      case 'GET truth':
        return state.livedIn
          ? ok(state.livedIn)
          : bad('no lived-in portal: POST /_sandbox/lived-in first', 404);
      case 'POST deals':
        if (parts[2] === 'stage' && parts[1]) return moveStage(state, parts[1], b);
        break;
      case 'POST faults': {
        const inputs = Array.isArray(b['faults']) ? (b['faults'] as unknown[]) : [b];
        return ok({ ids: inputs.map((f) => state.faults.add(f).id) });
      }
      case 'DELETE faults':
        state.faults.clear();
        return ok({ ok: true });
      case 'GET faults':
        return ok({ faults: state.faults.list() });
      case 'GET stats':
        return ok(stats(state));
      case 'GET objects':
        if (parts[1]) return dump(state, parts[1]);
        break;
      case 'POST tokens': {
        const scopes = b['scopes'];
        if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))
          return bad('scopes must be a string array');
        const token =
          typeof b['token'] === 'string' ? b['token'] : `pat-na1-sandbox-${randomBytes(12).toString('hex')}`;
        state.tokens.set(token, scopes as string[]);
        return ok({ token, scopes });
      }
      case 'POST clock':
        if (b['offsetMs'] !== undefined) state.offsetMs = num(b['offsetMs'], 'offsetMs');
        if (b['advanceMs'] !== undefined) state.offsetMs += num(b['advanceMs'], 'advanceMs');
        return ok({ now: new Date(state.now()).toISOString(), offsetMs: state.offsetMs });
      case 'POST config':
        return config(state, b);
      case 'POST webhooks':
      case 'GET webhooks':
      case 'DELETE webhooks':
        return webhooks(state, method, b);
      case 'POST app':
        return app(state, b);
      case 'POST validation-rules':
      case 'GET validation-rules':
      case 'DELETE validation-rules':
        return validationRules(state, method, parts[1], b);
    }
    return bad(`unknown control endpoint ${method} ${path}`, 404);
  } catch (e) {
    if (
      e instanceof SeedError ||
      e instanceof FaultInputError ||
      e instanceof RuleInputError ||
      e instanceof LivedInInputError
    )
      return bad(e.message);
    if (e instanceof ApiError) return bad(e.message);
    throw e;
  }
}
