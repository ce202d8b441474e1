/**
 * The operator's path through the dashboard in a real browser, against a seeded SQLite store:
 * log in, see the failing record (its hostile name rendered as text, no script runs), replay it
 * with one click, see it turn green, see the flow back in sync. No CSP violations on the way.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, XSS, type Harness } from '../server/harness.js';
import { backgroundColor, CHROMIUM_PATH, launchChromium } from './browser.js';

describe.skipIf(!existsSync(CHROMIUM_PATH))('dashboard in Chromium (seeded store)', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      // 401s of the login page itself are expected; anything else (CSP refusals, script errors) is not
      if (
        m.type() === 'error' &&
        !m.text().startsWith('Failed to load resource: the server responded with a status of 401')
      ) {
        problems.push(`console: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('log in, see the failing record, replay it, see it turn green', async () => {
    const url = h.dashboard.url;
    const first = await page.goto(`${url}/errors`);
    expect(first?.status()).toBe(401);
    await page.fill('input[name="token"]', 'wrong-token-123');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent('[role="alert"]')).toContain('Wrong token');
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(`${url}/errors`), page.click('button[type="submit"]')]);

    const row = page.locator('tr[data-key="10USA/C2000"]');
    await expect.poll(() => row.locator('[data-state]').getAttribute('data-state')).toBe('failed');
    expect(await row.locator('[data-error]').textContent()).toContain(`value ${XSS} is invalid`);
    // the hostile contact key is text in a link, not an element
    expect(await page.locator(`a:text-is("10USA/${XSS}")`).count()).toBe(1);
    expect(await page.locator('main script').count()).toBe(0);

    await row.locator('button', { hasText: 'Replay' }).click();
    await expect.poll(() => row.locator('[data-state]').getAttribute('data-state')).toBe('ok');
    const green = await backgroundColor(row.locator('[data-state]'));
    expect(green).toBe('rgb(26, 127, 55)');
    await expect.poll(() => page.textContent('#replay-status')).toContain('1 ok, 0 failed');
    expect(h.replayCalls).toEqual([{ connection: 'acme', flow: 'accounts', sourceKey: '10USA/C2000' }]);

    await page.click('header a:text-is("Health")');
    const accounts = page.locator('tr[data-connection="acme"][data-flow="accounts"] [data-status]');
    expect(await accounts.getAttribute('data-status')).toBe('in-sync');
    expect(
      await page
        .locator('tr[data-connection="beta"][data-flow="accounts"] [data-status]')
        .getAttribute('data-status'),
    ).toBe('paused');
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(0);

    await page.goto(`${url}/records/${encodeURIComponent('10USA/C2000')}?connection=acme&flow=accounts`);
    expect(await page.locator('#record-state').getAttribute('data-state')).toBe('ok');
    expect(await page.locator('#audit tbody tr').count()).toBe(2);

    await mkdir('test-artifacts', { recursive: true });
    await page.goto(`${url}/`);
    await page.screenshot({ path: 'test-artifacts/dashboard-seeded.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
