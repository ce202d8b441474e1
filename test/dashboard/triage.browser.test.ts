/**
 * An operator's walk through the triage desk in headless Chromium, over the REAL engine, ledger and
 * both sandboxes: QAD goes down (one banner, not a red row per flow); back up, a bad item and a
 * deal without a company land in the error queue grouped by cause with their remedies; excluding
 * the deal turns the orders flow ok (its next run is ok, so lag restarts from it); the item's
 * group is replayed after a confirmation that names its scope, and the result is shown; the runs
 * page lists history with a killed run shown as killed; every page is checked at 1366 px and at a
 * phone's 390 px (no horizontal scrolling), with screenshots in test-artifacts/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control } from '../helpers/sandbox-app.js';
import { dealParties, dealSpecs, seedClosedWonDeals } from '../helpers/deals.js';
import { TOKEN } from '../server/harness.js';
import { CHROMIUM_PATH, launchChromium } from './browser.js';
import { startEngineHarness } from './engine-harness.js';

/** The page's globals (the test tsconfig has no DOM lib; this runs in the browser). */
declare const document: { documentElement: { scrollWidth: number } };

describe.skipIf(!existsSync(CHROMIUM_PATH))('triage desk in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir('test-artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('outage banner, grouped queue, exclude a deal, replay a group, runs page, at 1366 and 390 px', async () => {
    const h = await startEngineHarness();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 401')) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const url = h.dashboard.url;
    const text = async (selector: string): Promise<string> => (await page.textContent(selector)) ?? '';
    const status = (flow: string): Promise<string | null> =>
      page
        .locator(`tr[data-connection="acme"][data-flow="${flow}"] [data-status]`)
        .getAttribute('data-status');
    try {
      // master data first, so deals can be made on synced companies and products
      const items = await h.qadRecords('items');
      const broken = items.find((i) => i['isActive'] !== false);
      if (!broken) throw new Error('no active item in the QAD seed');
      const itemCode = String(broken['itemCode']);
      await h.patchQad('items', itemCode, { description: '' });
      await h.sync(['accounts', 'catalog']);

      // 1. QAD goes down: every QAD call answers 503
      await control(h.qad.origin, 'POST', '/_sandbox/faults', { path: '/*', kind: 'status', status: 503 });
      const down = await h.sync(['accounts', 'catalog']);
      expect(down.flows.map((f) => f.outcome)).toEqual(['failed', 'failed']);
      expect((await page.goto(`${url}/`))?.status()).toBe(401);
      await page.fill('input[name="token"]', TOKEN);
      await Promise.all([page.waitForURL(`${url}/`), page.click('button[type="submit"]')]);
      const banner = page.locator('[data-banner="QAD"]');
      expect(await banner.count()).toBe(1);
      expect(await banner.textContent()).toMatch(/QAD unreachable for acme/);
      expect(await banner.textContent()).toMatch(/accounts, catalog/);
      // the outage is said once: the flows are "blocked", not failing in red
      expect(await status('accounts')).toBe('blocked');
      expect(await status('catalog')).toBe('blocked');
      await page.screenshot({ path: 'test-artifacts/triage-outage-1366.png', fullPage: true });
      await control(h.qad.origin, 'DELETE', '/_sandbox/faults');

      // 2. back up; a deal without a company and the item without a description need attention
      expect((await h.sync(['accounts', 'catalog'])).flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);
      const parties = await dealParties(h.hs.url, h.qad.origin);
      const [good] = dealSpecs(parties, 1);
      if (!good) throw new Error('no deal spec');
      const { companyId: _none, ...noCompany } = good;
      const [, badDeal] = await seedClosedWonDeals(h.hs.url, [good, { ...noCompany, name: 'No company' }]);
      if (!badDeal) throw new Error('bad deal not seeded');
      const firstOrders = await h.sync(['orders']);
      expect(firstOrders.flows[0]).toMatchObject({ flow: 'orders', outcome: 'partial' });

      await page.goto(`${url}/`);
      expect(await page.locator('[data-banner]').count()).toBe(0);
      expect(await status('orders')).toBe('attention');
      await page.click('header a:text-is("Error queue")');
      const groups = page.locator('#groups tbody tr');
      expect(await groups.count()).toBe(2);
      const dealGroup = page.locator('#groups tr[data-code="ORDER_NO_COMPANY"]');
      expect(await dealGroup.locator('[data-count]').textContent()).toBe('1');
      expect(await dealGroup.locator('[data-remedy]').textContent()).toMatch(
        /Associate the deal with a company/,
      );
      const itemGroup = page.locator('#groups tr[data-code="RECORD_INVALID"][data-flow="catalog"]');
      expect(await itemGroup.locator('[data-remedy]').textContent()).toMatch(/Fix the record at its source/);
      await page.screenshot({ path: 'test-artifacts/triage-queue-1366.png', fullPage: true });

      // 3. exclude the bad deal from its group's records
      await dealGroup.locator('a', { hasText: 'The record' }).click();
      expect(await text('#cause h2')).toContain('ORDER_NO_COMPANY');
      const dealRow = page.locator(`tr[data-key="${badDeal}"]`);
      await dealRow.locator('input[name="reason"]').fill('test deal, never to be ordered');
      await Promise.all([
        page.waitForURL(/replayed=/),
        dealRow.locator('button', { hasText: 'Exclude' }).click(),
      ]);
      expect(await text('#replay-status')).toContain(`${badDeal} excluded: test deal, never to be ordered`);
      expect(await page.locator(`tr[data-key="${badDeal}"]`).count()).toBe(0);
      const afterExclude = await h.sync(['orders']);
      expect(afterExclude.flows[0]).toMatchObject({ outcome: 'ok' });
      expect(afterExclude.flows[0]?.counts.failed).toBe(0);
      await page.goto(`${url}/`);
      const orders = page.locator('tr[data-connection="acme"][data-flow="orders"]');
      expect(await status('orders')).toBe('in-sync');
      expect(await orders.locator('[data-attention]').textContent()).toMatch(/^\s*0\s*$/);
      expect(await orders.locator('[data-excluded]').textContent()).toBe('1');
      // lag now counts from this ok run, not from a success that never came
      expect(await orders.locator('[data-lag]').textContent()).toMatch(/^\d+s$/);
      const history = await h.store.auditHistory(badDeal, { connection: 'acme', flow: 'orders' });
      expect(history.map((e) => e.action)).toEqual(['failed', 'excluded']);
      expect(history[1]?.detail).toMatchObject({
        actor: 'dashboard',
        reason: 'test deal, never to be ordered',
      });

      // 4. fix the item in QAD, replay its group after confirming the scope
      await h.patchQad('items', itemCode, { description: 'Fixed gear housing' });
      await page.click('header a:text-is("Error queue")');
      await itemGroup.locator('a', { hasText: 'Replay…' }).click();
      const scope = await text('#scope');
      expect(scope).toMatch(/acme/);
      expect(scope).toMatch(/catalog/);
      expect(scope).toMatch(/RECORD_INVALID/);
      expect(await page.locator('#scope [data-count]').textContent()).toBe('1');
      await Promise.all([page.waitForURL(/replayed=/), page.click('button:text("Replay 1 record")')]);
      expect(await text('#replay-status')).toMatch(
        /Replayed 1 catalog record\(s\) with RECORD_INVALID: 1 ok, 0 still failing/,
      );
      expect((await h.products()).some((p) => p.properties['name'] === 'Fixed gear housing')).toBe(true);

      // 5. the runs page, with a run whose process died (no lease) shown as killed
      await h.store.startRun({
        id: 'killed-run-1',
        connection: 'acme',
        flow: 'contacts',
        startedAtMs: Date.now() - 120_000,
        counts: { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 },
        calls: { hubspot: 0, qad: 0 },
        dryRun: false,
      });
      await page.click('header a:text-is("Runs")');
      expect(await page.locator('tr[data-run="killed-run-1"]').getAttribute('data-outcome')).toBe('killed');
      expect(await page.locator('#runs tr[data-outcome="failed"]').count()).toBe(2);
      expect(await page.locator('#runs tr[data-outcome="partial"]').count()).toBeGreaterThanOrEqual(1);
      expect(await text('#runs')).toMatch(/HTTP_SERVER_ERROR|HTTP_STATUS/);
      expect(await page.locator('[data-chart="runs"] svg text.legend').allTextContents()).toEqual([
        'records read',
        'errors',
      ]);
      await page.screenshot({ path: 'test-artifacts/triage-runs-1366.png', fullPage: true });
      await page.goto(`${url}/`);
      // the killed run does not keep its flow "running" on the health page
      expect(await page.locator('tr[data-flow="contacts"] .outcome-running').count()).toBe(0);
      await page.click('header a:text-is("Rate budget")');
      expect(await text('[data-reset]')).toMatch(/resets\s+\d{4}-/);
      expect(await page.locator('[data-chart="budget"] svg').count()).toBe(1);

      // 6. a phone's width: every page fits without horizontal scrolling
      await page.setViewportSize({ width: 390, height: 844 });
      for (const [path, name] of [
        ['/', 'health'],
        ['/errors', 'queue'],
        ['/runs', 'runs'],
        ['/rate-budget', 'budget'],
      ] as const) {
        await page.goto(url + path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, path).toBeLessThanOrEqual(390);
        await page.screenshot({ path: `test-artifacts/triage-${name}-390.png`, fullPage: true });
      }
      expect(await page.locator('[data-banner]').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await h.close();
    }
  }, 180_000);
});
