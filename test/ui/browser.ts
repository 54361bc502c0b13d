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

/**
 * Where the run saves its screenshots: `.test-tmp/screenshots/` by default, or the checked-in
 * `docs/screenshots/` when `CERTGATE_UPDATE_SCREENSHOTS=1` (they hold ids and dates that change
 * every run, so an ordinary test run must not rewrite the committed copies).
 */
export const SCREENSHOT_DIR =
  process.env.CERTGATE_UPDATE_SCREENSHOTS === "1"
    ? join(process.cwd(), "docs", "screenshots")
    : join(process.cwd(), ".test-tmp", "screenshots");

/** Saves a screenshot of the page as `<SCREENSHOT_DIR>/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/**
 * Collects the page's uncaught exceptions and console errors (CSP violations are reported there),
 * leaving out the browser's own "Failed to load resource" lines for the HTTP errors the UI expects.
 */
export function trackBrowserErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(`console: ${message.text()}`);
  });
  return errors;
}
