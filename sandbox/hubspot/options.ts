/** Sandbox options, HubSpot's per-tier limits (vendor-facts.md: "Rate limits") and their resolution to a config. */
import { randomBytes } from 'node:crypto';
import type { LivedInOptions } from './lived-in.js';
import { ALL_SCOPES } from './object-types.js';

/**
 * The search-index delay we model HubSpot with: each write becomes searchable after a random
 * 0–10 s (`indexingJitterMs`). "Several seconds" is OBSERVED, 10 s as its worst case is ASSUMED
 * (vendor-facts.md, "Search"). Not the default (0): tests that do not study the lag stay fast.
 */
export const MODELLED_SEARCH_JITTER_MS = 10_000;

/** Account tier; decides the default burst and daily limits. */
export type Tier = 'starter' | 'professional' | 'enterprise' | 'limit-increase';

/** Rate-limit knobs; every window is configurable so benchmarks can compress time. */
export interface RateLimitOptions {
  /** Rolling burst window per app (token), default 10,000 ms. */
  windowMs?: number;
  /** Requests per window per app, default by tier (100 / 190 / 190 / 250). */
  burst?: number;
  /** Search requests per `searchWindowMs` per portal, default 5. */
  searchPerSecond?: number;
  /** Search window, default 1,000 ms. */
  searchWindowMs?: number;
  /** Requests per portal-local day, default by tier (250k / 625k / 1M / 2M). */
  dailyLimit?: number;
}

/** Options of `startHubSpotSandbox`. */
export interface HubSpotSandboxOptions {
  /** Listening port, default 0 (any free port). */
  port?: number;
  /** Listening host, default 127.0.0.1. */
  host?: string;
  /** Hub id, default 12345678. */
  portalId?: number;
  tier?: Tier;
  /** Portal time zone (IANA), default 'US/Eastern'; the daily budget resets at its midnight. */
  timeZone?: string;
  /** Company currency, default 'USD'. */
  currency?: string;
  /** Bearer tokens and their scopes; default one token with every scope. */
  tokens?: { token: string; scopes: readonly string[] }[];
  rateLimit?: RateLimitOptions;
  /** Writes stay invisible to search for this long, default 0 ms. */
  indexingLagMs?: number;
  /** Each write's search visibility is delayed by a further random 0–N ms, default 0. */
  indexingJitterMs?: number;
  /** Time source in epoch ms, default Date.now. */
  clock?: () => number;
  /** Seed of the PRNG used by probabilistic faults, default 1. */
  randomSeed?: number;
  /** Start as a lived-in portal for this QAD tenant (see README "Lived-in portal"). */
  livedIn?: LivedInOptions;
}

/** Fully resolved rate limits. */
export interface RateLimitConfig {
  windowMs: number;
  burst: number;
  searchPerSecond: number;
  searchWindowMs: number;
  dailyLimit: number;
}

/** Fully resolved configuration (mutable through `/_sandbox/config`). */
export interface SandboxConfig {
  portalId: number;
  tier: Tier;
  timeZone: string;
  currency: string;
  rateLimit: RateLimitConfig;
  indexingLagMs: number;
  indexingJitterMs: number;
  randomSeed: number;
}

const TIER_LIMITS: Record<Tier, { burst: number; daily: number }> = {
  starter: { burst: 100, daily: 250_000 },
  professional: { burst: 190, daily: 625_000 },
  enterprise: { burst: 190, daily: 1_000_000 },
  'limit-increase': { burst: 250, daily: 2_000_000 },
};

/** Whether a string names a tier. */
export function isTier(v: string): v is Tier {
  return v in TIER_LIMITS;
}

/** Applies defaults. */
export function resolveConfig(o: HubSpotSandboxOptions): SandboxConfig {
  const tier = o.tier ?? 'professional';
  const t = TIER_LIMITS[tier];
  return {
    portalId: o.portalId ?? 12_345_678,
    tier,
    timeZone: o.timeZone ?? 'US/Eastern',
    currency: o.currency ?? 'USD',
    rateLimit: {
      windowMs: o.rateLimit?.windowMs ?? 10_000,
      burst: o.rateLimit?.burst ?? t.burst,
      searchPerSecond: o.rateLimit?.searchPerSecond ?? 5,
      searchWindowMs: o.rateLimit?.searchWindowMs ?? 1_000,
      dailyLimit: o.rateLimit?.dailyLimit ?? t.daily,
    },
    indexingLagMs: o.indexingLagMs ?? 0,
    indexingJitterMs: o.indexingJitterMs ?? 0,
    randomSeed: o.randomSeed ?? 1,
  };
}

/** The default tokens: one token holding every scope. */
export function defaultTokens(): { token: string; scopes: readonly string[] }[] {
  return [{ token: `pat-na1-sandbox-${randomBytes(12).toString('hex')}`, scopes: ALL_SCOPES }];
}
