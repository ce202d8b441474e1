/**
 * `ping` for one connection (docs/operations.md): HubSpot token, portal and scopes, then QAD login,
 * permission probe and every configured browse. Never throws for an expected failure: each
 * problem is one failed check naming the system and what failed.
 */
import { createJournalClient, pingHubSpot } from '../connectors/hubspot/index.js';
import { DEFAULT_PING_ENTITIES, pingQad } from '../connectors/qad/index.js';
import { FLOW_IDS, type FlowId } from '../core/store-port.js';
import { toConnectorError } from '../core/errors.js';
import type { App } from './compose.js';
import { scopesFor } from './required-scopes.js';
import { buildRuntime } from './runtime.js';

/** One line of `ml-connector ping`. */
export interface ConnectionCheck {
  connection: string;
  system: 'hubspot' | 'qad';
  check: string;
  ok: boolean;
  detail: string;
}

/** Runs every check of one connection; both systems are checked even when one fails. */
export async function pingConnection(app: App, name: string): Promise<ConnectionCheck[]> {
  const connection = app.connection(name);
  let runtime;
  try {
    runtime = await buildRuntime(app, name);
  } catch (error) {
    const e = toConnectorError(error);
    return [
      {
        connection: name,
        system: 'hubspot',
        check: 'credentials',
        ok: false,
        detail: `${e.code}: ${e.message}`,
      },
    ];
  }
  const enabled = FLOW_IDS.filter((flow: FlowId) => connection.flows[flow].enabled);
  const hubspot = await pingHubSpot(runtime.hubspot, {
    hubId: connection.hubspot.hubId,
    requiredScopes: scopesFor(enabled),
  });
  const qad = await pingQad(runtime.qad, {
    orders: connection.flows.orders.enabled,
    // the qad-orders flow reads the sales-order header and line browses too
    ...(connection.flows['qad-orders'].enabled
      ? { entities: [...DEFAULT_PING_ENTITIES, 'salesOrderHeader' as const, 'salesOrderLine' as const] }
      : {}),
  });
  return [...hubspot, ...qad].map((c) => ({ connection: name, ...c }));
}

/** The checks of one system only (`connect` tests the credentials it is about to store). */
export async function pingSystem(
  app: App,
  name: string,
  system: 'hubspot' | 'qad',
): Promise<ConnectionCheck[]> {
  const connection = app.connection(name);
  const runtime = await buildRuntime(app, name);
  const enabled = FLOW_IDS.filter((flow: FlowId) => connection.flows[flow].enabled);
  const checks =
    system === 'hubspot'
      ? await pingHubSpot(runtime.hubspot, {
          hubId: connection.hubspot.hubId,
          requiredScopes: scopesFor(enabled),
        })
      : await pingQad(runtime.qad, { orders: connection.flows.orders.enabled });
  return checks.map((c) => ({ connection: name, ...c }));
}

/**
 * A project app's client credentials for the webhooks journal (`connect change-events --mode pull`
 * tests them before they are stored): a client-credentials token, then the journal's end, which
 * needs the journal read scope. Answers one check; throws only when the connection's runtime cannot
 * be built (its own secrets do not resolve), which says nothing about these credentials.
 */
export async function pingJournal(
  app: App,
  name: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<ConnectionCheck> {
  const runtime = await buildRuntime(app, name);
  const check = { connection: name, system: 'hubspot' as const, check: 'app credentials' };
  const journal = createJournalClient({
    http: runtime.http,
    baseUrl: app.connection(name).hubspot.baseUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    clock: app.clock,
  });
  try {
    const end = await journal.latestOffset();
    return {
      ...check,
      ok: true,
      detail: `token granted; journal readable (${end === null ? 'empty' : `at ${end}`})`,
    };
  } catch (error) {
    const e = toConnectorError(error);
    return { ...check, ok: false, detail: `${e.code}: ${e.message}` };
  }
}
