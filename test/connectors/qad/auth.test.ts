import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError } from '../../../src/core/errors.js';
import { countEvents, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control('DELETE', '/faults');
});

const CUSTOMERS = 'urn:browse:bebrowse:com.qad.erp.base.customerV2s';

async function firstPage(client: ReturnType<Harness['client']>): Promise<number> {
  for await (const page of client.browse(CUSTOMERS, { pageSize: 5 })) return page.length;
  return 0;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('QAD session', () => {
  it('logs in with the password grant and calls /api with a Bearer token', async () => {
    const client = h.client();
    const logins: string[] = [];
    const off = h.events.on('qad.login', (e) => logins.push(`${e.user}:${e.grant}`));
    expect(await firstPage(client)).toBe(5);
    off();
    expect(logins).toEqual(['integration:password']);
  });

  it('shares one in-flight login between concurrent callers', async () => {
    const client = h.client();
    const logins = countEvents(h.events, 'qad.login');
    const pages = await Promise.all([1, 2, 3, 4, 5].map(() => firstPage(client)));
    expect(pages).toEqual([5, 5, 5, 5, 5]);
    expect(logins.count).toBe(1);
  });

  it('re-authenticates once after a 401 (refresh grant) and carries on', async () => {
    const client = h.client();
    await firstPage(client);
    const grants: string[] = [];
    const off = h.events.on('qad.login', (e) => grants.push(e.grant));
    const relogins = countEvents(h.events, 'qad.relogin');
    await h.control('POST', '/expire-tokens', {});
    expect(await firstPage(client)).toBe(5);
    expect(relogins.count).toBe(1);
    // revoked refresh tokens: falls back to the password grant
    await h.control('POST', '/expire-tokens', { refreshTokens: true });
    expect(await firstPage(client)).toBe(5);
    off();
    expect(grants).toEqual(['refresh_token', 'password']);
  });

  it('shares one re-login between concurrent callers that all got a 401', async () => {
    const client = h.client();
    await firstPage(client);
    await h.control('POST', '/expire-tokens', {});
    const logins = countEvents(h.events, 'qad.login');
    const pages = await Promise.all([1, 2, 3, 4].map(() => firstPage(client)));
    expect(pages).toEqual([5, 5, 5, 5]);
    expect(logins.count).toBe(1);
  });

  it('never puts the password or the access token into events', async () => {
    const payloads: string[] = [];
    const off = h.events.onAny((name, payload) => payloads.push(`${name} ${JSON.stringify(payload)}`));
    const client = h.client();
    await firstPage(client);
    await h.control('POST', '/expire-tokens', {});
    await firstPage(client);
    off();
    expect(payloads.length).toBeGreaterThan(3);
    const all = payloads.join('\n');
    expect(all).not.toContain(h.qad.password);
    expect(all).not.toMatch(/"(access_token|refresh_token|authorization|token)"\s*:/i);
    expect(all).not.toMatch(/Bearer/i);
  });

  it('fails with QAD_AUTH_INVALID when the fresh token is rejected too (no loop)', async () => {
    const client = h.client();
    await firstPage(client);
    const logins = countEvents(h.events, 'qad.login');
    await h.control('POST', '/faults', { path: '/api/*', kind: 'status', status: 401 });
    const error = await rejection(firstPage(client));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('QAD_AUTH_INVALID');
    expect((error as AuthError).message).toContain('integration');
    expect(logins.count).toBe(1);
  });

  it('names the user when the password is wrong, and never echoes it', async () => {
    const client = h.client({ password: 'wrong-password-123' });
    const error = await rejection(client.login());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('QAD_AUTH_INVALID');
    expect((error as AuthError).message).toContain('QAD rejected the login for user integration');
    expect(JSON.stringify(error)).not.toContain('wrong-password-123');
  });

  it('rejects an unknown client id with a message about the client id', async () => {
    const error = await rejection(h.client({ clientId: '0'.repeat(32) }).login());
    expect((error as AuthError).message).toContain('client id');
  });

  it('maps 403 to QAD_PERMISSION_DENIED naming the user and the call', async () => {
    const client = h.client({ username: 'noaccess', password: 'noaccess-pw' });
    const error = await rejection(firstPage(client));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('QAD_PERMISSION_DENIED');
    expect((error as AuthError).message).toContain('noaccess');
    expect((error as AuthError).message).toContain('/api/qracore/browses');
  });

  it('supports HTTP Basic as an option', async () => {
    const logins = countEvents(h.events, 'qad.login');
    expect(await firstPage(h.client({ auth: 'basic' }))).toBe(5);
    expect(logins.count).toBe(0);
    const error = await rejection(firstPage(h.client({ auth: 'basic', password: 'nope-nope-nope' })));
    expect((error as AuthError).code).toBe('QAD_AUTH_INVALID');
  });

  it('sends x-qad-workspace-id when configured (an unknown one is refused by the tenant)', async () => {
    expect(await firstPage(h.client({ workspaceId: '10USA_10USACO' }))).toBe(5);
    const error = await rejection(firstPage(h.client({ workspaceId: '99XXX_99XXXCO' })));
    expect((error as AuthError).code).toBe('QAD_PERMISSION_DENIED');
  });

  it('rejects an invalid base URL before any call', () => {
    expect(() => h.client({ baseUrl: 'http://qad.example.com/clouderp' })).toThrow(ConfigError);
  });
});
