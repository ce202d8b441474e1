/** The HTTP layer's public surface: limiter → retry → fetch. */
export * from './types.js';
export { createHttpClient, type HttpClientOptions } from './client.js';
export {
  createHubSpotLimiter,
  HUBSPOT_TIERS,
  type HubSpotLimiter,
  type HubSpotLimiterOptions,
  type HubSpotTier,
} from './hubspot-limiter.js';
export {
  createConcurrencyLimiter,
  type Limiter,
  type Permit,
  type AcquireRequest,
  type AttemptOutcome,
} from './limiter.js';
export { backoffDelayMs, parseRetryAfterMs, nextLocalMidnightMs } from './retry-timing.js';
import './events.js';
