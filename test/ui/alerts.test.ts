/**
 * Security > Alerts in Debian's Chromium against a running certgate: uploading a CA through the CA
 * dialog creates the CA-expiry alert setting (30 days, every 24 hours); a CA expiring within 30 days
 * shows an open alert; the alert can be acknowledged for a chosen time (or, as Atlas documents "forever",
 * 100 years) with a comment and unacknowledged again, by owners only; the setting can be disabled and
 * edited. Each change is checked through the Admin API.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { GroupRole } from "../../src/core/index.js";
import { digestJson } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { newContext, screenshot } from "./browser.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage, signIn } from "./ui-steps.js";
import { openOwnerSession } from "./owner-session.js";

const CA_EXPIRY_LABEL = "X.509 User Authentication, Self-Managed CA Expiration";
const HOUR_MS = 3_600_000;

/** An alert as the Admin API answers it (the fields these tests read). */
interface AlertJson {
  id: string;
  status: string;
  acknowledgedUntil?: string;
  acknowledgementComment?: string;
  acknowledgingUsername?: string;
}

/** A timestamp as the UI prints it, e.g. `2026-11-26 01:31 UTC`. */
function uiDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `date` plus whole calendar years, in UTC. */
function plusYears(date: Date, years: number): Date {
  const shifted = new Date(date);
  shifted.setUTCFullYear(shifted.getUTCFullYear() + years);
  return shifted;
}

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

  /** The project's single open alert, read through the Admin API with the owner's key. */
  const openAlert = async (): Promise<AlertJson> => {
    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/alerts?status=OPEN`, server.apiKey);
    assert.equal(status, 200);
    const { results } = json as { results: AlertJson[] };
    assert.equal(results.length, 1, JSON.stringify(results));
    return results[0] as AlertJson;
  };

  /** Changes a person's roles in the project the way an administrator's change lands: in the store, read on every request. */
  const setProjectRoles = async (email: string, roles: GroupRole[]) => {
    const person = await server.store.db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    await server.store.db
      .updateTable("people_project_roles")
      .set({ roles: JSON.stringify(roles) })
      .where("person_id", "=", person.id)
      .where("project_id", "=", server.projectId)
      .execute();
  };

  const openAlertRow = (p: Page) => p.getByRole("table", { name: "Open alerts" }).getByRole("row", { name: new RegExp(CA_EXPIRY_LABEL) });
  const acknowledgeButton = (p: Page) => openAlertRow(p).getByRole("button", { name: `Acknowledge ${CA_EXPIRY_LABEL}`, exact: true });
  const unacknowledgeButton = (p: Page) => openAlertRow(p).getByRole("button", { name: `Unacknowledge ${CA_EXPIRY_LABEL}`, exact: true });

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
    // The row names the CA and its expiry, as the Admin API's `target` (certgate extension) has them.
    const { target } = (await openAlert()) as AlertJson & { target: { label: string; expiresAt: string } };
    assert.match(target.label, /certgate UI Expiring CA/);
    const expiresIn = Date.parse(target.expiresAt) - Date.now();
    assert.ok(expiresIn > 19 * 24 * HOUR_MS && expiresIn <= 20 * 24 * HOUR_MS, target.expiresAt);
    await open.getByRole("row", { name: new RegExp(CA_EXPIRY_LABEL) }).getByText(`${target.label} — expires ${uiDate(target.expiresAt)}`).waitFor();
    await screenshot(page, "alerts");

    const [config] = await alertConfigs();
    assert.equal(config?.eventTypeName, "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK");
  });

  it("acknowledges the open alert for 4 hours with a comment; the Admin API stores the date, the comment and who", async () => {
    await acknowledgeButton(page).click();
    const dialog = page.getByRole("dialog", { name: `Acknowledge alert: ${CA_EXPIRY_LABEL}` });
    for (const choice of ["1 hour", "4 hours", "24 hours", "7 days", "Until it is resolved"]) await dialog.getByRole("radio", { name: choice, exact: true }).waitFor();
    assert.equal(await dialog.getByRole("radio", { name: "24 hours", exact: true }).isChecked(), true, "24 hours is the default");
    await dialog.getByRole("radio", { name: "4 hours", exact: true }).check();
    await dialog.getByLabel("Comment (optional)").fill("Rotating the CA on Friday");
    await dialog.getByText("25/200 characters").waitFor();
    await screenshot(page, "alerts-acknowledge");

    const clickedAt = Date.now();
    await dialog.getByRole("button", { name: "Acknowledge", exact: true }).click();
    await assertNoDialog(page);
    const answeredAt = Date.now();

    const alert = await openAlert();
    assert.ok(alert.acknowledgedUntil, JSON.stringify(alert));
    const until = Date.parse(alert.acknowledgedUntil);
    // Atlas's timestamps carry whole seconds: allow the one the server may have cut off.
    assert.ok(until >= clickedAt + 4 * HOUR_MS - 1000 && until <= answeredAt + 4 * HOUR_MS, `${alert.acknowledgedUntil} is not 4 hours after ${new Date(clickedAt).toISOString()}`);
    assert.equal(alert.acknowledgementComment, "Rotating the CA on Friday");
    assert.equal(alert.acknowledgingUsername, "owner@example.com");
    assert.equal(alert.status, "OPEN");

    const row = openAlertRow(page);
    await row.getByText(`Acknowledged until ${uiDate(alert.acknowledgedUntil)} by owner@example.com`).waitFor();
    await row.getByText("“Rotating the CA on Friday”").waitFor();
    await unacknowledgeButton(page).waitFor();
    assert.equal(await acknowledgeButton(page).count(), 0);
  });

  it("shows the acknowledgement after a reload; Unacknowledge clears it in the API", async () => {
    await page.reload();
    const row = openAlertRow(page);
    await row.getByText(/Acknowledged until .* by owner@example\.com/).waitFor();
    await unacknowledgeButton(page).click();
    await acknowledgeButton(page).waitFor();
    assert.equal(await row.getByText("Acknowledged until").count(), 0);

    const alert = await openAlert();
    assert.equal(alert.acknowledgedUntil, undefined);
    assert.equal(alert.acknowledgementComment, undefined);
    assert.equal(alert.acknowledgingUsername, undefined);
    assert.equal(alert.status, "OPEN");
  });

  it("'Until it is resolved' acknowledges for Atlas's 100 years, without a comment", async () => {
    await acknowledgeButton(page).click();
    const dialog = page.getByRole("dialog", { name: `Acknowledge alert: ${CA_EXPIRY_LABEL}` });
    await dialog.getByRole("radio", { name: "Until it is resolved" }).check();
    const clickedAt = new Date();
    await dialog.getByRole("button", { name: "Acknowledge", exact: true }).click();
    await assertNoDialog(page);
    const answeredAt = new Date();

    const alert = await openAlert();
    assert.ok(alert.acknowledgedUntil, JSON.stringify(alert));
    const until = Date.parse(alert.acknowledgedUntil);
    assert.ok(
      until >= plusYears(clickedAt, 100).getTime() - 1000 && until <= plusYears(answeredAt, 100).getTime(),
      `${alert.acknowledgedUntil} is not 100 years after ${clickedAt.toISOString()}`,
    );
    assert.equal(alert.acknowledgementComment, undefined);
    await openAlertRow(page).getByText("Acknowledged until it is resolved by owner@example.com").waitFor();
  });

  it("a Project Owner whose role drops to Read Only sees the API's refusal in the banners, then no actions", async () => {
    const person = await server.addPerson({ email: "alerts-owner@example.com", groupRoles: { [server.projectId]: ["GROUP_OWNER"] } });
    const ownerPage = await (await newContext(browser)).newPage();
    await signIn(ownerPage, server.baseUrl, person.email, person.password);
    await openProjectPage(ownerPage, server.baseUrl, "Alerts");
    await openAlertRow(ownerPage).getByText("Acknowledged until it is resolved by owner@example.com").waitFor();

    // Unacknowledging with the page still showing the owner's controls: the refusal shows above the table.
    await setProjectRoles(person.email, ["GROUP_READ_ONLY"]);
    await unacknowledgeButton(ownerPage).click();
    const pageBanner = ownerPage.getByRole("alert").filter({ hasText: "Could not unacknowledge the alert" });
    await pageBanner.waitFor();
    assert.match((await pageBanner.textContent()) ?? "", /Current user is not authorized to perform this action\./);
    assert.ok((await openAlert()).acknowledgedUntil, "the refused unacknowledge left the acknowledgement in place");

    // Owner again: the same button works and the banner goes.
    await setProjectRoles(person.email, ["GROUP_OWNER"]);
    await unacknowledgeButton(ownerPage).click();
    await acknowledgeButton(ownerPage).waitFor();
    assert.equal(await pageBanner.count(), 0);
    assert.equal((await openAlert()).acknowledgedUntil, undefined);

    // Acknowledging after the role dropped: the refusal shows in the dialog, which stays open.
    await acknowledgeButton(ownerPage).click();
    const dialog = ownerPage.getByRole("dialog", { name: `Acknowledge alert: ${CA_EXPIRY_LABEL}` });
    await setProjectRoles(person.email, ["GROUP_READ_ONLY"]);
    await dialog.getByRole("button", { name: "Acknowledge", exact: true }).click();
    const dialogBanner = dialog.getByRole("alert").filter({ hasText: "Could not acknowledge the alert" });
    await dialogBanner.waitFor();
    assert.match((await dialogBanner.textContent()) ?? "", /Current user is not authorized to perform this action\./);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(ownerPage);
    assert.equal((await openAlert()).acknowledgedUntil, undefined);

    // Read Only from the start of a page: the alert is listed, with no action on it.
    await ownerPage.reload();
    await openAlertRow(ownerPage).getByText("OPEN").waitFor();
    assert.equal(await ownerPage.getByRole("button", { name: /acknowledge/i }).count(), 0);
    assert.equal(await ownerPage.getByRole("table", { name: "Open alerts" }).getByRole("columnheader").count(), 4);
    await ownerPage.context().close();
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
