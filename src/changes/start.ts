/**
 * `startChangeEvents(app, deps)`: everything change events need in one `run` process — the
 * webhook receiver for connections in push mode (its own listener, or a handler the dashboard
 * mounts when `hooks.onDashboard`), the journal pollers of connections in pull mode, and what turns
 * new events into order work: an evented orders run in this process, or a queued pass (`enqueue`)
 * for `run --role` deployments — both through one event runner, so a request refused while the
 * connection is busy (lease held, pass running) is asked again shortly. Polling needs nothing
 * here: it is the orders flow's schedule.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app/compose.js';
import type { ConnectionRuntime } from '../app/runtime.js';
import { createJournalClient } from '../connectors/hubspot/index.js';
import { ConfigError } from '../core/errors.js';
import { runEventOrders } from '../flows/orders/index.js';
import { createEventRunner, type EventRunner, type EventRunOutcome } from './event-runs.js';
import { startJournalPoller } from './journal-poller.js';
import { createHookHandler, HOOK_PATH, type PushConnection } from './receiver.js';

export interface ChangeEventsDeps {
  runtime(connection: string): Promise<ConnectionRuntime>;
  /**
   * Queue deployments: ask for an orders pass instead of running it here; `skipped` = the
   * connection's pass is running, ask again shortly (as an event run refused by a held lease).
   */
  enqueue?: (connection: string) => Promise<EventRunOutcome>;
}

export interface ChangeEventsHandle {
  /** The receiver's URL when it has a listener of its own. */
  url: string | null;
  /** For the dashboard to mount when `hooks.onDashboard` (answers false for other paths). */
  hookHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | null;
  stop(): Promise<void>;
}

/** Listens for webhooks on `hooks.host:hooks.port`; throws HOOKS_LISTEN_FAILED naming the address. */
export async function listenForHooks(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handler(req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404).end();
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new ConfigError(
      'HOOKS_LISTEN_FAILED',
      `hooks: cannot listen on ${host}:${port}: ${(error as Error).message}`,
      {
        cause: error,
        details: { host, port },
      },
    );
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${urlHost}:${address.port}${HOOK_PATH}` };
}

/** Starts receivers and pollers for the app's connections; a no-op handle when all poll. */
export async function startChangeEvents(app: App, deps: ChangeEventsDeps): Promise<ChangeEventsHandle> {
  const connections = app.config.connections;
  const enqueue = deps.enqueue;
  const runner: EventRunner = createEventRunner({
    clock: app.clock,
    logger: app.logger,
    run: enqueue
      ? (connection) => enqueue(connection)
      : async (connection, signal) => {
          const result = await runEventOrders(await deps.runtime(connection), signal);
          return result.outcome === 'skipped' ? 'skipped' : 'done';
        },
  });
  const onEvents = (connection: string): void => runner.kick(connection);

  const push: PushConnection[] = [];
  for (const c of connections)
    if (c.hubspot.changeEvents.mode === 'push')
      push.push({ connection: c.name, secret: await app.secret(c.name, 'hubspot.webhookSecret') });
  const hooks = app.config.hooks;
  const handler =
    push.length === 0
      ? null
      : createHookHandler({
          store: app.store,
          clock: app.clock,
          logger: app.logger,
          connections: push,
          ...(hooks?.publicUrl === undefined ? {} : { publicUrl: hooks.publicUrl }),
          onEvents,
        });
  let listener: { server: Server; url: string } | null = null;
  if (handler && hooks?.onDashboard !== true) {
    listener = await listenForHooks(handler, hooks?.host ?? '127.0.0.1', hooks?.port ?? 8788);
    app.logger.info({ event: 'hooks.started', url: listener.url }, `webhook receiver on ${listener.url}`);
  }

  const pollers: { stop(): Promise<void> }[] = [];
  for (const c of connections) {
    const ce = c.hubspot.changeEvents;
    if (ce.mode !== 'pull' || ce.appClientId === undefined) continue;
    const rt = await deps.runtime(c.name);
    const journal = createJournalClient({
      http: rt.http,
      baseUrl: c.hubspot.baseUrl,
      clientId: ce.appClientId,
      clientSecret: await app.secret(c.name, 'hubspot.appClientSecret'),
      clock: app.clock,
    });
    pollers.push(
      startJournalPoller({
        connection: c.name,
        journal,
        store: app.store,
        clock: app.clock,
        logger: app.logger,
        pollMs: ce.journalPollMs,
        onEvents,
      }),
    );
  }
  // Events stored by a previous process that did not get to handle them.
  for (const c of connections)
    if (
      c.hubspot.changeEvents.mode !== 'polling' &&
      (await app.store.pendingChangeEvents(c.name, 'deals', 1)).length > 0
    )
      onEvents(c.name);

  return {
    url: listener?.url ?? null,
    hookHandler: hooks?.onDashboard === true ? handler : null,
    stop: async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      if (listener)
        await new Promise<void>((resolve) => {
          listener.server.close(() => resolve());
          listener.server.closeAllConnections();
        });
      await runner.stop();
    },
  };
}
