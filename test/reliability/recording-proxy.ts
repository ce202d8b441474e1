/**
 * A recording HTTP proxy on 127.0.0.1:0 in front of one sandbox: forwards every request unchanged
 * and keeps its method, path, headers and body, so a test can prove which credentials reached
 * which host (the sandboxes do not record Authorization headers themselves).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:PORT` — use in place of the target origin. */
  origin: string;
  requests: RecordedRequest[];
  /** Everything seen (headers and bodies) as one string, for "never contains" checks. */
  transcript(): string;
  close(): Promise<void>;
}

/** Starts a proxy to `targetOrigin` (e.g. `http://127.0.0.1:5000`). */
export async function startRecordingProxy(targetOrigin: string): Promise<RecordingProxy> {
  const target = new URL(targetOrigin);
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: body.toString(),
      });
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    transcript: () =>
      requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.headers)} ${r.body}`).join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
