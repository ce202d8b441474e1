/** Account details, daily usage and token info (vendor-facts.md: "Authentication and portal identity"). */
import { ApiError, errorBody } from './errors.js';
import type { RequestContext, RouteDef } from './router.js';
import { formatOffset, nextLocalMidnightMs, utcOffsetMs } from './timezone.js';

function details(ctx: RequestContext) {
  const c = ctx.state.config;
  const offset = utcOffsetMs(ctx.now, c.timeZone);
  return {
    status: 200,
    body: {
      portalId: c.portalId,
      accountType: 'STANDARD',
      timeZone: c.timeZone,
      companyCurrency: c.currency,
      additionalCurrencies: [],
      dataHostingLocation: 'na1',
      uiDomain: 'app.hubspot.com',
      utcOffset: formatOffset(offset),
      utcOffsetMilliseconds: offset,
    },
  };
}

function legacyMe(ctx: RequestContext) {
  const c = ctx.state.config;
  const offset = utcOffsetMs(ctx.now, c.timeZone);
  return {
    status: 200,
    body: {
      portalId: c.portalId,
      timeZone: c.timeZone,
      currency: c.currency,
      utcOffsetMilliseconds: offset,
      utcOffset: formatOffset(offset),
    },
  };
}

function usage(ctx: RequestContext) {
  const c = ctx.state.config;
  return {
    status: 200,
    body: {
      results: [
        {
          name: 'private-apps-api-calls-daily',
          usageLimit: c.rateLimit.dailyLimit,
          currentUsage: ctx.state.limiter.usedToday(ctx.now),
          collectedAt: new Date(ctx.now).toISOString(),
          fetchStatus: 'SUCCESS',
          resetsAt: new Date(nextLocalMidnightMs(ctx.now, c.timeZone)).toISOString(),
        },
      ],
    },
  };
}

function tokenInfo(ctx: RequestContext) {
  const key = (ctx.body as { tokenKey?: unknown } | null)?.tokenKey;
  const scopes = typeof key === 'string' ? ctx.state.tokens.get(key) : undefined;
  if (!scopes)
    throw new ApiError(404, {
      ...errorBody('OBJECT_NOT_FOUND', 'Access token not found or not a private app token.'),
    });
  return {
    status: 200,
    body: { userId: 1, hubId: ctx.state.config.portalId, appId: 1, scopes: [...scopes] },
  };
}

/** Routes of the account endpoints. */
export const accountRoutes: RouteDef[] = [
  { method: 'GET', template: '/account-info/details', kind: 'read', scopes: () => [], handler: details },
  {
    method: 'GET',
    template: '/account-info/api-usage/daily/private-apps',
    kind: 'read',
    scopes: () => [],
    handler: usage,
  },
  { method: 'GET', template: '/integrations/v1/me', kind: 'read', scopes: () => [], handler: legacyMe },
  {
    method: 'POST',
    template: '/oauth/v2/private-apps/get/access-token-info',
    kind: 'read',
    handler: tokenInfo,
  },
];
