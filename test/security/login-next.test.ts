/**
 * Finding 2 (open redirect after login): the `next` a login redirects to is resolved against the
 * dashboard's own origin and must stay on it; control characters are refused. Over real HTTP on a
 * seeded dashboard: a tab that browsers strip (`/<TAB>/evil.com` → `//evil.com`) never leaves the
 * origin, and a newline no longer answers 500 after creating a session that was never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, type Harness } from '../server/harness.js';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  url = h.dashboard.url;
});
afterAll(async () => {
  await h.close();
});

async function loginWith(next: string): Promise<Response> {
  return fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    body: new URLSearchParams({ token: TOKEN, next }),
  });
}

/** Where a browser would go: the Location resolved against the page, the way browsers do it. */
function destination(res: Response): URL {
  return new URL(res.headers.get('location') ?? '', url);
}

describe('the login redirect stays on the dashboard', () => {
  it.each([
    ['a tab browsers strip', '/\t/evil.com/phish'],
    ['a newline browsers strip', '/\n/evil.com/phish'],
    ['a carriage return', '/\r/evil.com/phish'],
    ['a protocol-relative URL', '//evil.com/phish'],
    ['a backslash', '/\\evil.com/phish'],
    ['an absolute URL', 'https://evil.com/phish'],
    ['a scheme', 'javascript:alert(1)'],
    ['a NUL', '/\u0000/evil.com'],
    ['a DEL', '/\u007f/evil.com'],
  ])('refuses %s and redirects to / with a working session', async (_label, next) => {
    const res = await loginWith(next);
    expect(res.status).toBe(303);
    const to = destination(res);
    expect(to.origin).toBe(new URL(url).origin);
    expect(to.pathname).toBe('/');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^mlc_session=/);
    // the session that was created is the one that was sent: it works
    expect((await fetch(`${url}/api/health`, { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('a header-breaking next (CR LF) answers 303, never 500', async () => {
    const res = await loginWith('/errors\r\nSet-Cookie: mlc_session=attacker');
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('attacker');
    expect(destination(res).pathname).toBe('/');
  });

  it('keeps a same-origin path with its query, and encodes what a header cannot carry', async () => {
    const kept = await loginWith('/errors?connection=acme&flow=accounts');
    expect(kept.headers.get('location')).toBe('/errors?connection=acme&flow=accounts');
    const unicode = await loginWith('/records/10USA%2FC1000?x=日本');
    expect(unicode.status).toBe(303);
    expect(destination(unicode).pathname).toBe('/records/10USA%2FC1000');
    expect(destination(unicode).origin).toBe(new URL(url).origin);
  });

  it('the login form never carries a hostile next from the query string', async () => {
    const page = await (await fetch(`${url}/login?next=${encodeURIComponent('/\t/evil.com/phish')}`)).text();
    expect(page).toContain('name="next" value="/"');
    expect(page).not.toContain('evil.com');
  });
});
