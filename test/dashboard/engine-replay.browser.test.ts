/**
 * The main operator scenario against the REAL engine and sandboxes, in headless Chromium: a QAD
 * item with no description is quarantined by the catalog flow; the operator logs in, finds it in
 * the error queue with its reason, fixes the item in QAD (sandbox control API), replays it with
 * one click, and sees it turn green — and the product now exists in HubSpot.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../server/harness.js';
import { backgroundColor, CHROMIUM_PATH, launchChromium } from './browser.js';
import { startEngineHarness, type EngineHarness } from './engine-harness.js';

describe.skipIf(!existsSync(CHROMIUM_PATH))(
  'dashboard in Chromium over the real engine and sandboxes',
  () => {
    let h: EngineHarness;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      [h, browser] = await Promise.all([startEngineHarness(), launchChromium()]);
      page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      page.setDefaultTimeout(15_000);
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().includes('status of 401'))
          problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    });
    afterAll(async () => {
      await browser?.close();
      await h?.close();
    });

    it('quarantined item → fix in QAD → one-click replay → green, and the product reaches HubSpot', async () => {
      const items = await h.qadRecords('items');
      const broken = items.find((i) => i['isActive'] !== false);
      if (!broken) throw new Error('no active item in the QAD seed');
      const code = String(broken['itemCode']);
      await h.patchQad('items', code, { description: '' });

      const first = await h.sync(['catalog']);
      expect(first.flows[0]).toMatchObject({ flow: 'catalog', outcome: 'partial' });
      expect((await h.products()).some((p) => p.properties['hs_sku'] === code)).toBe(false);

      const url = h.dashboard.url;
      expect((await page.goto(`${url}/errors`))?.status()).toBe(401);
      await page.fill('input[name="token"]', TOKEN);
      await Promise.all([page.waitForURL(`${url}/errors`), page.click('button[type="submit"]')]);

      const row = page.locator(`tr[data-key$="${code}"]`);
      expect(await row.count()).toBe(1);
      const state = row.locator('[data-state]');
      expect(await state.getAttribute('data-state')).toMatch(/^(failed|quarantined)$/);
      expect(await row.locator('[data-error]').textContent()).toMatch(/description/i);

      await h.patchQad('items', code, { description: 'Fixed gear housing' });
      await row.locator('button', { hasText: 'Replay' }).click();
      await expect.poll(() => state.getAttribute('data-state'), { timeout: 20_000 }).toBe('ok');
      expect(await backgroundColor(state)).toBe('rgb(26, 127, 55)');
      await expect.poll(() => page.textContent('#replay-status')).toContain('1 ok, 0 failed');

      const product = (await h.products()).find((p) => p.properties['hs_sku'] === code);
      expect(product?.properties['name']).toBe('Fixed gear housing');

      await page.click('header a:text-is("Health")');
      const catalog = page.locator('tr[data-connection="acme"][data-flow="catalog"]');
      expect(await catalog.locator('[data-status]').getAttribute('data-status')).toBe('in-sync');
      expect(await catalog.locator('svg.chart g.run').count()).toBe(2);

      await mkdir('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });

      await page.click('header a:text-is("Rate budget")');
      expect(await page.locator('#rate-budget tbody tr').count()).toBe(1);
      expect(problems).toEqual([]);
    });
  },
);
