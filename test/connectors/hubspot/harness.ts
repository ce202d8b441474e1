/** Starts the HubSpot sandbox and wires the real HTTP layer and client against it. */
import {
  startHubSpotSandbox,
  type HubSpotSandbox,
  type HubSpotSandboxOptions,
} from '../../../sandbox/hubspot/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { EventBus } from '../../../src/core/events.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/connectors/hubspot/index.js';
import type { HubSpotApiVersion } from '../../../src/connectors/hubspot/paths.js';
import { createHttpClient, type HttpClientOptions } from '../../../src/http/client.js';
import {
  createHubSpotLimiter,
  type HubSpotLimiter,
  type HubSpotLimiterOptions,
} from '../../../src/http/hubspot-limiter.js';
import type { HttpClient } from '../../../src/http/types.js';

export interface Harness {
  sandbox: HubSpotSandbox;
  events: EventBus;
  limiter: HubSpotLimiter;
  http: HttpClient;
  client: HubSpotClient;
  /** A client for another token / hub id / version against the same sandbox. */
  clientFor(over: { token?: string; hubId?: number; apiVersion?: HubSpotApiVersion }): HubSpotClient;
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    sandbox?: HubSpotSandboxOptions;
    limiter?: Partial<HubSpotLimiterOptions>;
    http?: Partial<HttpClientOptions>;
    apiVersion?: HubSpotApiVersion;
  } = {},
): Promise<Harness> {
  const sandbox = await startHubSpotSandbox({ rateLimit: { windowMs: 1000 }, ...options.sandbox });
  const events = new EventBus();
  // The sandbox compresses the burst window only; its search window stays 1 000 ms unless configured.
  const limiter = createHubSpotLimiter({
    clock: systemClock,
    events,
    windowMs: 1000,
    searchWindowMs: options.sandbox?.rateLimit?.searchWindowMs ?? 1000,
    searchLimit: options.sandbox?.rateLimit?.searchPerSecond ?? 5,
    ...options.limiter,
  });
  const http = createHttpClient({
    clock: systemClock,
    events,
    limiters: { hubspot: limiter },
    backoff: { baseDelayMs: 20, maxDelayMs: 200 },
    lockedDelayMs: 200,
    ...options.http,
  });
  const clientFor = (over: {
    token?: string;
    hubId?: number;
    apiVersion?: HubSpotApiVersion;
  }): HubSpotClient =>
    createHubSpotClient({
      baseUrl: sandbox.url,
      token: over.token ?? sandbox.token,
      hubId: over.hubId ?? sandbox.portalId,
      apiVersion: over.apiVersion ?? options.apiVersion ?? '2026-03',
      http,
      limiter,
      events,
    });
  return {
    sandbox,
    events,
    limiter,
    http,
    client: clientFor({}),
    clientFor,
    control: async (method, path, body) => {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const res = await fetch(`${sandbox.url}${path}`, init);
      const text = await res.text();
      if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status} ${text}`);
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    },
    close: () => sandbox.close(),
  };
}

/** The sandbox's `/_sandbox/stats` (subset). */
export interface SandboxStats {
  requests: Record<string, Record<string, number>>;
  totalRequests: number;
  rateLimited: number;
  writeCalls: number;
  searchCalls: number;
}
