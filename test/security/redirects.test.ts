/**
 * Finding 1 (redirects carry credentials to another host): a QAD tenant or HubSpot base URL that
 * answers 307 to another host must not make the connector follow it. The hostile peer is a real
 * local HTTP server; the evil host is another one that records whatever reaches it. `ping` runs
 * through the real CLI, fails (exit 3) and names the system and the target host, never a secret.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../sandbox/qad/index.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { cliFolder, connectionYaml, type CliFolder } from './cli.js';

let hubspot: HubSpotSandbox;
let qad: QadSandbox;
let evil: FaultServer;
let peer: FaultServer;
let folder: CliFolder;

beforeAll(async () => {
  hubspot = await startHubSpotSandbox();
  qad = await startQadSandbox({ seed: 3, accounts: 5, items: 5 });
});

afterAll(async () => {
  await hubspot.close();
  await qad.close();
});

afterEach(async () => {
  await evil?.close();
  await peer?.close();
  await folder?.close();
});

async function setUp(): Promise<void> {
  evil = await startFaultServer();
  peer = await startFaultServer();
  folder = await cliFolder('mlc-redirect-');
  // whatever is asked of the peer, it answers 307 to the evil host (307 keeps method and body)
  peer.respond = (req) => ({
    status: 307,
    headers: { location: `${evil.url}/steal${req.url}?from=peer` },
    body: '',
  });
}

describe('outbound requests never follow redirects', () => {
  it('a QAD tenant answering 307 on /oauth/token gets no password through: ping fails naming QAD and the host', async () => {
    await setUp();
    await folder.writeConfig([
      `store: ${folder.dir}/state.db`,
      ...connectionYaml({
        hubId: hubspot.portalId,
        hubspotUrl: hubspot.url,
        qadUrl: `${peer.url}/clouderp`,
        clientId: qad.clientId,
        username: qad.username,
      }),
    ]);
    const { code, stdout, stderr } = await folder.cli(['ping'], {
      HS_TOKEN: hubspot.token,
      QAD_PASSWORD: qad.password,
    });
    expect(peer.requests.map((r) => r.url)).toContain('/clouderp/oauth/token');
    expect(evil.requests).toEqual([]);
    expect(code).toBe(3);
    const failed = stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(failed.join('\n')).toMatch(
      new RegExp(
        `acme qad login: QAD POST /clouderp/oauth/token answered 307 redirecting to ${new URL(evil.url).host}`,
      ),
    );
    expect(stdout + stderr).not.toContain(qad.password);
    expect(stdout + stderr).not.toContain('/steal');
  });

  it('a HubSpot base URL answering 307 gets no token through: ping fails naming HubSpot and the host', async () => {
    await setUp();
    await folder.writeConfig([
      `store: ${folder.dir}/state.db`,
      ...connectionYaml({
        hubId: hubspot.portalId,
        hubspotUrl: peer.url,
        qadUrl: qad.url,
        clientId: qad.clientId,
        username: qad.username,
      }),
    ]);
    const { code, stdout, stderr } = await folder.cli(['ping', '--json'], {
      HS_TOKEN: hubspot.token,
      QAD_PASSWORD: qad.password,
    });
    expect(peer.requests.length).toBeGreaterThan(0);
    expect(evil.requests).toEqual([]);
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as {
      ok: boolean;
      checks: { system: string; ok: boolean; detail: string }[];
    };
    expect(report.ok).toBe(false);
    const hubspotFailures = report.checks.filter((c) => c.system === 'hubspot' && !c.ok);
    expect(hubspotFailures.length).toBeGreaterThan(0);
    expect(hubspotFailures[0]?.detail).toMatch(
      new RegExp(`HubSpot \\w+ /\\S+ answered 307 redirecting to ${new URL(evil.url).host}`),
    );
    expect(stdout + stderr).not.toContain(hubspot.token);
    // the QAD side is untouched by HubSpot's redirect
    expect(report.checks.filter((c) => c.system === 'qad').every((c) => c.ok)).toBe(true);
  });
});
