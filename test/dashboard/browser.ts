/** Headless Chromium (Debian package) driven by playwright-core, for the dashboard browser tests. */
import { chromium, type Browser } from 'playwright-core';

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

/** The computed background colour of the first element matching `selector` (e.g. `rgb(26, 127, 55)`). */
export async function backgroundColor(locator: { evaluate(fn: string): Promise<unknown> }): Promise<string> {
  // a string body: the test tsconfig has no DOM lib, and this runs in the page anyway
  return String(await locator.evaluate('(el) => getComputedStyle(el).backgroundColor'));
}
