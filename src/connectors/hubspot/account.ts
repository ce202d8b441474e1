/** Portal identity, deal pipelines and order pipelines (sandbox/hubspot/vendor-facts.md: "Authentication and portal identity", "Pipelines and closed-won", "Order pipelines"). */
import type { HubSpotObjectType, HubSpotPaths } from './paths.js';
import { okJson, type HubSpotTransport } from './transport.js';
import type { AccountDetails, HubSpotPipeline } from './types.js';

/** `GET /account-info/{v}/details` → portal id, time zone, currency, UTC offset. */
export async function accountDetails(t: HubSpotTransport, paths: HubSpotPaths): Promise<AccountDetails> {
  const body = okJson<{
    portalId: number;
    timeZone: string;
    companyCurrency: string;
    utcOffsetMilliseconds?: number;
  }>(await t.call('GET', paths.accountDetails()), 'GET');
  return {
    portalId: Number(body.portalId),
    timeZone: body.timeZone,
    currency: body.companyCurrency,
    utcOffsetMs: body.utcOffsetMilliseconds ?? 0,
  };
}

/**
 * Stage ids that are closed-won across all deal pipelines: `isClosed == "true"` and
 * `probability == "1.0"` (metadata values are strings; "1" is accepted too).
 */
export async function closedWonStageIds(t: HubSpotTransport, paths: HubSpotPaths): Promise<Set<string>> {
  const won = new Set<string>();
  for (const pipeline of await listPipelines(t, paths, 'deals'))
    for (const stage of pipeline.stages) {
      const m = stage.metadata;
      if (String(m['isClosed']) === 'true' && Number(m['probability']) === 1) won.add(stage.id);
    }
  return won;
}

interface RawPipeline {
  id: string;
  label?: string;
  displayOrder?: number;
  archived?: boolean;
  stages?: {
    id: string;
    label?: string;
    displayOrder?: number;
    archived?: boolean;
    metadata?: Record<string, string>;
  }[];
}

/**
 * Every pipeline of an object type with its stages, in display order (vendor-facts.md: "Order
 * pipelines"). Archived pipelines and stages are kept, flagged: the caller decides.
 */
export async function listPipelines(
  t: HubSpotTransport,
  paths: HubSpotPaths,
  type: HubSpotObjectType,
): Promise<HubSpotPipeline[]> {
  const body = okJson<{ results: RawPipeline[] }>(await t.call('GET', paths.pipelines(type)), 'GET');
  const byOrder = <T extends { displayOrder: number }>(a: T, b: T): number => a.displayOrder - b.displayOrder;
  return body.results
    .map((p) => ({
      id: String(p.id),
      label: p.label ?? '',
      displayOrder: p.displayOrder ?? 0,
      archived: p.archived === true,
      stages: (p.stages ?? [])
        .map((s) => ({
          id: String(s.id),
          label: s.label ?? '',
          displayOrder: s.displayOrder ?? 0,
          archived: s.archived === true,
          metadata: s.metadata ?? {},
        }))
        .sort(byOrder),
    }))
    .sort(byOrder);
}

/** Legacy private-app token introspection: `{hubId, scopes}`; undefined when unsupported (e.g. service keys). */
export async function accessTokenInfo(
  t: HubSpotTransport,
  paths: HubSpotPaths,
): Promise<{ hubId: number; scopes: string[] } | undefined> {
  const res = await t.call('POST', paths.accessTokenInfo(), { body: { tokenKey: t.token } });
  if (res.status !== 200) return undefined;
  const body = res.json<{ hubId?: number; scopes?: string[] }>();
  return { hubId: Number(body.hubId), scopes: body.scopes ?? [] };
}
