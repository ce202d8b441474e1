/**
 * `ping` for HubSpot (docs/operations.md): the token is accepted, it belongs to the configured Hub ID,
 * it carries the required scopes, and the configured API version answers. Each check reports
 * separately; nothing here throws for an expected failure.
 */
import { AuthError, isConnectorError } from '../../core/errors.js';
import type { HubSpotClient } from './client.js';
import { missingScopes, parseHubSpotError } from './transport.js';

/** One line of `ml-connector ping`. */
export interface PingCheck {
  system: 'hubspot';
  check: 'token' | 'portal' | 'scopes' | 'api-version';
  ok: boolean;
  detail: string;
}

export interface PingOptions {
  /** The configured Hub ID. */
  hubId: number | string;
  /** Scopes the enabled flows need, e.g. `crm.objects.companies.write`. */
  requiredScopes: string[];
}

const PROBE_TYPES = ['companies', 'contacts', 'deals', 'products', 'line_items'] as const;

/** Runs every check; a rejected token short-circuits the rest (they would all say the same). */
export async function pingHubSpot(client: HubSpotClient, options: PingOptions): Promise<PingCheck[]> {
  const checks: PingCheck[] = [];
  const add = (check: PingCheck['check'], ok: boolean, detail: string): void => {
    checks.push({ system: 'hubspot', check, ok, detail });
  };
  let portalId: number;
  try {
    portalId = (await client.accountDetails()).portalId;
    add('token', true, 'HubSpot accepted the token');
  } catch (error) {
    if (error instanceof AuthError && error.code === 'HUBSPOT_AUTH_INVALID') {
      add('token', false, 'HubSpot rejected the token (401): revoked, rotated or mistyped');
      return checks;
    }
    add('token', false, `HubSpot account details failed: ${describe(error)}`);
    return checks;
  }
  const want = String(options.hubId);
  add(
    'portal',
    String(portalId) === want,
    String(portalId) === want
      ? `portal ${portalId} is the configured Hub ID`
      : `token belongs to portal ${portalId}, configured Hub ID is ${want}`,
  );

  // Scopes: token introspection when HubSpot offers it, plus 403 MISSING_SCOPES from probe reads.
  const missing = new Set<string>();
  let source = 'probe calls';
  try {
    const info = await client.accessTokenInfo();
    if (info !== undefined) {
      source = 'access-token-info';
      const granted = new Set(info.scopes);
      for (const s of options.requiredScopes) if (!granted.has(s)) missing.add(s);
    }
  } catch {
    // not available for this token kind: the probes below decide
  }
  let versionOk: boolean | undefined;
  let versionDetail = '';
  for (const type of PROBE_TYPES) {
    if (!options.requiredScopes.some((s) => s.startsWith(`crm.objects.${type}.`))) continue;
    const res = await client.transport.call('GET', client.paths.objects(type), { query: { limit: 1 } });
    if (res.status === 403) for (const s of missingScopes(parseHubSpotError(res))) missing.add(s);
    if (res.status === 200) versionOk = true;
    else if (res.status === 404 && versionOk === undefined) {
      versionOk = false;
      versionDetail = `HubSpot does not answer ${client.paths.objects(type)} (404): API version ${client.apiVersion} not available`;
    }
  }
  add(
    'scopes',
    missing.size === 0,
    missing.size === 0
      ? `all ${options.requiredScopes.length} required scopes granted (${source})`
      : `token lacks scope${missing.size === 1 ? '' : 's'}: ${[...missing].sort().join(', ')}`,
  );
  if (versionOk === undefined) {
    // No probe ran or all were forbidden: the pipelines read is cheap and needs no object scope beyond deals read.
    const res = await client.transport.call('GET', client.paths.accountDetails());
    versionOk = res.status === 200;
    versionDetail = versionOk ? '' : `API version ${client.apiVersion} answered ${res.status}`;
  }
  add('api-version', versionOk, versionOk ? `API version ${client.apiVersion} answers` : versionDetail);
  return checks;
}

function describe(error: unknown): string {
  return isConnectorError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
}
