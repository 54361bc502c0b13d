/**
 * LDAP settings in Debian's Chromium against a running certgate and a real slapd: Security > Advanced,
 * Edit LDAP Settings, Verify (each check shown), Save, then the settings as the Admin API returns them
 * (no bind password); a wrong bind password verifies as FAILED at AUTHENTICATE.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { digestJson } from "../api/digest-client.js";
import { PEOPLE, startTestSlapd, type TestSlapd } from "../support/slapd.js";
import { launchChromium, newContext, screenshot, trackBrowserErrors } from "./browser.js";
import { startUiServer, type UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage, signIn } from "./ui-steps.js";

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
    const verification = dialog.getByRole("table", { name: "Verification" });
    await verification.getByText("Verification: SUCCESS").waitFor();
    for (const check of ["CONNECT", "AUTHENTICATE", "PARSE_AUTHZ_QUERY", "QUERY_SERVER"]) {
      assert.equal(await verification.getByRole("row", { name: check }).getByRole("cell").innerText(), "OK", check);
    }
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
    const verification = dialog.getByRole("table", { name: "Verification" });
    await verification.getByText("Verification: FAILED").waitFor();
    assert.equal(await verification.getByRole("row", { name: "AUTHENTICATE" }).getByRole("cell").innerText(), "FAIL");
    await dialog.getByLabel("Bind Password").fill("");
    await dialog.getByLabel("LDAP Authentication").check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);
    const authz = await server.core.dataPlane.loadLdapAuthorization(server.projectId);
    assert.equal(authz?.config.server.bindPassword, slapd.readerPassword, "the stored password was kept");
    assert.deepEqual(browserErrors, []);
  });
});
