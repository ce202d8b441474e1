/**
 * `POST /hooks/hubspot`: verifies HubSpot's v3 signature against the webhook secret of every
 * connection in push mode, refuses forged or stale requests with 401 (logged with the reason),
 * stores the deal events in the ledger's inbox (duplicates from HubSpot's retries are dropped by
 * event id) and only then answers 204 — the order work starts after the answer, through `onEvents`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/store-port.js';
import { verifyV3 } from './signature.js';
import { parseWebhookBody } from './webhook-events.js';

/** The path HubSpot posts to. */
export const HOOK_PATH = '/hooks/hubspot';
/** HubSpot sends at most 100 events per request; anything near a megabyte is not HubSpot. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A connection that receives webhooks, with the client secret that signs them. */
export interface PushConnection {
  connection: string;
  secret: string;
}

export interface HookReceiverDeps {
  store: Pick<Store, 'addChangeEvents'>;
  clock: Clock;
  logger: Logger;
  /** Connections in push mode and their secrets (resolved once by the caller). */
  connections: readonly PushConnection[];
  /** The URL HubSpot posts to, when a proxy changes it; default: built from the request. */
  publicUrl?: string;
  /** Called after the answer when a connection has new events. */
  onEvents(connection: string): void;
}

function readRaw(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function requestUrl(req: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) {
    const query = (req.url ?? '').indexOf('?');
    return query >= 0 ? `${publicUrl}${(req.url ?? '').slice(query)}` : publicUrl;
  }
  const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${req.url ?? HOOK_PATH}`;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Handles a request when its path is the hook path; answers false for any other path. */
export function createHookHandler(
  deps: HookReceiverDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== HOOK_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return true;
    }
    const body = await readRaw(req);
    if (body === null) {
      deps.logger.warn(
        { event: 'hooks.refused', reason: 'body-too-large' },
        'webhook refused: body too large',
      );
      res.writeHead(413).end();
      return true;
    }
    const nowMs = deps.clock.nowMs();
    const verdict = verifyV3(
      {
        method: 'POST',
        uri: requestUrl(req, deps.publicUrl),
        body,
        signature: header(req, 'x-hubspot-signature-v3'),
        timestamp: header(req, 'x-hubspot-request-timestamp'),
      },
      deps.connections.map((c) => c.secret),
      nowMs,
    );
    if (!verdict.ok) {
      deps.logger.warn(
        {
          event: 'hooks.refused',
          reason: verdict.problem,
          timestamp: header(req, 'x-hubspot-request-timestamp') ?? null,
          remote: req.socket.remoteAddress ?? null,
        },
        `webhook refused: ${verdict.problem}`,
      );
      res.writeHead(401).end();
      return true;
    }
    const connection = (deps.connections[verdict.signer] as PushConnection).connection;
    let parsed;
    try {
      parsed = parseWebhookBody(connection, body, nowMs);
    } catch (e) {
      deps.logger.warn(
        {
          event: 'hooks.refused',
          reason: 'bad-body',
          connection,
          err: e instanceof Error ? e.message : String(e),
        },
        'webhook refused: unreadable body',
      );
      res.writeHead(400).end();
      return true;
    }
    let added: number;
    try {
      added = await deps.store.addChangeEvents(parsed.events);
    } catch (e) {
      // Not stored → not acknowledged: HubSpot retries, the polling safety net covers the rest.
      deps.logger.error(
        { event: 'hooks.store_failed', connection, err: e instanceof Error ? e.message : String(e) },
        'webhook events could not be stored',
      );
      res.writeHead(503).end();
      return true;
    }
    res.writeHead(204).end();
    deps.logger.info(
      {
        event: 'hooks.received',
        connection,
        events: parsed.events.length,
        added,
        duplicates: parsed.events.length - added,
        ignored: parsed.ignored,
      },
      'webhook events received',
    );
    if (added > 0) deps.onEvents(connection);
    return true;
  };
}
