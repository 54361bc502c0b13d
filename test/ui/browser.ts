/** Debian's Chromium driven by playwright-core, at a laptop-sized viewport. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** The flags the test machine needs (root, no GPU, no background traffic). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A common laptop screen; the UI must work at this size. */
export const LAPTOP_VIEWPORT = { width: 1366, height: 800 };

/** Launches Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A fresh browser profile (own cookies) with downloads allowed. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: LAPTOP_VIEWPORT, acceptDownloads: true });
}

/** Where the screenshots for the README go (checked in). */
export const SCREENSHOT_DIR = join(process.cwd(), "docs", "screenshots");

/** Saves a screenshot of the page as `docs/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
