/**
 * Security > Database Access > Database Users in Debian's Chromium against a running certgate:
 * Edit changes a user's roles (a managed user's Common Name and a self-managed user's DN are shown
 * read-only, and the PATCH sends no name), the table searches by name on the server and pages past
 * 500 users, DNs wrap only between RDNs, and the certificates dialog keeps its dates on one line, at
 * laptop size and at 390 px.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import type { Actor } from "../../src/core/index.js";
import { digestJson } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { LAPTOP_VIEWPORT, screenshot } from "./browser.js";
import { openOwnerSession } from "./owner-session.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage } from "./ui-steps.js";

const PHONE = { width: 390, height: 844 };
const LONG_DN = "CN=Jane Doe,OU=Engineering-Platform-Infrastructure,O=MongoDB,L=New York City,C=US";
const BULK_USERS = 620;

/** A user as the Admin API answers it (the fields these tests read). */
interface UserJson {
  username: string;
  x509Type: string;
  roles: { roleName: string; databaseName: string; collectionName?: string }[];
}

/**
 * The words of the element's text (runs between spaces and commas) that the browser laid out on more
 * than one line, i.e. broke inside the word.
 */
function wordsBrokenAcrossLines(element: Locator): Promise<string[]> {
  return element.evaluate((el) => {
    type TextNode = { textContent: string | null };
    type DomRange = { setStart(n: TextNode, o: number): void; setEnd(n: TextNode, o: number): void; getClientRects(): ArrayLike<{ top: number; width: number }> };
    const doc = el.ownerDocument as unknown as { createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null }; createRange(): DomRange };
    const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    const broken: string[] = [];
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      for (const match of text.matchAll(/[^\s,]+/g)) {
        const range = doc.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

/** How many lines the element's text takes. */
function lineCount(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const range = (el.ownerDocument as unknown as { createRange(): { selectNodeContents(n: unknown): void; getClientRects(): ArrayLike<{ top: number; width: number }> } }).createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

/**
 * How many pixels the page is wider than the window (0 or less: no horizontal scrolling), and the
 * elements sticking out that no scrolling frame clips (the ones to blame).
 */
function horizontalOverflow(page: Page): Promise<{ overflow: number; widest: string[] }> {
  return page.evaluate(() => {
    type El = { tagName: string; className: string; parentElement: El | null; getBoundingClientRect(): { right: number } };
    const win = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): Iterable<El> };
      getComputedStyle(el: El): { overflowX: string; position: string };
    };
    const root = win.document.documentElement;
    // An element clips its descendants' overflow only when it also holds them (is positioned) or they are in flow.
    const clipped = (el: El) => {
      const absolute = win.getComputedStyle(el).position === "absolute";
      for (let p = el.parentElement; p !== null; p = p.parentElement) {
        const style = win.getComputedStyle(p);
        if (style.overflowX !== "visible" && (!absolute || style.position !== "static")) return true;
      }
      return false;
    };
    const widest = [...win.document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(el))
      .slice(0, 6)
      .map((el) => `${el.tagName}.${el.className}:${Math.round(el.getBoundingClientRect().right)}`);
    return { overflow: root.scrollWidth - root.clientWidth, widest };
  });
}

describe("web UI: database users — Edit, search, paging and wrapping", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];
  let actor: Actor;

  const usersTable = () => page.getByRole("table", { name: "Database users" });
  const userRow = (name: string) => usersTable().getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });

  const apiUser = async (username: string): Promise<UserJson> => {
    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/databaseUsers/%24external/${encodeURIComponent(username)}`, server.apiKey);
    assert.equal(status, 200);
    return json as UserJson;
  };

  before(async () => {
    ({ server, browser, page, browserErrors } = await openOwnerSession({ maxDatabaseUsersPerProject: 1000 }));
    const credentials = await server.core.apiKeys.authenticate(server.apiKey.publicKey);
    assert.ok(credentials);
    actor = credentials.actor;
    const cas = await digestJson(`${server.api}/groups/${server.projectId}/userSecurity`, server.apiKey, { method: "PATCH", body: { customerX509: { cas: makeCaPem("certgate UI Users CA") } } });
    assert.equal(cas.status, 202, cas.result.body);
    const create = (username: string, x509Type: "MANAGED" | "CUSTOMER", roles: UserJson["roles"]) =>
      server.core.databaseUsers.create(actor, server.projectId, { databaseName: "$external", username, x509Type, roles });
    await create("edit-me", "MANAGED", [{ roleName: "readWriteAnyDatabase", databaseName: "admin" }]);
    await create(LONG_DN, "CUSTOMER", [
      { roleName: "read", databaseName: "sales", collectionName: "orders" },
      { roleName: "readWrite", databaseName: "reports" },
    ]);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("Edit on a managed user: the Common Name is read-only; the new roles reach the Admin API and the table", async () => {
    await openProjectPage(page, server.baseUrl, "Database Access");
    await userRow("edit-me").getByRole("button", { name: "Edit edit-me" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit User" });
    const name = dialog.getByLabel("Common Name (fixed)");
    assert.equal(await name.inputValue(), "edit-me");
    assert.equal(await name.isEditable(), false, "the name can't be changed");
    assert.equal(await dialog.getByRole("radio", { name: "Read and write to any database" }).isChecked(), true, "the dialog starts from the user's roles");
    await dialog.getByRole("radio", { name: "Only read any database" }).check();
    await dialog.getByRole("button", { name: "Update User" }).click();
    await assertNoDialog(page);
    await userRow("edit-me").getByText("readAnyDatabase@admin").waitFor();
    const user = await apiUser("edit-me");
    assert.deepEqual([user.username, user.x509Type, user.roles], ["edit-me", "MANAGED", [{ roleName: "readAnyDatabase", databaseName: "admin" }]]);
  });

  it("Edit on a self-managed user: the DN is shown read-only, its per-database roles are prefilled and can change", async () => {
    await userRow(LONG_DN).getByRole("button", { name: `Edit ${LONG_DN}` }).click();
    const dialog = page.getByRole("dialog", { name: "Edit User" });
    const dn = dialog.getByLabel("Distinguished Name (fixed)");
    assert.equal(await dn.inputValue(), LONG_DN);
    assert.equal(await dn.isEditable(), false, "the DN can't be changed");
    await dialog.getByText("The DN must equal the subject of the certificates your CA issues").waitFor();
    assert.equal(await dialog.getByRole("radio", { name: "Add Default Privileges" }).isChecked(), true);
    const first = dialog.getByRole("group", { name: "Role 1" });
    const second = dialog.getByRole("group", { name: "Role 2" });
    assert.deepEqual(
      [await first.getByLabel("Role", { exact: true }).inputValue(), await first.getByLabel("Database").inputValue(), await first.getByLabel("Collection (optional)").inputValue()],
      ["read", "sales", "orders"],
    );
    assert.deepEqual([await second.getByLabel("Role", { exact: true }).inputValue(), await second.getByLabel("Database").inputValue()], ["readWrite", "reports"]);
    await second.getByLabel("Database").fill("analytics");
    await screenshot(page, "edit-user-self-managed");
    await dialog.getByRole("button", { name: "Update User" }).click();
    await assertNoDialog(page);
    await userRow(LONG_DN).getByText("readWrite@analytics").waitFor();
    const user = await apiUser(LONG_DN);
    assert.deepEqual(user.roles, [
      { roleName: "read", databaseName: "sales", collectionName: "orders" },
      { roleName: "readWrite", databaseName: "analytics" },
    ]);
  });

  it("a refused change keeps the dialog open with the server's reason", async () => {
    await userRow("edit-me").getByRole("button", { name: "Edit edit-me" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit User" });
    await dialog.getByRole("radio", { name: "Add Default Privileges" }).check();
    await dialog.getByRole("group", { name: "Role 1" }).getByLabel("Database").fill("$external");
    await dialog.getByRole("button", { name: "Update User" }).click();
    await dialog.getByRole("alert").filter({ hasText: "Invalid database name specified: $external." }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    assert.deepEqual((await apiUser("edit-me")).roles, [{ roleName: "readAnyDatabase", databaseName: "admin" }], "nothing changed");
  });

  it("pages past 500 users on the server and searches by name, ignoring case", async () => {
    for (let i = 1; i <= BULK_USERS; i++) {
      await server.core.databaseUsers.create(actor, server.projectId, {
        databaseName: "$external",
        username: `bulk-user-${String(i).padStart(4, "0")}`,
        x509Type: "MANAGED",
        roles: [{ roleName: "read", databaseName: "bulk" }],
      });
    }
    const total = BULK_USERS + 2;
    await page.reload();
    const pager = page.getByRole("navigation", { name: "Pages of users" });
    await pager.getByText(`Showing 1–100 of ${total} users`).waitFor();
    assert.equal(await usersTable().getByRole("rowheader").count(), 100);
    for (let p = 2; p <= 7; p++) {
      await pager.getByRole("button", { name: "Next" }).click();
      await pager.getByText(`Page ${p} of 7`).waitFor();
    }
    await pager.getByText(`Showing 601–${total} of ${total} users`).waitFor();
    await userRow(`bulk-user-${String(BULK_USERS).padStart(4, "0")}`).waitFor();
    assert.equal(await pager.getByRole("button", { name: "Next" }).isDisabled(), true);

    const search = page.getByLabel("Search users");
    await search.fill("BULK-USER-061");
    await pager.getByText("Showing 1–10 of 10 users").waitFor();
    assert.deepEqual(
      await usersTable().getByRole("rowheader").allInnerTexts(),
      Array.from({ length: 10 }, (_, i) => `bulk-user-061${i}`),
    );
    await search.fill("jane doe");
    await userRow(LONG_DN).waitFor();
    await pager.getByText("Showing 1–1 of 1 users").waitFor();
    await screenshot(page, "database-access-search");
    await search.fill("nobody-has-this-name");
    await page.getByText("No database user's name contains “nobody-has-this-name”.").waitFor();
    await search.fill("");
    await pager.getByText(`Showing 1–100 of ${total} users`).waitFor();
  });

  it("at 390 px: search and pager fit, and DNs wrap only between RDNs (never inside a word)", async () => {
    await page.setViewportSize(PHONE);
    await page.getByLabel("Search users").fill("jane");
    const cell = userRow(LONG_DN).getByRole("rowheader");
    await cell.waitFor();
    assert.deepEqual(await wordsBrokenAcrossLines(cell), [], "no word of the DN is split across lines");
    const { overflow, widest } = await horizontalOverflow(page);
    assert.ok(overflow <= 0, `Database Access at 390px overflows by ${overflow}px: ${widest.join(" ")}`);
    await screenshot(page, "database-access-search-390px");
    await userRow(LONG_DN).getByRole("button", { name: `Edit ${LONG_DN}` }).click();
    const dialog = page.getByRole("dialog", { name: "Edit User" });
    await dialog.getByLabel("Distinguished Name (fixed)").waitFor();
    await screenshot(page, "edit-user-390px");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    await page.setViewportSize(LAPTOP_VIEWPORT);
    assert.ok((await lineCount(cell)) > 1, "the long DN wraps in its column at laptop size");
    assert.deepEqual(await wordsBrokenAcrossLines(cell), [], "no word of the DN is split across lines");
  });

  it("the certificates dialog keeps each date on one line, at laptop size and at 390 px", async () => {
    await page.getByLabel("Search users").fill("edit-me");
    for (let i = 0; i < 2; i++) await server.core.certificates.issue(actor, server.projectId, "edit-me", { monthsUntilExpiration: 3 });
    for (const viewport of [LAPTOP_VIEWPORT, PHONE]) {
      await page.setViewportSize(viewport);
      await userRow("edit-me").getByRole("button", { name: "Certificates of edit-me" }).click();
      const dialog = page.getByRole("dialog", { name: /Certificates/ });
      const table = dialog.getByRole("table", { name: "Issued certificates" });
      await table.getByRole("row").nth(2).waitFor();
      const dateCells = table.getByRole("cell").filter({ hasText: / UTC$/ });
      assert.equal(await dateCells.count(), 4, "two certificates, created and expires each");
      for (const date of await dateCells.all()) assert.equal(await lineCount(date), 1, `${await date.innerText()} stays on one line at ${viewport.width}px`);
      if (viewport === PHONE) await screenshot(page, "certificates-390px");
      await dialog.getByRole("button", { name: "Close" }).first().click();
      await assertNoDialog(page);
    }
    await page.setViewportSize(LAPTOP_VIEWPORT);
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
