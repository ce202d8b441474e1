/**
 * The one place that maps (object family, API version) → path (sandbox/hubspot/vendor-facts.md: "Paths and versions"). Legacy `v3`
 * uses `/crm/v3/…` for objects, properties and pipelines and `/crm/v4/…` for associations; a
 * date version `YYYY-MM` uses `/crm/<family>/<version>/…`.
 */

/** The API versions this connector speaks. `v3` = the numbered legacy family (v3 + v4). */
export type HubSpotApiVersion = '2026-03' | '2026-09' | 'v3';

/** HubSpot object type names used by the connector (the API also accepts `0-N` ids). */
export type HubSpotObjectType =
  'companies' | 'contacts' | 'deals' | 'products' | 'line_items' | (string & {});

export interface HubSpotPaths {
  /** `/crm/objects/2026-03/{type}` or `/crm/v3/objects/{type}`. */
  objects(type: HubSpotObjectType): string;
  /** Batch association endpoints: `/crm/associations/2026-03/{from}/{to}` or `/crm/v4/associations/{from}/{to}`. */
  associations(fromType: HubSpotObjectType, toType: HubSpotObjectType): string;
  /** `/crm/properties/2026-03/{type}` or `/crm/v3/properties/{type}`. */
  properties(type: HubSpotObjectType): string;
  /** `/crm/pipelines/2026-03/{type}` or `/crm/v3/pipelines/{type}`. */
  pipelines(type: HubSpotObjectType): string;
  /** `/account-info/2026-03/details` or `/account-info/v3/details`. */
  accountDetails(): string;
  /** Legacy private-app token introspection (same for every version). */
  accessTokenInfo(): string;
}

/** Builds the path table for one API version. */
export function hubSpotPaths(version: HubSpotApiVersion): HubSpotPaths {
  const legacy = version === 'v3';
  const seg = (family: string, legacyVersion = 'v3'): string =>
    legacy ? `/crm/${legacyVersion}/${family}` : `/crm/${family}/${version}`;
  const enc = (t: string): string => encodeURIComponent(t);
  return {
    objects: (type) => `${seg('objects')}/${enc(type)}`,
    associations: (from, to) => `${seg('associations', 'v4')}/${enc(from)}/${enc(to)}`,
    properties: (type) => `${seg('properties')}/${enc(type)}`,
    pipelines: (type) => `${seg('pipelines')}/${enc(type)}`,
    accountDetails: () => `/account-info/${legacy ? 'v3' : version}/details`,
    accessTokenInfo: () => '/oauth/v2/private-apps/get/access-token-info',
  };
}

/** The modified-date property search filters and sorts on: contacts differ (vendor facts: "Incremental polling"). */
export function modifiedProperty(type: HubSpotObjectType): string {
  return type === 'contacts' || type === '0-1' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}
