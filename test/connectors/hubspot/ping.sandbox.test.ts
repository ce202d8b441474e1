import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingHubSpot } from '../../../src/connectors/hubspot/index.js';
import { startHarness, type Harness, type SandboxStats } from './harness.js';

const REQUIRED = [
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.contacts.read',
  'crm.objects.deals.read',
];

let h: Harness;
let seen: string[];
beforeAll(async () => {
  h = await startHarness();
  seen = [];
  h.events.onAny((event, payload) => seen.push(JSON.stringify({ event, payload })));
});
afterAll(async () => h.close());

describe('pingHubSpot against the sandbox', () => {
  it('passes every check for the right token, Hub ID and version', async () => {
    for (const apiVersion of ['2026-03', 'v3'] as const) {
      const checks = await pingHubSpot(h.clientFor({ apiVersion }), {
        hubId: h.sandbox.portalId,
        requiredScopes: REQUIRED,
      });
      expect(checks.map((c) => [c.check, c.ok])).toEqual([
        ['token', true],
        ['portal', true],
        ['scopes', true],
        ['api-version', true],
      ]);
    }
  });

  it('reports a rejected token once, without retrying it and without echoing it', async () => {
    const before = ((await h.control('GET', '/_sandbox/stats')) as SandboxStats).totalRequests;
    const wrong = 'pat-na1-00000000-dead-beef-0000-000000000000';
    const checks = await pingHubSpot(h.clientFor({ token: wrong }), {
      hubId: h.sandbox.portalId,
      requiredScopes: REQUIRED,
    });
    expect(checks).toEqual([
      {
        system: 'hubspot',
        check: 'token',
        ok: false,
        detail: expect.stringContaining('HubSpot rejected the token') as string,
      },
    ]);
    expect(((await h.control('GET', '/_sandbox/stats')) as SandboxStats).totalRequests).toBe(before + 1);
    expect(JSON.stringify(checks) + seen.join('')).not.toContain(wrong);
  });

  it('names both portals when the token belongs to another Hub ID', async () => {
    const checks = await pingHubSpot(h.client, { hubId: 99999, requiredScopes: REQUIRED });
    const portal = checks.find((c) => c.check === 'portal');
    expect(portal?.ok).toBe(false);
    expect(portal?.detail).toBe(`token belongs to portal ${h.sandbox.portalId}, configured Hub ID is 99999`);
  });

  it('names missing scopes from token introspection', async () => {
    const { token } = (await h.control('POST', '/_sandbox/tokens', {
      scopes: ['crm.objects.companies.read'],
    })) as { token: string };
    const checks = await pingHubSpot(h.clientFor({ token }), {
      hubId: h.sandbox.portalId,
      requiredScopes: REQUIRED,
    });
    const scopes = checks.find((c) => c.check === 'scopes');
    expect(scopes?.ok).toBe(false);
    expect(scopes?.detail).toBe(
      'token lacks scopes: crm.objects.companies.write, crm.objects.contacts.read, crm.objects.deals.read',
    );
    expect(checks.find((c) => c.check === 'token')?.ok).toBe(true);
  });

  it('falls back to 403 MISSING_SCOPES from probe reads when introspection is unavailable', async () => {
    const { token } = (await h.control('POST', '/_sandbox/tokens', {
      scopes: ['crm.objects.companies.read'],
    })) as { token: string };
    await h.control('POST', '/_sandbox/faults', {
      kind: '500',
      pathContains: '/access-token-info',
      count: 20,
    });
    try {
      const checks = await pingHubSpot(h.clientFor({ token }), {
        hubId: h.sandbox.portalId,
        requiredScopes: REQUIRED,
      });
      const scopes = checks.find((c) => c.check === 'scopes');
      expect(scopes?.ok).toBe(false);
      expect(scopes?.detail).toContain('crm.objects.contacts.read');
      expect(scopes?.detail).toContain('crm.objects.deals.read');
    } finally {
      await h.control('DELETE', '/_sandbox/faults');
    }
  });
});
