/**
 * The operator's path through the dashboard in headless Chromium (one browser for both scenarios,
 * to keep the suite short):
 * 1. against the REAL engine and both sandboxes: a QAD item with no description is quarantined by
 *    the catalog flow; log in, find it in the error queue with its reason, fix the item in QAD
 *    (sandbox control API), replay it with one click, see it turn green — the product reaches HubSpot;
 * 2. against a seeded store: hostile values from QAD/HubSpot render as text (no script runs), a
 *    wrong token is refused, a failed record replays green, a portal over its daily limit shows paused.
 * No CSP violation, script error or dialog may occur on the way.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, XSS } from '../server/harness.js';
import { backgroundColor, CHROMIUM_PATH, launchChromium } from './browser.js';
import { startEngineHarness } from './engine-harness.js';

describe.skipIf(!existsSync(CHROMIUM_PATH))('dashboard in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir('test-artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    problems = [];
    context = await browser.newContext({ viewport: { width: 1500, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      // 401s of the login page itself are expected; CSP refusals and script errors are not
      if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterEach(async () => {
    await context?.close();
  });

  async function logIn(url: string, path: string): Promise<void> {
    expect((await page.goto(url + path))?.status()).toBe(401);
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(url + path), page.click('button[type="submit"]')]);
  }

  it('real engine: quarantined item → fix in QAD → one-click replay → green, product in HubSpot', async () => {
    const h = await startEngineHarness();
    try {
      const items = await h.qadRecords('items');
      const broken = items.find((i) => i['isActive'] !== false);
      if (!broken) throw new Error('no active item in the QAD seed');
      const code = String(broken['itemCode']);
      await h.patchQad('items', code, { description: '' });

      const first = await h.sync(['catalog']);
      expect(first.flows[0]).toMatchObject({ flow: 'catalog', outcome: 'partial' });
      expect((await h.products()).some((p) => p.properties['hs_sku'] === code)).toBe(false);

      const url = h.dashboard.url;
      await logIn(url, '/errors?state=all');
      const row = page.locator(`tr[data-key$="/${code}"]`);
      expect(await row.count()).toBe(1);
      const state = row.locator('[data-state]');
      expect(await state.getAttribute('data-state')).toMatch(/^(failed|quarantined)$/);
      expect(await row.locator('[data-error]').textContent()).toMatch(/description/i);

      await h.patchQad('items', code, { description: 'Fixed gear housing' });
      await row.locator('button', { hasText: 'Replay' }).click();
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 20_000 }).toBe('ok');
      expect(await backgroundColor(state)).toBe('rgb(26, 127, 55)');
      await expect.poll(() => page.textContent('#replay-status')).toContain('1 ok, 0 still failing');
      const product = (await h.products()).find((p) => p.properties['hs_sku'] === code);
      expect(product?.properties['name']).toBe('Fixed gear housing');

      await page.click('header a:text-is("Health")');
      const catalog = page.locator('tr[data-connection="acme"][data-flow="catalog"]');
      expect(await catalog.locator('[data-status]').getAttribute('data-status')).toBe('in-sync');
      expect(await catalog.locator('svg.chart g.run').count()).toBe(2);
      await page.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });

      await page.click('header a:text-is("Rate budget")');
      expect(await page.locator('#rate-budget tbody tr').count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('seeded store: hostile values render as text, failed record replays green, daily limit shows paused', async () => {
    const h = await startHarness();
    try {
      const url = h.dashboard.url;
      await page.goto(`${url}/errors?state=all`);
      await page.fill('input[name="token"]', 'wrong-token-123');
      await page.click('button[type="submit"]');
      await expect.poll(() => page.textContent('[role="alert"]')).toContain('Wrong token');
      await page.fill('input[name="token"]', TOKEN);
      await Promise.all([page.waitForURL(`${url}/errors?state=all`), page.click('button[type="submit"]')]);

      const row = page.locator('tr[data-key="10USA/C2000"]');
      const state = row.locator('[data-state]');
      expect(await state.getAttribute('data-state')).toBe('failed');
      expect(await row.locator('[data-error]').textContent()).toContain(`value ${XSS} is invalid`);
      expect(await page.locator(`a:text-is("10USA/${XSS}")`).count()).toBe(1); // text, not an element
      expect(await page.locator('main script').count()).toBe(0);

      await row.locator('button', { hasText: 'Replay' }).click();
      await expect.poll(() => state.getAttribute('data-state')).toBe('ok');
      expect(await backgroundColor(state)).toBe('rgb(26, 127, 55)');
      expect(h.replayCalls).toEqual([{ connection: 'acme', flow: 'accounts', sourceKey: '10USA/C2000' }]);

      await page.click('header a:text-is("Health")');
      const status = (c: string, f: string): Promise<string | null> =>
        page
          .locator(`tr[data-connection="${c}"][data-flow="${f}"] [data-status]`)
          .getAttribute('data-status');
      expect(await status('acme', 'accounts')).toBe('in-sync');
      expect(await status('beta', 'accounts')).toBe('paused');

      await page.goto(`${url}/records/${encodeURIComponent(`10USA/${XSS}`)}?connection=acme&flow=contacts`);
      expect(await page.locator('h1').textContent()).toContain(XSS);
      const recordState = page.locator('#record-state');
      expect(await recordState.getAttribute('data-state')).toBe('quarantined');
      await page.locator('[data-record] button', { hasText: 'Replay' }).click();
      await expect.poll(() => recordState.getAttribute('data-state')).toBe('ok');
      await page.screenshot({ path: 'test-artifacts/dashboard-seeded.png', fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
