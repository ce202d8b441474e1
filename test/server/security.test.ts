/** Dashboard security over real HTTP: token required, 401s, login, CSRF, escaping, headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import { EventBus } from '../../src/core/events.js';
import type { Store } from '../../src/core/store-port.js';
import { startDashboard } from '../../src/server/dashboard.js';
import { escapeHtml, html } from '../../src/server/html.js';
import { login, MemoryLogger, startHarness, TOKEN, XSS, type Harness } from './harness.js';

describe('startDashboard configuration', () => {
  const base = {
    port: 0,
    store: {} as Store,
    events: new EventBus(),
    clock: new FakeClock(),
    rateBudget: () => [],
    schedule: () => [],
    replay: () => Promise.resolve({ replayed: 0, ok: 0, failed: 0 }),
    logger: new MemoryLogger(),
  };

  it('refuses to start without a token (no default password)', async () => {
    for (const token of [undefined, '', '   ']) {
      const error = await startDashboard({ ...base, token }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('DASHBOARD_TOKEN_MISSING');
      expect((error as ConfigError).message).toContain('dashboard.token');
    }
  });

  it('refuses a token shorter than 32 characters', async () => {
    const error = await startDashboard({ ...base, token: 'short' }).catch((e: unknown) => e);
    expect((error as ConfigError).code).toBe('DASHBOARD_TOKEN_WEAK');
  });

  it('reports a taken port as a ConfigError naming host and port', async () => {
    const h = await startHarness();
    try {
      const port = Number(new URL(h.dashboard.url).port);
      const error = await startDashboard({ ...base, token: TOKEN, port }).catch((e: unknown) => e);
      expect((error as ConfigError).code).toBe('DASHBOARD_LISTEN_FAILED');
      expect((error as ConfigError).message).toContain(`127.0.0.1:${port}`);
    } finally {
      await h.close();
    }
  });
});

describe('escaping', () => {
  it('escapes every interpolated value and keeps built markup', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe(
      '&lt;a href&#61;&quot;x&quot; onclick&#61;&#39;y&#39;&gt;&amp;',
    );
    const inner = html`<b>${XSS}</b>`;
    expect(html`<p title="${'" onmouseover="x'}">${inner}${[XSS, 1]}</p>`.toString()).toBe(
      '<p title="&quot; onmouseover&#61;&quot;x"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b>&lt;script&gt;alert(1)&lt;/script&gt;1</p>',
    );
  });
});

describe('dashboard over HTTP', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startHarness();
    url = h.dashboard.url;
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 401 without authentication on pages, APIs and /metrics', async () => {
    for (const path of ['/', '/errors', '/rate-budget', '/records/x']) {
      const res = await fetch(url + path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toContain('name="token"');
    }
    for (const path of [
      '/api/health',
      '/api/errors',
      '/api/runs',
      '/api/rate-budget',
      '/api/records/x/audit',
      '/metrics',
    ]) {
      const res = await fetch(url + path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    const post = await fetch(`${url}/api/replay`, { method: 'POST', body: '{"failed":true}' });
    expect(post.status).toBe(401);
    expect(h.replayCalls).toHaveLength(0);
  });

  it('rejects a wrong Bearer token and a forged cookie, accepts the right token', async () => {
    expect(
      (await fetch(`${url}/api/health`, { headers: { Authorization: 'Bearer wrong-token-xxxxxxxx' } }))
        .status,
    ).toBe(401);
    expect((await fetch(`${url}/api/health`, { headers: { Cookie: 'mlc_session=forged' } })).status).toBe(
      401,
    );
    expect((await fetch(`${url}/api/health`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
  });

  it('logs in with the token: HttpOnly SameSite=Strict cookie; wrong token and cross-origin login refused', async () => {
    const form = (token: string): RequestInit => ({
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
      body: new URLSearchParams({ token, next: '//evil.example/' }),
    });
    const wrong = await fetch(`${url}/login`, form('not-the-token'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const cross = await fetch(`${url}/login`, {
      ...form(TOKEN),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    const ok = await fetch(`${url}/login`, form(TOKEN));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/'); // no open redirect to //evil.example/
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^mlc_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // the token never reaches the logs
    expect(JSON.stringify(h.logger.lines)).not.toContain(TOKEN);
  });

  it('requires the CSRF token and our Origin for POSTs made with a session', async () => {
    const { cookie, csrf } = await login(url);
    const body = JSON.stringify({ connection: 'acme', flow: 'accounts', sourceKey: '10USA/C1000' });
    const post = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${url}/api/replay`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
        body,
      });
    const before = h.replayCalls.length;
    expect((await post({ Origin: url })).status).toBe(403); // no token
    expect((await post({ Origin: url, 'X-CSRF-Token': 'bogus' })).status).toBe(403);
    expect((await post({ Origin: 'http://evil.example', 'X-CSRF-Token': csrf })).status).toBe(403);
    expect((await post({ 'X-CSRF-Token': csrf })).status).toBe(403); // no Origin at all
    const formPost = await fetch(`${url}/replay`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ connection: 'acme', flow: 'accounts', sourceKey: '10USA/C1000' }),
    });
    expect(formPost.status).toBe(403);
    expect(h.replayCalls.length).toBe(before);
    const ok = await post({ Origin: url, 'X-CSRF-Token': csrf });
    expect(ok.status).toBe(200);
    expect(h.replayCalls.length).toBe(before + 1);
  });

  it('renders values from QAD and HubSpot as text, never markup', async () => {
    const { cookie } = await login(url);
    for (const path of [
      '/errors?state=all',
      `/records/${encodeURIComponent('10USA/C2000')}`,
      `/records/${encodeURIComponent(`10USA/${XSS}`)}`,
    ]) {
      const res = await fetch(url + path, { headers: { Cookie: cookie } });
      expect(res.status, path).toBe(200);
      const page = await res.text();
      expect(page, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page, path).not.toContain(XSS);
      expect(page.match(/<script/g)).toHaveLength(1); // only our /assets/app.js tag
    }
  });

  it('sends security headers on every response', async () => {
    const { cookie } = await login(url);
    for (const path of ['/', '/login', '/api/health', '/assets/app.js', '/metrics', '/nope']) {
      const res = await fetch(url + path, { headers: { Cookie: cookie } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('logs out: the session stops working', async () => {
    const { cookie, csrf } = await login(url);
    const out = await fetch(`${url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(out.status).toBe(303);
    expect((await fetch(`${url}/api/health`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('throttles repeated failed logins from one client', async () => {
    const attempt = (token: string): Promise<Response> =>
      fetch(`${url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
        body: new URLSearchParams({ token }),
      });
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await attempt(`wrong-${i}-xxxxxxxx`)).status;
    expect(last).toBe(429);
    expect((await attempt(TOKEN)).status).toBe(429); // even the right token, until the window passes
    await h.clock.advance(5 * 60 * 1000 + 1);
    expect((await attempt(TOKEN)).status).toBe(303);
  });
});
