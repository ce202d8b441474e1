/**
 * What a valid config allows but an operator must know about, printed by `config check`: today,
 * a dashboard bound to an address other machines can reach (whether over HTTPS or, explicitly
 * allowed, plain HTTP).
 */
import type { AppConfig } from './schema.js';
import { isLoopbackHost } from './url.js';

/** One line per warning, naming the field; never a secret. */
export function configWarnings(config: Pick<AppConfig, 'dashboard'>): string[] {
  const out: string[] = [];
  const dashboard = config.dashboard;
  if (dashboard !== undefined && !isLoopbackHost(dashboard.host)) {
    out.push(
      dashboard.tls !== undefined
        ? `dashboard.host ${dashboard.host} is reachable from the network; the dashboard serves HTTPS with ${dashboard.tls.cert}: restrict who can reach port ${dashboard.port}`
        : `dashboard.host ${dashboard.host} is reachable from the network over plain HTTP (allowInsecureBind: true): the token and session cookies cross the network in clear unless a TLS proxy fronts it`,
    );
  }
  return out;
}
