/**
 * Keyboard use, small screens and error states in Debian's Chromium: sign in and reach the seed's
 * screens with the keyboard alone (Tab, Enter, Space, Escape), check that the pages fit a small laptop
 * screen without horizontal scrolling, and that a failed load or an unknown address is explained.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, newContext, screenshot, trackBrowserErrors } from "./browser.js";
import { startUiServer, type UiServer } from "./ui-server.js";

/** What the focused element is called: its aria-label or its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; textContent: string | null } | null } }).document.activeElement;
    return (el?.getAttribute("aria-label") ?? el?.textContent ?? "").trim();
  });
}

/** Presses Tab until the element called `name` has the focus (at most 40 times). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if ((await focusedName(page)) === name) return;
  }
  assert.fail(`Tab never reached "${name}"`);
}

/** How many pixels the page is wider than the window (0 or less: no horizontal scrolling). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

describe("web UI: keyboard, small screens and error states", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];
  let owner: { email: string; password: string };

  before(async () => {
    server = await startUiServer();
    owner = await server.addPerson({ email: "owner@example.com", orgRoles: ["ORG_OWNER"] });
    browser = await launchChromium();
    page = await (await newContext(browser)).newPage();
    browserErrors = trackBrowserErrors(page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("signs in and opens Add New Database User with the keyboard; Escape closes the dialog", async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel("Email address").waitFor();
    await page.keyboard.type(owner.email); // the email field has the focus on arrival
    await page.keyboard.press("Tab");
    await page.keyboard.type(owner.password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Projects" }).waitFor();

    await tabTo(page, "Project0");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Database Access" }).waitFor();
    await tabTo(page, "+ Add New Database User");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    await dialog.waitFor();
    assert.equal(await dialog.evaluate((d) => d.contains((d.ownerDocument as { activeElement: unknown }).activeElement as never)), true, "focus moved into the dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("turns the Self-Managed X.509 switch with Space, which opens the CA dialog", async () => {
    await tabTo(page, "Advanced");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Advanced" }).waitFor();
    await tabTo(page, "Self-Managed X.509 Authentication");
    await page.keyboard.press("Space");
    const dialog = page.getByRole("dialog", { name: "Self-Managed X.509 Authentication" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await page.getByRole("switch", { name: "Self-Managed X.509 Authentication" }).getAttribute("aria-checked"), "false", "closing the dialog saves nothing");
  });

  it("fits a small laptop screen without horizontal scrolling", async () => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 700 }]) {
      await page.setViewportSize(viewport);
      for (const nav of ["Database Access", "Advanced", "Alerts", "Clusters"]) {
        await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: nav }).click();
        await page.getByRole("heading", { level: 1, name: nav }).waitFor();
        const overflow = await horizontalOverflow(page);
        assert.ok(overflow <= 0, `${nav} at ${viewport.width}px overflows by ${overflow}px`);
      }
    }
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Database Access" }).click();
    await page.getByRole("button", { name: "Add New Database User" }).click();
    await page.getByRole("dialog", { name: "Add New Database User" }).getByLabel("Add Default Privileges").check();
    await screenshot(page, "add-user-small-screen");
    await page.getByRole("dialog", { name: "Add New Database User" }).getByRole("button", { name: "Cancel" }).click();
  });

  it("fits a 390 px phone: no horizontal scrolling, the top bar's parts do not overlap, the name shows once", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const nav of ["Database Access", "Advanced", "Alerts", "Clusters"]) {
      await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: nav }).click();
      await page.getByRole("heading", { level: 1, name: nav }).waitFor();
      const overflow = await horizontalOverflow(page);
      const widest = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { documentElement: { clientWidth: number }; querySelectorAll(s: string): Iterable<{ tagName: string; className: string; getBoundingClientRect(): { right: number } }> } }).document;
        return [...doc.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > doc.documentElement.clientWidth + 1).slice(-3).map((el) => `${el.tagName}.${el.className}`);
      });
      assert.ok(overflow <= 0, `${nav} at 390px overflows by ${overflow}px: ${widest.join(" ")}`);
    }
    const header = page.locator("header.top-bar");
    const boxes = await Promise.all(
      [header.locator(".brand img"), header.getByRole("navigation", { name: "Breadcrumb" }), header.getByRole("button", { name: "Sign out" })].map(async (l) => l.boundingBox()),
    );
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        assert.ok(a && b, "every part of the top bar is shown");
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        assert.ok(!overlap, `top bar parts ${i} and ${j} overlap: ${JSON.stringify([a, b])}`);
      }
    }
    const headerText = await header.innerText();
    assert.ok((headerText.match(/certgate/g) ?? []).length <= 1, `"certgate" shows at most once in the header: ${headerText}`);
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Database Access" }).click();
    await page.getByRole("heading", { level: 1, name: "Database Access" }).waitFor();
    await screenshot(page, "database-access-390px");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it("explains a project that can't be loaded, with a retry, and an unknown address", async () => {
    await page.goto(`${server.baseUrl}/groups/ffffffffffffffffffffffff/security/database-access/users`);
    const alert = page.getByRole("alert").filter({ hasText: "Could not load the project" });
    await alert.waitFor();
    assert.match(await alert.innerText(), /ffffffffffffffffffffffff/, "the server's reason names the project");
    await alert.getByRole("button", { name: "Retry" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not load the project" }).waitFor();

    await page.goto(`${server.baseUrl}/groups/${server.projectId}/no-such-page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.getByRole("link", { name: "Go to your organization" }).click();
    await page.getByRole("heading", { name: "Projects" }).waitFor();
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
