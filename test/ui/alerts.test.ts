/**
 * Security > Alerts in Debian's Chromium against a running certgate: uploading a CA through the CA
 * dialog creates the CA-expiry alert setting (30 days, every 24 hours); a CA expiring within 30 days
 * shows an open alert; the setting can be disabled and edited, and each change is checked through the
 * Admin API.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { digestJson } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { screenshot } from "./browser.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage } from "./ui-steps.js";
import { openOwnerSession } from "./owner-session.js";

const CA_EXPIRY_LABEL = "X.509 User Authentication, Self-Managed CA Expiration";

describe("web UI: alerts", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];

  const alertConfigs = async () => {
    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/alertConfigs`, server.apiKey);
    assert.equal(status, 200);
    return (json as { results: { id: string; eventTypeName: string; enabled: boolean; threshold: { threshold: number }; notifications: { intervalMin: number }[] }[] }).results;
  };

  before(async () => {
    ({ server, browser, page, browserErrors } = await openOwnerSession());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("starts with no alert settings and no open alerts", async () => {
    await openProjectPage(page, server.baseUrl, "Alerts");
    await page.getByText("No open alerts.").waitFor();
    await page.getByText("No alert settings.").waitFor();
  });

  it("uploading a CA that expires in 20 days creates the CA-expiry setting and opens an alert", async () => {
    await openProjectPage(page, server.baseUrl, "Advanced");
    await page.getByRole("switch", { name: "Self-Managed X.509 Authentication" }).click();
    const dialog = page.getByRole("dialog", { name: "Self-Managed X.509 Authentication" });
    await dialog.getByLabel("Certificate Authority (PEM)").fill(makeCaPem("certgate UI Expiring CA", 20));
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);

    await openProjectPage(page, server.baseUrl, "Alerts");
    const settings = page.getByRole("table", { name: "Alert settings" });
    const row = settings.getByRole("row", { name: new RegExp(CA_EXPIRY_LABEL) });
    await row.getByText("when days to expiration is below 30").waitFor();
    await row.getByText("every 24 hours", { exact: false }).waitFor();
    assert.equal(await row.getByRole("switch").getAttribute("aria-checked"), "true");
    const open = page.getByRole("table", { name: "Open alerts" });
    await open.getByRole("row", { name: new RegExp(CA_EXPIRY_LABEL) }).getByText("OPEN").waitFor();
    await screenshot(page, "alerts");

    const [config] = await alertConfigs();
    assert.equal(config?.eventTypeName, "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK");
  });

  it("edits the setting's threshold and interval", async () => {
    await page.getByRole("button", { name: `Edit ${CA_EXPIRY_LABEL}` }).click();
    const dialog = page.getByRole("dialog", { name: `Edit alert: ${CA_EXPIRY_LABEL}` });
    await dialog.getByLabel("Alert when days to expiration is below").fill("45");
    await dialog.getByLabel("Repeat the notification every (hours)").fill("12");
    await dialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);
    await page.getByText("when days to expiration is below 45").waitFor();
    const [config] = await alertConfigs();
    assert.equal(config?.threshold.threshold, 45);
    assert.ok(config?.notifications.every((n) => n.intervalMin === 720), JSON.stringify(config?.notifications));
  });

  it("an interval under Atlas's 5 minutes is refused in the dialog", async () => {
    await page.getByRole("button", { name: `Edit ${CA_EXPIRY_LABEL}` }).click();
    const dialog = page.getByRole("dialog", { name: `Edit alert: ${CA_EXPIRY_LABEL}` });
    await dialog.getByLabel("Repeat the notification every (hours)").fill("0.05");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByRole("alert").filter({ hasText: "at least 5 minutes" }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
  });

  it("disables the setting with its switch; its open alert is cancelled", async () => {
    const row = page.getByRole("table", { name: "Alert settings" }).getByRole("row", { name: new RegExp(CA_EXPIRY_LABEL) });
    await row.getByRole("switch").click();
    await page.waitForFunction(
      () => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('table[aria-label="Alert settings"] [role="switch"]')?.getAttribute("aria-checked") === "false",
    );
    const [config] = await alertConfigs();
    assert.equal(config?.enabled, false);
    await page.reload();
    await page.getByText("No open alerts.").waitFor();
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
