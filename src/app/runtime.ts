/**
 * Builds the per-connection runtime from an opened app: one HTTP layer (limiter → retry → fetch)
 * with the portal's HubSpot limiter, the HubSpot client, the QAD client and the order channel
 * (REST, or QXtend on on-premise sites: the one place it is chosen), the property bootstrap of
 * this runtime, plus the app's store, clock, events and logger. Secrets are resolved here
 * (through the app) and never logged.
 */
import type { App } from './compose.js';
import { processLeaseOwnership } from './lease-owner.js';
import { CountryCodes } from '../core/country-codes.js';
import { createHubSpotClient } from '../connectors/hubspot/index.js';
import { browsesFromConfig, createQadClient, createQxtendClient } from '../connectors/qad/index.js';
import type { ConnectionConfig } from '../config/index.js';
import type { SyncRuntime } from '../flows/connection.js';
import { qxtendChannel, restChannel } from '../flows/orders/index.js';
import { propertyBootstrap } from '../flows/properties.js';
import { createHttpClient } from '../http/client.js';
import { createHubSpotLimiter, type HubSpotLimiter } from '../http/hubspot-limiter.js';
import type { HttpClient } from '../http/types.js';

/** The engine runtime of one connection plus the parts a caller may want to inspect. */
export type ConnectionRuntime = SyncRuntime & {
  http: HttpClient;
  limiter: HubSpotLimiter;
};

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
    browses: browsesFromConfig(q.browses),
    events,
  });
  // On-premise sites create orders through QXtend (one maintainSalesOrder, whole-order
  // transaction), authenticated in the session context with the same integration user.
  const qx = q.orders.channel === 'qxtend' ? q.qxtend : undefined;
  const orderChannel =
    qx === undefined
      ? restChannel(qad)
      : qxtendChannel(createQxtendClient({ http, rest: qad, events }), {
          url: qx.url,
          receiver: qx.receiver,
          version: qx.version,
          domain: qx.domain ?? q.domain,
          username: q.username,
          password,
        });
  return {
    connection,
    store: app.store,
    hubspot,
    qad,
    orderChannel,
    prepareFlow: propertyBootstrap(hubspot),
    leaseOwnership: processLeaseOwnership(),
    countries: new CountryCodes(),
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
