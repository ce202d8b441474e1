/**
 * Finding 5 (no cap on response size): a fake QAD tenant whose token endpoint streams a huge body
 * must not be read whole. `ping` runs through the real CLI; the hostile tenant is a real local
 * HTTP server that writes with back-pressure and counts the bytes the client actually took.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { cliFolder, connectionYaml, type CliFolder } from './cli.js';

const MiB = 1024 * 1024;

interface FloodServer {
  url: string;
  /** Bytes handed to the socket so far (back-pressure keeps this close to what the client read). */
  written(): number;
  /** True once the client dropped the connection before the body ended. */
  abandoned(): boolean;
  close(): Promise<void>;
}

/** A tenant whose /oauth/token answers 200 with `totalBytes` of JSON-ish text, chunked or declared. */
async function startFloodTenant(totalBytes: number, declareLength: boolean): Promise<FloodServer> {
  let written = 0;
  let abandoned = false;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!(req.url ?? '').endsWith('/oauth/token')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': String(totalBytes) } : {}),
      });
      res.on('close', () => {
        if (!res.writableFinished) abandoned = true;
      });
      const pump = (): void => {
        while (written < totalBytes && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    written: () => written,
    abandoned: () => abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let hubspot: HubSpotSandbox;
let tenant: FloodServer | undefined;
let folder: CliFolder | undefined;

beforeAll(async () => {
  hubspot = await startHubSpotSandbox();
});
afterAll(async () => {
  await hubspot.close();
});
afterEach(async () => {
  await tenant?.close();
  await folder?.close();
});

async function pingFlood(
  totalBytes: number,
  opts: { declareLength: boolean; maxResponseBytes?: number },
): Promise<{ code: number; stdout: string }> {
  tenant = await startFloodTenant(totalBytes, opts.declareLength);
  folder = await cliFolder('mlc-cap-');
  await folder.writeConfig([
    `store: ${folder.dir}/state.db`,
    ...(opts.maxResponseBytes === undefined ? [] : [`http: { maxResponseBytes: ${opts.maxResponseBytes} }`]),
    ...connectionYaml({
      hubId: hubspot.portalId,
      hubspotUrl: hubspot.url,
      qadUrl: `${tenant.url}/clouderp`,
      clientId: 'client',
      username: 'integration',
    }),
  ]);
  return folder.cli(['ping'], { HS_TOKEN: hubspot.token, QAD_PASSWORD: 'pw-0123456789' });
}

describe('every response body is read with a byte cap', () => {
  it('aborts a 400 MB streamed token answer just past the configured 1 MiB cap', async () => {
    const rssBefore = process.memoryUsage().rss;
    const { code, stdout } = await pingFlood(400 * MiB, { declareLength: false, maxResponseBytes: MiB });
    expect(code).toBe(3);
    expect(stdout).toMatch(
      /FAIL acme qad login: QAD POST \/clouderp\/oauth\/token: response body exceeds 1048576 bytes \(http\.maxResponseBytes\); aborted after \d+ bytes/,
    );
    await expect.poll(() => tenant?.abandoned()).toBe(true);
    // the client took the cap plus what sat in socket buffers, never the 400 MB
    expect(tenant?.written()).toBeLessThan(16 * MiB);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MiB);
  });

  it('refuses a declared Content-Length past the cap before reading the body', async () => {
    const { code, stdout } = await pingFlood(400 * MiB, { declareLength: true, maxResponseBytes: MiB });
    expect(code).toBe(3);
    expect(stdout).toMatch(
      /response body exceeds 1048576 bytes \(http\.maxResponseBytes\); aborted after 0 bytes/,
    );
    expect(tenant?.written()).toBeLessThan(16 * MiB);
  });

  it('has a generous default: 64 MiB, so a 400 MB flood stops near 64 MiB', async () => {
    const { code, stdout } = await pingFlood(400 * MiB, { declareLength: false });
    expect(code).toBe(3);
    expect(stdout).toMatch(/response body exceeds 67108864 bytes/);
    expect(tenant?.written()).toBeLessThan(80 * MiB);
  });
});
