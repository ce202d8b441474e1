/**
 * A tiny real HTTP server with scripted responses, for testing the HTTP layer before (and
 * independently of) the vendor sandboxes. Each incoming request takes the next scripted step;
 * when the script is empty it answers `fallback`. Steps can reset the connection, stall, or
 * promise a longer body than they send (truncation).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultStep {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless a string. */
  body?: unknown;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Send headers and half the body, then destroy the socket. */
  truncate?: boolean;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  /** Appends steps to the script. */
  script(...steps: FaultStep[]): void;
  /** Answer used when the script is empty (default 200 {"ok":true}). */
  fallback: FaultStep;
  /** When set (and the script is empty), computes the answer from the request: a scripted fake vendor. */
  respond: ((req: RecordedRequest) => FaultStep) | undefined;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const queue: FaultStep[] = [];
  const requests: RecordedRequest[] = [];
  const state: { fallback: FaultStep; respond: ((req: RecordedRequest) => FaultStep) | undefined } = {
    fallback: { status: 200, body: { ok: true } },
    respond: undefined,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const step = queue.shift() ?? state.respond?.(recorded) ?? state.fallback;
      const answer = (): void => {
        if (step.reset === true) {
          req.socket.destroy();
          return;
        }
        const text = typeof step.body === 'string' ? step.body : JSON.stringify(step.body ?? {});
        const headers: Record<string, string> = { 'content-type': 'application/json', ...step.headers };
        if (step.truncate === true) {
          res.writeHead(step.status ?? 200, {
            ...headers,
            'content-length': String(Buffer.byteLength(text)),
          });
          res.write(text.slice(0, Math.floor(text.length / 2)));
          setTimeout(() => req.socket.destroy(), 5);
          return;
        }
        res.writeHead(step.status ?? 200, headers);
        res.end(text);
      };
      if (step.delayMs !== undefined) setTimeout(answer, step.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...steps) => queue.push(...steps),
    get fallback() {
      return state.fallback;
    },
    set fallback(step: FaultStep) {
      state.fallback = step;
    },
    get respond() {
      return state.respond;
    },
    set respond(fn: ((req: RecordedRequest) => FaultStep) | undefined) {
      state.respond = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
