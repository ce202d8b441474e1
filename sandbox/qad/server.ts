/**
 * The HTTP server: applies faults and counts requests, then dispatches to the control API
 * (`/_sandbox`), QXtend (`/qxi/services/QdocWebService`) or the REST surface (`{basePath}`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { routeControl, type ControlDeps } from './control-api.js';
import type { FaultRegistry } from './faults.js';
import { json, readBody, send, xml, type Reply } from './http-util.js';
import { wsdl } from './qxtend-response.js';
import type { QxtendService } from './qxtend-service.js';
import { routeRest, type RestDeps } from './rest-router.js';
import type { RequestStats } from './stats.js';

/** QXtend endpoint path (outside the base path, as on real sites). */
export const QXTEND_PATH = '/qxi/services/QdocWebService';

/** Everything the server dispatches to. */
export interface ServerDeps {
  basePath: string;
  rest: RestDeps;
  control: ControlDeps;
  qxtend: QxtendService;
  faults: FaultRegistry;
  stats: RequestStats;
}

async function dispatch(deps: ServerDeps, req: IncomingMessage, url: URL, body: string): Promise<Reply> {
  const path = url.pathname;
  if (path.startsWith('/_sandbox/') || path === '/_sandbox')
    return routeControl(deps.control, req.method ?? 'GET', url, path.slice('/_sandbox'.length), body);
  if (path === QXTEND_PATH) {
    if (req.method === 'GET' && url.searchParams.has('wsdl'))
      return xml(200, wsdl(url.href.split('?')[0] ?? ''));
    if (req.method !== 'POST') return json(405, { error: 'POST a SOAP envelope' });
    return deps.qxtend.handle(body);
  }
  if (path === deps.basePath || path.startsWith(`${deps.basePath}/`))
    return routeRest(deps.rest, req, url, path.slice(deps.basePath.length), body);
  return json(404, { error: `nothing at ${path}` });
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const isControl = url.pathname.startsWith('/_sandbox');
  const fault = isControl ? undefined : deps.faults.match(method, url.pathname);
  const body = await readBody(req);
  if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 100));
  if (fault?.kind === 'reset') {
    deps.stats.record(method, url.pathname, 'reset');
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    const status = fault.status ?? 503;
    deps.stats.record(method, url.pathname, status);
    send(
      res,
      json(status, {
        errors: [{ severity: 1, code: String(status), message: 'Injected fault', fieldName: '' }],
      }),
    );
    return;
  }
  const reply = await dispatch(deps, req, url, body);
  if (fault?.kind === 'lostResponse') {
    deps.stats.record(method, url.pathname, 'reset');
    req.socket.destroy();
    return;
  }
  if (!isControl) deps.stats.record(method, url.pathname, reply.status);
  send(res, reply);
}

/** Creates (does not start) the server. Handler errors answer 500 rather than crash the process. */
export function createSandboxServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(
          res,
          json(500, {
            errors: [
              {
                severity: 1,
                code: '500',
                message: error instanceof Error ? error.message : 'internal error',
                fieldName: '',
              },
            ],
          }),
        );
      else res.destroy();
    });
  });
}
