/** Public entry of the HubSpot sandbox: `startHubSpotSandbox(options)` (see README.md). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountRoutes } from './account-routes.js';
import { associationRoutes } from './association-routes.js';
import { batchRoutes } from './batch-routes.js';
import { objectRoutes } from './objects-routes.js';
import { buildLivedIn } from './lived-in.js';
import { defaultTokens, resolveConfig, type HubSpotSandboxOptions } from './options.js';
import { journalRoutes } from './journal-routes.js';
import { pipelineRoutes } from './pipeline-routes.js';
import { propertyRoutes } from './property-routes.js';
import { Router } from './router.js';
import { searchRoutes } from './search.js';
import { createListener } from './server.js';
import { PortalState } from './state.js';

export type { HubSpotSandboxOptions, RateLimitOptions, Tier } from './options.js';
export { isTier, MODELLED_SEARCH_JITTER_MS } from './options.js';
export { ALL_SCOPES } from './object-types.js';
export type { LivedInOptions, LivedInResult } from './lived-in.js';
export type { LivedInTruth } from './lived-in-truth.js';

/** A running sandbox. */
export interface HubSpotSandbox {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** The first configured bearer token. */
  token: string;
  portalId: number;
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Builds the route table of every HubSpot endpoint the sandbox serves. */
export function createRouter(): Router {
  return new Router()
    .add(objectRoutes)
    .add(batchRoutes)
    .add(searchRoutes)
    .add(associationRoutes)
    .add(propertyRoutes)
    .add(pipelineRoutes)
    .add(accountRoutes)
    .add(journalRoutes);
}

/** Starts a sandbox on `host:port` (default 127.0.0.1, any free port). */
export async function startHubSpotSandbox(options: HubSpotSandboxOptions = {}): Promise<HubSpotSandbox> {
  const config = resolveConfig(options);
  const state = new PortalState(config, options.clock ?? Date.now);
  const tokens = options.tokens && options.tokens.length > 0 ? options.tokens : defaultTokens();
  for (const t of tokens) state.tokens.set(t.token, [...t.scopes]);
  if (options.livedIn) buildLivedIn(state, options.livedIn);
  const server = createServer(createListener(state, createRouter()));
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    token: (tokens[0] as { token: string }).token,
    portalId: config.portalId,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        state.events.stop();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
