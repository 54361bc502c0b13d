import type { Browser, Page } from "playwright-core";
import { launchChromium, newContext, trackBrowserErrors } from "./browser.js";
import { startUiServer, type UiServer } from "./ui-server.js";
import { signIn } from "./ui-steps.js";

/** A running certgate with an Organization Owner signed in to the web UI in a fresh Chromium. */
export interface OwnerSession {
  server: UiServer;
  browser: Browser;
  page: Page;
  /** Script errors and CSP violations the page raises from now on. */
  browserErrors: string[];
}

/** Starts certgate, adds `owner@example.com` as Organization Owner and signs them in. */
export async function openOwnerSession(options: Parameters<typeof startUiServer>[0] = {}): Promise<OwnerSession> {
  const server = await startUiServer(options);
  const owner = await server.addPerson({ email: "owner@example.com", orgRoles: ["ORG_OWNER"] });
  const browser = await launchChromium();
  const page = await (await newContext(browser)).newPage();
  const browserErrors = trackBrowserErrors(page);
  await signIn(page, server.baseUrl, owner.email, owner.password);
  return { server, browser, page, browserErrors };
}
