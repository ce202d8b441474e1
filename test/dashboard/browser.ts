/** Headless Chromium (Debian package) driven by playwright-core, for the dashboard browser tests. */
import { chromium, type Browser, type Locator } from 'playwright-core';

/** Path of the system Chromium; install with `apt-get install -y chromium`. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Launches headless Chromium with the flags that keep it quiet and fast in CI. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** The page's global, declared here because the test tsconfig has no DOM lib (this runs in the browser). */
declare function getComputedStyle(el: unknown): { backgroundColor: string };

/** The computed background colour of the located element (e.g. `rgb(26, 127, 55)`). */
export function backgroundColor(locator: Locator): Promise<string> {
  return locator.evaluate((el) => getComputedStyle(el).backgroundColor);
}
