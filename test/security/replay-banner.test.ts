/**
 * Finding 11 (banner text from the URL): `/errors?replayed=<anything>` showed attacker-chosen
 * (escaped) text — a link could make the dashboard "say" anything to an operator. Now the banner
 * shows only a result the server recorded for that caller's replay, by a short-lived id. Over
 * real HTTP on a seeded dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startHarness, type Harness } from '../server/harness.js';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness();
  url = h.dashboard.url;
});
afterAll(async () => {
  await h.close();
});

const banner = (page: string): string | null =>
  /<div[^>]*id="replay-status"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1]?.trim() ?? null;

async function replayByForm(session: { cookie: string; csrf: string }): Promise<string> {
  const res = await fetch(`${url}/replay`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: session.cookie, Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, failed: 'true', connection: 'acme' }),
  });
  expect(res.status).toBe(303);
  return res.headers.get('location') ?? '';
}

describe('the replay banner shows only results the server recorded', () => {
  it('ignores text put in the URL', async () => {
    const session = await login(url);
    for (const forged of ['Replayed 9999: 9999 ok, 0 failed', 'Your session expired: call +1 555 0100']) {
      const page = await (
        await fetch(`${url}/errors?replayed=${encodeURIComponent(forged)}&bad=1`, {
          headers: { Cookie: session.cookie },
        })
      ).text();
      expect(page).not.toContain(forged.slice(0, 12));
      expect(banner(page)).toBe('');
    }
  });

  it('shows the recorded result to the session that replayed, and to no one else', async () => {
    const mine = await login(url);
    const other = await login(url);
    const location = await replayByForm(mine);
    expect(location).toMatch(/^\/errors\?connection=acme&replayed=[\w-]{16,}$/);
    const shown = await (await fetch(url + location, { headers: { Cookie: mine.cookie } })).text();
    expect(banner(shown)).toMatch(/^Replayed \d+: \d+ ok, 0 still failing$/);
    const elsewhere = await (await fetch(url + location, { headers: { Cookie: other.cookie } })).text();
    expect(banner(elsewhere)).toBe('');
  });

  it('forgets a result after ten minutes', async () => {
    const session = await login(url);
    const location = await replayByForm(session);
    await h.clock.advance(10 * 60 * 1000 + 1);
    const page = await (await fetch(url + location, { headers: { Cookie: session.cookie } })).text();
    expect(banner(page)).toBe('');
  });
});
