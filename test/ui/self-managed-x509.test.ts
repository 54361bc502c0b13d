/**
 * The seed's self-managed X.509 flow in Debian's Chromium against a running certgate: Security >
 * Advanced, toggle Self-Managed X.509 Authentication on, upload a .pem file in the CA dialog, edit with
 * the pencil icon and paste a bundle of two CAs, see a bad bundle refused naming the certificate, then
 * Database Access > Add New Database User with a Distinguished Name and specific privileges, and
 * finally turn the toggle off after confirming. Every change is checked through the Admin API too.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { digestJson } from "../api/digest-client.js";
import { makeCaPem, makeLeafPem, openssl } from "../api/openssl.js";
import { LAPTOP_VIEWPORT, screenshot } from "./browser.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage } from "./ui-steps.js";
import { openOwnerSession } from "./owner-session.js";

describe("web UI: self-managed X.509", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];
  let dir: string;
  const rootCa = makeCaPem("certgate UI Root CA", 730);
  const teamCa = makeCaPem("certgate UI Team CA", 365);
  const partnerCa = makeCaPem("certgate UI Partner CA");
  const leaf = makeLeafPem("certgate UI Not A CA");

  const userSecurity = async () => {
    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/userSecurity`, server.apiKey);
    assert.equal(status, 200);
    return json as { customerX509: { cas?: string } };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-ui-cas-"));
    writeFileSync(join(dir, "root-ca.pem"), rootCa);
    ({ server, browser, page, browserErrors } = await openOwnerSession());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("turning the toggle on opens the CA dialog; Upload reads a .pem file; Save enables self-managed X.509", async () => {
    await openProjectPage(page, server.baseUrl, "Advanced");
    const toggle = page.getByRole("switch", { name: "Self-Managed X.509 Authentication" });
    assert.equal(await toggle.getAttribute("aria-checked"), "false");
    await toggle.click();
    const dialog = page.getByRole("dialog", { name: "Self-Managed X.509 Authentication" });
    await dialog.waitFor();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), dialog.getByRole("button", { name: "Upload" }).click()]);
    await chooser.setFiles(join(dir, "root-ca.pem"));
    await dialog.getByText("Added root-ca.pem").waitFor();
    assert.equal((await dialog.getByLabel("Certificate Authority (PEM)").inputValue()).trim(), rootCa.trim());
    await screenshot(page, "advanced-ca-dialog");
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);

    // The toggle shows the saved state once the page has reloaded the project's settings.
    await page.getByRole("switch", { name: "Self-Managed X.509 Authentication", checked: true }).waitFor();
    assert.equal(await toggle.getAttribute("aria-checked"), "true");
    const table = page.getByRole("table", { name: "Certificate authorities" });
    await table.getByText("CN=certgate UI Root CA").waitFor();
    const notAfter = new Date(openssl((d) => ["x509", "-in", join(d, "ca.pem"), "-noout", "-enddate"], { "ca.pem": rootCa }).trim().replace(/^notAfter=/, ""));
    const shown = `${notAfter.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    assert.ok((await table.innerText()).includes(shown), `the CA's expiry (${shown}, as openssl reads it) is listed`);
    assert.equal((await userSecurity()).customerX509.cas?.trim(), rootCa.trim());
    await screenshot(page, "advanced-self-managed-x509");
  });

  it("the pencil icon reopens the dialog with the current CAs; a pasted bundle of two CAs replaces them", async () => {
    await page.getByRole("button", { name: "Edit Self-Managed X.509 Authentication Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Self-Managed X.509 Authentication" });
    const text = dialog.getByLabel("Certificate Authority (PEM)");
    assert.equal((await text.inputValue()).trim(), rootCa.trim());
    await text.fill(teamCa + partnerCa);
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);
    const table = page.getByRole("table", { name: "Certificate authorities" });
    await table.getByText("CN=certgate UI Partner CA").waitFor();
    await table.getByText("CN=certgate UI Team CA").waitFor();
    assert.equal(await table.getByText("CN=certgate UI Root CA").count(), 0);
    const cas = (await userSecurity()).customerX509.cas ?? "";
    assert.ok(cas.includes(teamCa.trim()) && cas.includes(partnerCa.trim()), "both pasted CAs are stored");
  });

  it("a bundle holding a non-CA certificate is refused inline, naming that certificate; nothing changes", async () => {
    await page.getByRole("button", { name: "Edit Self-Managed X.509 Authentication Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Self-Managed X.509 Authentication" });
    const text = dialog.getByLabel("Certificate Authority (PEM)");
    await text.fill(rootCa + leaf);
    await dialog.getByRole("button", { name: "Save" }).click();
    const error = dialog.getByRole("alert");
    await error.waitFor();
    const message = await error.innerText();
    assert.match(message, /CN=certgate UI Not A CA/, message);
    assert.match(message, /2/, "the certificate's position is named");
    assert.equal(await text.getAttribute("aria-invalid"), "true");
    await screenshot(page, "advanced-bad-pem");

    await text.fill("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByRole("alert").filter({ hasNotText: "Not A CA" }).waitFor();

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    const cas = (await userSecurity()).customerX509.cas ?? "";
    assert.ok(cas.includes(teamCa.trim()) && !cas.includes(leaf.trim()), "the refused bundle was not stored");
  });

  it("adds a self-managed user: the DN is checked live and stored canonically, with the chosen privileges", async () => {
    await openProjectPage(page, server.baseUrl, "Database Access");
    await page.getByRole("button", { name: "Add New Database User" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    await dialog.getByLabel("Self-managed X.509").check();
    const dn = dialog.getByLabel("Distinguished Name");
    assert.equal(await dn.getAttribute("placeholder"), "CN=Jane Doe,O=MongoDB,C=US");

    await dn.fill("CN=Jane Doe,O");
    await dialog.locator(".field-error").waitFor();
    assert.equal(await dn.getAttribute("aria-invalid"), "true");

    await dn.fill("C=US, O=MongoDB, OU=Eng, CN=client2");
    const orderWarning = dialog.locator(".field-warning");
    await orderWarning.waitFor();
    assert.match(await orderWarning.innerText(), /OpenSSL's display order.*most specific part first: CN=client2,OU=Eng,O=MongoDB,C=US\./s);
    assert.equal(await dn.getAttribute("aria-invalid"), "false", "a reversed DN is a warning, not an error");
    await screenshot(page, "add-user-dn-order");
    await page.setViewportSize({ width: 390, height: 844 });
    await orderWarning.scrollIntoViewIfNeeded();
    await screenshot(page, "add-user-dn-order-390px");
    await page.setViewportSize(LAPTOP_VIEWPORT);

    await dn.fill("CN=Jane Doe, O=MongoDB,C=US");
    await dialog.getByText("Stored as CN=Jane Doe,O=MongoDB,C=US").waitFor();
    assert.equal(await orderWarning.count(), 0, "no warning for RFC 2253 order");
    assert.equal(await dn.getAttribute("aria-invalid"), "false");

    await dialog.getByLabel("Add Default Privileges").check();
    const first = dialog.getByRole("group", { name: "Role 1" });
    await first.getByLabel("Role", { exact: true }).selectOption("readWrite");
    await first.getByLabel("Database", { exact: true }).fill("sales");
    await first.getByLabel("Collection (optional)").fill("orders");
    await dialog.getByRole("button", { name: "Add Another Role" }).click();
    const second = dialog.getByRole("group", { name: "Role 2" });
    await second.getByLabel("Role", { exact: true }).selectOption("read");
    await second.getByLabel("Database", { exact: true }).fill("marketing");
    await screenshot(page, "add-user-self-managed");
    await dialog.getByRole("button", { name: "Add User" }).click();
    await assertNoDialog(page);

    const row = page.getByRole("row", { name: /CN=Jane Doe,O=MongoDB,C=US/ });
    await row.getByText("readWrite@sales.orders").waitFor();
    await row.getByText("read@marketing").waitFor();
    assert.match(await row.innerText(), /self-managed X\.509/);
    await screenshot(page, "database-access-users");

    const { status, json } = await digestJson(
      `${server.api}/groups/${server.projectId}/databaseUsers/${encodeURIComponent("$external")}/${encodeURIComponent("CN=Jane Doe,O=MongoDB,C=US")}`,
      server.apiKey,
    );
    assert.equal(status, 200);
    const user = json as { x509Type: string; databaseName: string; roles: unknown[] };
    assert.equal(user.x509Type, "CUSTOMER");
    assert.equal(user.databaseName, "$external");
    assert.deepEqual(user.roles, [
      { roleName: "readWrite", databaseName: "sales", collectionName: "orders" },
      { roleName: "read", databaseName: "marketing" },
    ]);
  });

  it("a DN the server refuses at creation is reported in the dialog", async () => {
    await page.getByRole("button", { name: "Add New Database User" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    await dialog.getByLabel("Self-managed X.509").check();
    await dialog.getByLabel("Distinguished Name").fill("CN=Jane Doe,O=MongoDB,C=US");
    await dialog.getByText("Stored as CN=Jane Doe,O=MongoDB,C=US").waitFor();
    await dialog.getByRole("button", { name: "Add User" }).click();
    await dialog.getByRole("alert").filter({ hasText: "already exists" }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
  });

  it("turning the toggle off asks first, then disables self-managed X.509", async () => {
    await openProjectPage(page, server.baseUrl, "Advanced");
    const toggle = page.getByRole("switch", { name: "Self-Managed X.509 Authentication" });
    await toggle.click();
    const confirm = page.getByRole("dialog", { name: "Disable Self-Managed X.509 Authentication" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    assert.equal(await toggle.getAttribute("aria-checked"), "true");
    assert.ok((await userSecurity()).customerX509.cas, "cancel leaves it on");

    await toggle.click();
    await confirm.getByRole("button", { name: "Disable" }).click();
    await assertNoDialog(page);
    await page.getByText("Self-managed X.509 authentication is off.").waitFor();
    assert.equal(await toggle.getAttribute("aria-checked"), "false");
    assert.deepEqual((await userSecurity()).customerX509, {});
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
