/**
 * Builds the per-connection runtime from an opened app: one HTTP layer (limiter → retry → fetch)
 * with the portal's HubSpot limiter, the HubSpot client and the QAD client, plus the app's store,
 * clock, events and logger. Secrets are resolved here (through the app) and never logged.
 */
import type { App } from './compose.js';
import { createHubSpotClient } from '../connectors/hubspot/index.js';
import { createQadClient, createQxtendClient, type QadBrowsesConfig } from '../connectors/qad/index.js';
import type { ConnectionConfig } from '../config/index.js';
import type { EngineRuntime } from '../engine/runtime-port.js';
import { createHttpClient } from '../http/client.js';
import { createHubSpotLimiter, type HubSpotLimiter } from '../http/hubspot-limiter.js';
import type { HttpClient } from '../http/types.js';

/** The engine runtime plus the parts a caller may want to inspect. */
export interface ConnectionRuntime extends EngineRuntime {
  http: HttpClient;
  limiter: HubSpotLimiter;
}

/** Maps config `qad.browses` (ids only) onto the QAD client's browse overrides. */
export function qadBrowsesFromConfig(browses: ConnectionConfig['qad']['browses']): QadBrowsesConfig {
  const out: QadBrowsesConfig = {};
  if (!browses) return out;
  if (browses.customers) out.customer = { browseId: browses.customers };
  if (browses.suppliers) out.supplier = { browseId: browses.suppliers };
  if (browses.businessRelations) out.businessRelation = { browseId: browses.businessRelations };
  if (browses.contacts) out.contact = { browseId: browses.contacts };
  if (browses.items) out.item = { browseId: browses.items };
  if (browses.salesOrders) out.salesOrder = { browseId: browses.salesOrders };
  return out;
}

/** Builds the runtime of the named connection (secrets resolved now). */
export async function buildRuntime(app: App, connectionName: string): Promise<ConnectionRuntime> {
  const connection = app.connection(connectionName);
  const { clock, events } = app;
  const hs = connection.hubspot;
  const limiter = createHubSpotLimiter({
    clock,
    events,
    tier: hs.tier,
    ...(hs.rateLimit?.burstPer10s !== undefined ? { burstLimit: hs.rateLimit.burstPer10s } : {}),
    ...(hs.rateLimit?.windowMs !== undefined ? { windowMs: hs.rateLimit.windowMs } : {}),
    ...(hs.rateLimit?.searchPerSecond !== undefined ? { searchLimit: hs.rateLimit.searchPerSecond } : {}),
    ...(hs.rateLimit?.searchWindowMs !== undefined ? { searchWindowMs: hs.rateLimit.searchWindowMs } : {}),
    ...(hs.rateLimit?.maxConcurrent !== undefined ? { maxConcurrent: hs.rateLimit.maxConcurrent } : {}),
    ...(hs.rateLimit?.dailyLimit !== undefined ? { dailyLimit: hs.rateLimit.dailyLimit } : {}),
    ...(hs.rateLimit?.safetyMargin !== undefined ? { safetyMargin: hs.rateLimit.safetyMargin } : {}),
  });
  const http = createHttpClient({
    clock,
    events,
    limiters: { hubspot: limiter },
    defaultTimeoutMs: app.config.http.timeoutMs,
    maxAttempts: app.config.http.maxRetries + 1,
    maxResponseBytes: app.config.http.maxResponseBytes,
  });
  const [token, password] = await Promise.all([
    app.secret(connection.name, 'hubspot.token'),
    app.secret(connection.name, 'qad.password'),
  ]);
  const hubspot = createHubSpotClient({
    baseUrl: hs.baseUrl,
    token,
    hubId: hs.hubId,
    apiVersion: hs.apiVersion,
    http,
    limiter,
    clock,
    events,
  });
  const q = connection.qad;
  const qad = createQadClient({
    http,
    baseUrl: q.baseUrl,
    clientId: q.clientId,
    username: q.username,
    password,
    auth: q.auth,
    domain: q.domain,
    ...(q.workspaceId ? { workspaceId: q.workspaceId } : {}),
    browses: qadBrowsesFromConfig(q.browses),
    events,
  });
  // On-premise sites create orders through QXtend (one maintainSalesOrder, whole-order transaction),
  // authenticated in the session context with the same integration user.
  const qx = q.orders.channel === 'qxtend' ? q.qxtend : undefined;
  const qxtend = qx === undefined ? undefined : createQxtendClient({ http, rest: qad, events });
  return {
    connection,
    store: app.store,
    hubspot,
    qad,
    ...(qx === undefined || qxtend === undefined
      ? {}
      : {
          createSalesOrder: (order) =>
            qxtend.maintainSalesOrder(order, {
              url: qx.url,
              receiver: qx.receiver,
              version: qx.version,
              domain: qx.domain ?? q.domain,
              operation: 'A',
              scopeTransaction: true,
              username: q.username,
              password,
            }),
        }),
    clock,
    events,
    logger: app.logger,
    http,
    limiter,
    callCounts: () => {
      const c = http.callCounts();
      return { hubspot: c.hubspot, qad: c.qad };
    },
  };
}

/** The connections a command targets: the named one, or all configured. */
export function selectConnections(app: App, name: string | undefined): ConnectionConfig[] {
  return name === undefined ? app.config.connections : [app.connection(name)];
}
