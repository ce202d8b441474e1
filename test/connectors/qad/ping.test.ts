import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingQad } from '../../../src/connectors/qad/ping.js';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('pingQad', () => {
  it('passes every check against a healthy tenant', async () => {
    const checks = await pingQad(h.client());
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.check)).toEqual(
      expect.arrayContaining(['login', 'permission', 'browse:customer', 'browse:item', 'document:items']),
    );
  });

  it('says the login was rejected for the user when the password is wrong', async () => {
    const checks = await pingQad(h.client({ password: 'bad-password-42' }));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ check: 'login', ok: false });
    expect(checks[0]?.detail).toContain('QAD rejected the login for user integration');
    expect(checks[0]?.detail).not.toContain('bad-password-42');
  });

  it('fails the permission check and the browses for a user without access', async () => {
    const checks = await pingQad(h.client({ username: 'noaccess', password: 'noaccess-pw' }));
    expect(checks.find((c) => c.check === 'permission')).toMatchObject({ ok: false });
    expect(checks.find((c) => c.check === 'browse:customer')?.detail).toContain('denied');
  });

  it('names an unknown browse id', async () => {
    const checks = await pingQad(h.client({ browses: { item: { browseId: 'urn:browse:mfg:zz999' } } }), {
      entities: ['item', 'customer'],
    });
    const item = checks.find((c) => c.check === 'browse:item');
    expect(item).toMatchObject({ ok: false });
    expect(item?.detail).toContain('urn:browse:mfg:zz999');
    expect(checks.find((c) => c.check === 'browse:customer')?.ok).toBe(true);
  });

  it('names the host when the tenant path is wrong (404 on /oauth/token)', async () => {
    const wrong = h.qad.url.replace(/\/clouderp$/, '/qad-central');
    const checks = await pingQad(h.client({ baseUrl: wrong }));
    expect(checks[0]).toMatchObject({ check: 'login', ok: false });
    expect(checks[0]?.detail).toContain(new URL(wrong).host);
    expect(checks[0]?.detail).toContain('404');
  });

  it('names the host when nothing listens there', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const checks = await pingQad(h.client({ baseUrl: `http://127.0.0.1:${port}/clouderp` }));
    expect(checks[0]).toMatchObject({ check: 'login', ok: false });
    expect(checks[0]?.detail).toContain(`127.0.0.1:${port}`);
    expect(checks[0]?.detail).toContain('cannot be reached');
  });
});
