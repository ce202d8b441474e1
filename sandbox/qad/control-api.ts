/** The control API under `{origin}/_sandbox/` (no auth): reset, seed, records, orders, faults, tokens, settings, stats. */
import type { ErrorEnvelope } from './assumed-shapes.js';
import type { SandboxClock, TokenService } from './auth.js';
import { routeOrderControl } from './control-orders.js';
import { RECORD_KINDS, addRecord, dumpRecords, modifyRecord, type RecordKind } from './control-records.js';
import { validateFault, type FaultRegistry } from './faults.js';
import { asObject, json, parseJson, type Reply } from './http-util.js';
import type { QxtendService } from './qxtend-service.js';
import type { RequestStats } from './stats.js';
import type { TenantStore } from './store.js';

/** Everything the control API can change. */
export interface ControlDeps {
  store: TenantStore;
  tokens: TokenService;
  faults: FaultRegistry;
  stats: RequestStats;
  qxtend: QxtendService;
  clock: SandboxClock;
  restSettings: { errorEnvelope: ErrorEnvelope };
  /** Restores settings to their start values (used by reset). */
  resetSettings(): void;
}

const isKind = (value: string): value is RecordKind => (RECORD_KINDS as readonly string[]).includes(value);

/** Handles `/_sandbox/…`; `rest` is the path after `/_sandbox`. */
export function routeControl(
  deps: ControlDeps,
  method: string,
  url: URL,
  rest: string,
  bodyText: string,
): Reply {
  let body: Record<string, unknown>;
  try {
    body = asObject(parseJson(bodyText));
  } catch {
    return json(400, { error: 'malformed JSON' });
  }
  const nowMs = deps.clock.nowMs();
  const parts = rest
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [head, kind, key, action] = parts;

  if (method === 'POST' && rest === '/reset') {
    deps.store.reset();
    deps.tokens.reset();
    deps.faults.clear();
    deps.stats.reset();
    deps.resetSettings();
    return json(200, { ok: true });
  }
  if (method === 'POST' && rest === '/seed') {
    const seed = typeof body.seed === 'number' ? body.seed : 1;
    const accounts = typeof body.accounts === 'number' ? body.accounts : 50;
    const items = typeof body.items === 'number' ? body.items : 20;
    const orders = typeof body.orders === 'number' ? body.orders : 0;
    try {
      return json(200, deps.store.seed(seed, accounts, items, orders));
    } catch (error) {
      if (error instanceof RangeError) return json(400, { error: error.message });
      throw error;
    }
  }
  if (head === 'records' && kind !== undefined) {
    if (!isKind(kind)) return json(404, { error: `unknown kind ${kind}; use ${RECORD_KINDS.join('|')}` });
    if (method === 'GET' && key === undefined) return dumpRecords(deps.store, kind, url);
    if (method === 'POST' && key === undefined) return addRecord(deps.store, kind, body, nowMs);
    if (method === 'PATCH' && key !== undefined && action === undefined)
      return modifyRecord(deps.store, kind, key, body, nowMs);
    if (method === 'POST' && key !== undefined && action === 'deactivate')
      return modifyRecord(deps.store, kind, key, { isActive: false }, nowMs);
  }
  const orderReply = routeOrderControl(deps.store, deps.clock, method, url, parts, body);
  if (orderReply) return orderReply;
  if (rest === '/faults') {
    if (method === 'GET') return json(200, { faults: deps.faults.list() });
    if (method === 'DELETE') {
      deps.faults.clear();
      return json(200, { ok: true });
    }
    if (method === 'POST') {
      const spec = validateFault(body);
      return typeof spec === 'string' ? json(400, { error: spec }) : json(201, { id: deps.faults.add(spec) });
    }
  }
  if (method === 'POST' && rest === '/expire-tokens') {
    if (typeof body.afterRequests === 'number') deps.tokens.expireAfter(body.afterRequests);
    else deps.tokens.expireAll(body.refreshTokens === true);
    if (body.refreshTokens === true && typeof body.afterRequests === 'number') deps.tokens.expireAll(true);
    return json(200, { ok: true });
  }
  if (method === 'POST' && rest === '/qxtend') {
    const s = deps.qxtend.settings;
    if (typeof body.silentNoOp === 'boolean') s.silentNoOp = body.silentNoOp;
    if (typeof body.processingDelayMs === 'number') s.processingDelayMs = body.processingDelayMs;
    if (Array.isArray(body.receivers)) s.receivers = body.receivers.map(String);
    if (typeof body.poolSize === 'number') deps.qxtend.pool.resize(body.poolSize);
    return json(200, deps.qxtend.describe());
  }
  if (method === 'POST' && rest === '/rest') {
    if (body.errorEnvelope === 'submitResult' || body.errorEnvelope === 'errors')
      deps.restSettings.errorEnvelope = body.errorEnvelope;
    if (typeof body.basicAuth === 'boolean') deps.tokens.basicAuthEnabled = body.basicAuth;
    if (typeof body.tokenLifetimeMs === 'number') deps.tokens.lifetimeMs = body.tokenLifetimeMs;
    return json(200, {
      errorEnvelope: deps.restSettings.errorEnvelope,
      basicAuth: deps.tokens.basicAuthEnabled,
      tokenLifetimeMs: deps.tokens.lifetimeMs,
    });
  }
  if (rest === '/stats') {
    if (method === 'GET') return json(200, deps.stats.snapshot());
    if (method === 'DELETE') {
      deps.stats.reset();
      return json(200, { ok: true });
    }
  }
  return json(404, { error: `no control route ${method} /_sandbox${rest}` });
}
