/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- JSON bodies are asserted field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type QadTestTenant } from './qad-http.js';

describe('QAD sandbox auth', () => {
  let t: QadTestTenant;
  let nowMs = Date.UTC(2026, 10, 27, 9);
  const clock = { nowMs: () => nowMs };
  beforeAll(async () => {
    t = await startTenant({ clock, tokenLifetimeMs: 60_000 });
  });
  afterAll(() => t.close());

  const tokenCall = (params: Record<string, string>, asQuery = false) =>
    fetch(`${t.qad.url}/oauth/token${asQuery ? `?${new URLSearchParams(params).toString()}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(asQuery ? {} : { body: new URLSearchParams(params) }),
    });

  it('grants a token from a form body or a query string, and refreshes it', async () => {
    const creds = {
      client_id: t.qad.clientId,
      grant_type: 'password',
      username: t.qad.username,
      password: t.qad.password,
    };
    for (const asQuery of [false, true]) {
      const res = await tokenCall(creds, asQuery);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 60, scope: 'read write' });
      expect(typeof body.access_token).toBe('string');
      const refreshed = await tokenCall(
        { client_id: t.qad.clientId, grant_type: 'refresh_token', refresh_token: body.refresh_token },
        true,
      );
      expect(refreshed.status).toBe(200);
      const again = await tokenCall({
        client_id: t.qad.clientId,
        grant_type: 'refresh_token',
        refresh_token: body.refresh_token,
      });
      expect(again.status).toBe(400);
    }
  });

  it('rejects bad credentials (400 invalid_grant) and an unknown client (401)', async () => {
    const bad = await tokenCall({
      client_id: t.qad.clientId,
      grant_type: 'password',
      username: 'integration',
      password: 'nope',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
    const client = await tokenCall({
      client_id: 'f'.repeat(32),
      grant_type: 'password',
      username: 'integration',
      password: 'integration-pw',
    });
    expect(client.status).toBe(401);
    expect(((await client.json()) as any).error).toBe('invalid_client');
  });

  it('answers 401 without a token and after the token lifetime passes', async () => {
    const none = await fetch(`${t.qad.url}/api/erp/items?itemCode=PMP-000001`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const token = await t.token();
    expect((await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, token)).status).toBe(200);
    nowMs += 60_001;
    const expired = await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, token);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('invalid_token');
  });

  it('expires tokens on demand, now or after N more calls', async () => {
    const token = await t.token();
    await t.control('POST', '/expire-tokens', { afterRequests: 2 });
    expect((await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, token)).status).toBe(200);
    expect((await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, token)).status).toBe(200);
    expect((await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, token)).status).toBe(401);
    const fresh = await t.token();
    expect((await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, fresh)).status).toBe(200);
    await t.control('POST', '/expire-tokens', {});
    expect((await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, fresh)).status).toBe(401);
  });

  it('gives the user without permission 403 and a false permission probe', async () => {
    const token = await t.token('noaccess', 'noaccess-pw');
    const denied = await t.api(
      'GET',
      '/api/qracore/browses?browseId=urn:browse:mfg:gp340&page=1&pageSize=5',
      undefined,
      token,
    );
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      errors: [{ severity: 1, code: '403', message: 'Access is denied', fieldName: '' }],
    });
    const probe = await t.api(
      'GET',
      '/api/qracore/permissionState?uri=urn:view:hybridbrowse:com.qad.erp.base.customerV2s&action=WRITE',
      undefined,
      token,
    );
    expect(probe).toEqual({ status: 200, body: { data: { hasPermission: false } } });
    const full = await t.api(
      'GET',
      '/api/qracore/permissionState?uri=urn:view:hybridbrowse:com.qad.erp.base.customerV2s&action=WRITE',
    );
    expect(full.body.data.hasPermission).toBe(true);
    const readonly = await t.token('readonly', 'readonly-pw');
    const write = await t.api(
      'POST',
      '/api/erp/items',
      { items: [{ itemCode: 'X-1', description: 'x', dataOperation: 'C' }] },
      readonly,
    );
    expect(write.status).toBe(403);
  });

  it('accepts Basic auth unless disabled, and checks the workspace header', async () => {
    const basic = { authorization: `Basic ${Buffer.from('integration:integration-pw').toString('base64')}` };
    expect((await fetch(`${t.qad.url}/api/erp/items?itemCode=PMP-000001`, { headers: basic })).status).toBe(
      200,
    );
    await t.control('POST', '/rest', { basicAuth: false });
    expect((await fetch(`${t.qad.url}/api/erp/items?itemCode=PMP-000001`, { headers: basic })).status).toBe(
      401,
    );
    await t.control('POST', '/rest', { basicAuth: true });
    const ok = await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, undefined, {
      'x-qad-workspace-id': '10USA_10USACO',
    });
    expect(ok.status).toBe(200);
    const bad = await t.api('GET', '/api/erp/items?itemCode=PMP-000001', undefined, undefined, {
      'x-qad-workspace-id': '99XXX_99XXXCO',
    });
    expect(bad.status).toBe(403);
  });
});
