/**
 * Sign-in for people, in Debian's Chromium against a running certgate: wrong password, a session
 * cookie the page's scripts can't read, the person's name on every page, CSRF refusal, lock-out after
 * repeated failures, and sign-out.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, newContext, screenshot, trackBrowserErrors } from "./browser.js";
import { startUiServer, type UiServer } from "./ui-server.js";
import { fetchFromPage, signIn } from "./ui-steps.js";

describe("web UI sign-in", () => {
  let server: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let browserErrors: string[] = [];
  let owner: { email: string; password: string };

  before(async () => {
    server = await startUiServer({ throttleLimits: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 } });
    owner = await server.addPerson({ email: "Owner@Example.com", orgRoles: ["ORG_OWNER"] });
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
    browserErrors = trackBrowserErrors(page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("refuses a wrong password inline and keeps the person on the sign-in page", async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole("heading", { name: "Sign in to certgate" }).waitFor();
    await screenshot(page, "sign-in");
    await page.getByLabel("Email address").fill(owner.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The email address or password is incorrect." }).waitFor();
    assert.equal((await context.cookies()).length, 0);
  });

  it("signs in (email case-insensitive) with an HTTP-only, Secure, SameSite=Strict session cookie", async () => {
    await signIn(page, server.baseUrl, "owner@EXAMPLE.com", owner.password);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "certgate_session");
    assert.ok(session, `no session cookie among ${JSON.stringify(cookies)}`);
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, "Strict");
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie), "", "scripts must not see the session cookie");
    await page.getByText("owner@example.com").waitFor();
    await page.getByRole("link", { name: "Project0" }).waitFor();
    await screenshot(page, "projects");
  });

  it("accepts the session on the Admin API, and refuses a write without the CSRF token", async () => {
    const listed = await fetchFromPage(page, `/api/atlas/v1.0/groups/${server.projectId}/databaseUsers`, { method: "GET", csrf: "none" });
    assert.equal(listed.status, 200);
    const user = { databaseName: "$external", username: "csrf-probe", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "test" }] };
    const forged = await fetchFromPage(page, `/api/atlas/v1.0/groups/${server.projectId}/databaseUsers`, { method: "POST", body: user, csrf: "none" });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.errorCode, "INVALID_CSRF_TOKEN");
    const proper = await fetchFromPage(page, `/api/atlas/v1.0/groups/${server.projectId}/databaseUsers`, { method: "POST", body: user, csrf: "session" });
    assert.equal(proper.status, 201, JSON.stringify(proper.body));
  });

  it("a session ended in another tab sends this one back to sign-in with a notice, not a browser prompt", async () => {
    const other = await context.newPage();
    await other.goto(`${server.baseUrl}/`);
    await other.getByRole("button", { name: "Sign out" }).click();
    await other.getByRole("heading", { name: "Sign in to certgate" }).waitFor();
    await other.close();
    await page.getByRole("link", { name: "Project0" }).click();
    await page.getByText("Your session has ended. Please sign in again.").waitFor();
    await signIn(page, server.baseUrl, owner.email, owner.password);
  });

  it("signs out: the cookie is gone and the API refuses the old session", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to certgate" }).waitFor();
    const me = await fetchFromPage(page, "/api/private/auth/me", { method: "GET", csrf: "none" });
    assert.equal(me.status, 401);
    assert.equal(me.body.errorCode, "SESSION_REQUIRED");
  });

  it("locks an email out after repeated failures, even for the right password", async () => {
    for (let i = 0; i < 3; i++) {
      await page.getByLabel("Email address").fill(owner.email);
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "incorrect" }).waitFor();
    }
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Too many failed sign-in attempts" }).waitFor();
    await screenshot(page, "sign-in-locked-out");
    assert.equal(await page.getByRole("heading", { name: "Projects" }).count(), 0);
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
