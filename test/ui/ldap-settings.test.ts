/**
 * LDAP settings in Debian's Chromium against a running certgate and a real slapd: Security > Advanced,
 * Edit LDAP Settings, Verify (each check shown), Save, then the settings as the Admin API returns them
 * (no bind password); a wrong bind password verifies as FAILED at AUTHENTICATE. The result shows next
 * to the buttons without scrolling, styled as success or failure, with the reason of a failure.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { digestJson } from "../api/digest-client.js";
import { freePort, PEOPLE, startTestSlapd, type TestSlapd } from "../support/slapd.js";
import { launchChromium, newContext, screenshot, trackBrowserErrors } from "./browser.js";
import { startUiServer, type UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage, signIn } from "./ui-steps.js";

/** Asserts the whole element lies inside the window (nothing to scroll to see it) and is not covered. */
async function assertInView(page: Page, element: Locator): Promise<void> {
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box && viewport, "the element is shown");
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the element (y ${box.y}..${box.y + box.height}) is inside the ${viewport.height}px window`);
  assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the element (x ${box.x}..${box.x + box.width}) is inside the ${viewport.width}px window`);
  const onTop = await element.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = (el.ownerDocument as unknown as { elementFromPoint(x: number, y: number): unknown }).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return el === hit || el.contains(hit as never);
  });
  assert.ok(onTop, "nothing covers the element");
}

/** The verify result's banner: its class says success or failure. */
async function verdictClass(result: Locator): Promise<string> {
  return (await result.getAttribute("class")) ?? "";
}

describe("web UI: LDAP settings", () => {
  let server: UiServer;
  let slapd: TestSlapd;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];

  before(async () => {
    [server, slapd] = await Promise.all([startUiServer(), startTestSlapd()]);
    const owner = await server.addPerson({ email: "owner@example.com", orgRoles: ["ORG_OWNER"] });
    browser = await launchChromium();
    page = await (await newContext(browser)).newPage();
    browserErrors = trackBrowserErrors(page);
    await signIn(page, server.baseUrl, owner.email, owner.password);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await slapd?.stop();
  });

  it("Edit LDAP Settings: Verify shows each check, Save stores the settings without echoing the password", async () => {
    await openProjectPage(page, server.baseUrl, "Advanced");
    const card = page.getByRole("table", { name: "LDAP settings" });
    await card.getByText("not set").first().waitFor();
    await page.getByRole("button", { name: "Edit LDAP Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "LDAP Settings" });
    await dialog.waitFor();
    await dialog.getByLabel("Server Hostname").fill("127.0.0.1");
    await dialog.getByLabel("Server Port").fill(String(slapd.ldapsPort));
    await dialog.getByLabel("Bind Username").fill(slapd.readerDn);
    await dialog.getByLabel("Bind Password").fill(slapd.readerPassword);
    await dialog.getByLabel("CA Certificate (PEM)").fill(slapd.caPem);
    await dialog.getByLabel("User to DN Mapping: Match").fill("(.+)");
    await dialog.getByLabel("User to DN Mapping: Template").fill(`uid={0},${PEOPLE}`);
    await dialog.getByLabel("LDAP Authorization").check();
    await dialog.getByRole("button", { name: "Verify" }).click();
    const verification = dialog.getByRole("status", { name: "Verification" });
    await verification.getByText("Verification succeeded").waitFor();
    assert.match(await verdictClass(verification), /banner-success/);
    for (const check of ["CONNECT", "AUTHENTICATE", "PARSE_AUTHZ_QUERY", "QUERY_SERVER"]) {
      await verification.getByRole("listitem", { name: `${check} OK`, exact: true }).waitFor();
    }
    await assertInView(page, verification);
    await screenshot(page, "advanced-ldap-dialog");
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);
    await card.getByText(`127.0.0.1:${slapd.ldapsPort} (TLS)`).waitFor();
    assert.equal(await card.getByRole("row", { name: /^LDAP Authorization/ }).getByRole("cell").innerText(), "On");

    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/userSecurity`, server.apiKey);
    assert.equal(status, 200);
    const ldap = (json as { ldap: Record<string, unknown> }).ldap;
    assert.deepEqual(
      [ldap.hostname, ldap.port, ldap.bindUsername, ldap.authorizationEnabled, ldap.userToDNMapping, ldap.bindPassword],
      ["127.0.0.1", slapd.ldapsPort, slapd.readerDn, true, [{ match: "(.+)", substitution: `uid={0},${PEOPLE}` }], undefined],
    );
  });

  it("a wrong bind password verifies as FAILED at AUTHENTICATE; saving without a password keeps the stored one", async () => {
    await page.getByRole("button", { name: "Edit LDAP Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "LDAP Settings" });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel("Server Hostname").inputValue(), "127.0.0.1", "the dialog opens with the stored settings");
    await dialog.getByLabel("Bind Password").fill("not the password");
    await dialog.getByRole("button", { name: "Verify" }).click();
    const verification = dialog.getByRole("status", { name: "Verification" });
    await verification.getByText("Verification failed at “Bind”").waitFor();
    assert.match(await verdictClass(verification), /banner-error/);
    assert.match(await verification.innerText(), new RegExp(`bind as ${slapd.readerDn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} refused: .*LDAP result 49`));
    await verification.getByRole("listitem", { name: "CONNECT OK", exact: true }).waitFor();
    await verification.getByRole("listitem", { name: "AUTHENTICATE FAIL", exact: true }).waitFor();
    await assertInView(page, verification);
    await dialog.getByLabel("Bind Password").fill("");
    await dialog.getByLabel("LDAP Authentication").check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);
    const authz = await server.core.dataPlane.loadLdapAuthorization(server.projectId);
    assert.equal(authz?.config.server.bindPassword, slapd.readerPassword, "the stored password was kept");
    assert.deepEqual(browserErrors, []);
  });

  it("at 390 px, a server that refuses the connection: the failure and its reason show beside the buttons without scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Edit LDAP Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "LDAP Settings" });
    await dialog.waitFor();
    const closedPort = await freePort();
    await dialog.getByLabel("Server Port").fill(String(closedPort));
    await dialog.getByLabel("Bind Password").fill(slapd.readerPassword);
    await dialog.getByRole("button", { name: "Verify" }).click();
    const verification = dialog.getByRole("status", { name: "Verification" });
    await verification.getByText("Verification failed at “Connect”").waitFor();
    assert.match(await verdictClass(verification), /banner-error/);
    assert.match(await verification.innerText(), new RegExp(`cannot reach 127\\.0\\.0\\.1:${closedPort}: .*ECONNREFUSED`));
    assert.doesNotMatch(await verification.innerText(), /CONNECT FAIL/);
    await assertInView(page, verification);
    await assertInView(page, dialog.getByRole("button", { name: "Verify" }));
    await screenshot(page, "advanced-ldap-verify-failed-390px");

    await dialog.getByLabel("Bind Password").fill("");
    await dialog.getByRole("button", { name: "Verify" }).click();
    const missing = dialog.getByRole("alert").filter({ hasText: "Type the bind password to verify the settings." });
    await missing.waitFor();
    await assertInView(page, missing);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    await page.setViewportSize({ width: 1366, height: 800 });
    assert.deepEqual(browserErrors, []);
  });
});
