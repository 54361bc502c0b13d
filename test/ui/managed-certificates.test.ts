/**
 * certgate-managed X.509 users in Debian's Chromium against a running certgate: add a user whose first
 * certificate downloads at once (months chosen), download another from the Certificates dialog, see
 * both listed with the exact serials openssl reads from the files, and revoke one. Each downloaded file
 * is checked with openssl: subject CN=<user>, expiry, chain to the project's managed CA, matching key.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Download, Page } from "playwright-core";
import { digestJson } from "../api/digest-client.js";
import { screenshot } from "./browser.js";
import { inspectDownloadedCertificate, type DownloadedCertificate } from "./openssl-checks.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage } from "./ui-steps.js";
import { openOwnerSession } from "./owner-session.js";

const DAY_MS = 86_400_000;

describe("web UI: certgate-managed certificates", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];
  const downloaded: DownloadedCertificate[] = [];

  const inspect = async (download: Download): Promise<DownloadedCertificate> => {
    const path = await download.path();
    const pem = await readFile(path, "utf8");
    assert.match(pem, /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s+-----BEGIN PRIVATE KEY-----/);
    const trust = await server.core.dataPlane.loadProjectTrust(server.projectId);
    return inspectDownloadedCertificate(pem, trust.managedCaPems);
  };

  before(async () => {
    ({ server, browser, page, browserErrors } = await openOwnerSession());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("adds a managed user and downloads its first certificate, valid for the months chosen", async () => {
    await openProjectPage(page, server.baseUrl, "Database Access");
    await page.getByRole("button", { name: "Add New Database User" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    assert.equal(await dialog.getByLabel("certgate-managed X.509").isChecked(), true, "managed is the default");
    await dialog.getByLabel("Common Name (user name)").fill("app-service");
    assert.equal(await dialog.getByLabel("Download certificate when user is added").isChecked(), true);
    await dialog.getByLabel("Certificate expiration").selectOption("6");
    await dialog.getByLabel("Only read any database").check();
    await screenshot(page, "add-user-managed");
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Add User" }).click()]);
    assert.equal(download.suggestedFilename(), "app-service.pem");
    await assertNoDialog(page);

    const cert = await inspect(download);
    downloaded.push(cert);
    assert.equal(cert.subject, "CN=app-service");
    assert.equal(cert.verified, true, "the certificate chains to the project's managed CA");
    assert.equal(cert.keyMatches, true, "the file's private key belongs to the certificate");
    const days = (cert.notAfter.getTime() - Date.now()) / DAY_MS;
    assert.ok(days > 179 && days < 186, `expires in ${days} days, expected about 6 months`);

    const row = page.getByRole("row", { name: /app-service/ });
    await row.getByText("readAnyDatabase@admin").waitFor();
    assert.match(await row.innerText(), /certgate-managed/);
  });

  it("downloads another certificate from the Certificates dialog and lists both with their exact serials", async () => {
    await page.getByRole("button", { name: "Certificates of app-service" }).click();
    const dialog = page.getByRole("dialog", { name: "Certificates of app-service" });
    const table = dialog.getByRole("table", { name: "Issued certificates" });
    await table.getByText(downloaded[0]!.serial.toString()).waitFor();

    await dialog.getByLabel("Certificate expiration").selectOption("1");
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Download Certificate" }).click()]);
    await dialog.getByRole("status").filter({ hasText: "downloaded as app-service.pem" }).waitFor();
    const cert = await inspect(download);
    downloaded.push(cert);
    assert.equal(cert.subject, "CN=app-service");
    assert.equal(cert.verified, true);
    const days = (cert.notAfter.getTime() - Date.now()) / DAY_MS;
    assert.ok(days > 27 && days < 32, `expires in ${days} days, expected about one month`);

    // Serials exceed 2^53: the UI shows them exactly as openssl reads them from the files.
    await table.getByText(cert.serial.toString()).waitFor();
    assert.equal(await table.getByRole("row").count(), 3, "a header row and two certificates");
    await screenshot(page, "certificates");
  });

  it("issues a certificate for a pasted CSR: the download holds the certificate alone, for the request's key", async () => {
    const dialog = page.getByRole("dialog", { name: "Certificates of app-service" });
    const dir = await mkdtemp(join(tmpdir(), "certgate-ui-csr-"));
    try {
      execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "k.pem"), "-subj", "/CN=anything", "-out", join(dir, "r.csr")], { stdio: "ignore" });
      await dialog.getByLabel("Certificate signing request (optional)").fill(await readFile(join(dir, "r.csr"), "utf8"));
      await dialog.getByText("your private key never left your machine").waitFor();
      await screenshot(page, "certificates-csr");
      const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Download Certificate" }).click()]);
      const pem = await readFile(await download.path(), "utf8");
      assert.doesNotMatch(pem, /PRIVATE KEY/);
      const cert = new X509Certificate(pem);
      assert.equal(cert.subject, "CN=app-service");
      assert.ok(cert.checkPrivateKey(createPrivateKey(await readFile(join(dir, "k.pem")))), "issued for the pasted request's key");
      await dialog.getByRole("table", { name: "Issued certificates" }).getByText(BigInt(`0x${cert.serialNumber}`).toString()).waitFor();
      await dialog.getByLabel("Certificate signing request (optional)").fill("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("revokes a certificate after confirmation; the API reports it revoked", async () => {
    const dialog = page.getByRole("dialog", { name: "Certificates of app-service" });
    const serial = downloaded[0]!.serial.toString();
    await dialog.getByRole("button", { name: `Revoke certificate ${serial}` }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke certificate" });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await confirm.waitFor({ state: "detached" });
    await dialog.getByLabel("Show expired and revoked").check();
    const row = dialog.getByRole("row", { name: new RegExp(serial) });
    await row.getByText(/^Revoked/).waitFor();
    assert.equal(await dialog.getByRole("button", { name: `Revoke certificate ${serial}` }).count(), 0);

    const { status, result } = await digestJson(`${server.api}/groups/${server.projectId}/databaseUsers/app-service/certs?includeExpired=true`, server.apiKey);
    assert.equal(status, 200);
    // Read the body as text: the serial is beyond 2^53, so JSON.parse would round it.
    const revoked = new RegExp(`"_id":${serial},[^}]*"revokedAt":"`);
    assert.match(result.body, revoked);
    await dialog.getByRole("button", { name: "Close" }).first().click();
    await assertNoDialog(page);
  });

  it("deletes a user after confirmation", async () => {
    await page.getByRole("button", { name: "Delete app-service" }).click();
    await page.getByRole("dialog", { name: "Delete database user" }).getByRole("button", { name: "Delete" }).click();
    await assertNoDialog(page);
    await page.getByText("No database users yet.").waitFor();
    const { status } = await digestJson(`${server.api}/groups/${server.projectId}/databaseUsers/${encodeURIComponent("$external")}/app-service`, server.apiKey);
    assert.equal(status, 404);
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
