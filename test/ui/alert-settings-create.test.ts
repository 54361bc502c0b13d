/**
 * Security > Alerts in Debian's Chromium: Create Alert Setting (event type, days before expiry, one or
 * more notifications with their recipients and interval), checked through the Admin API; two settings of
 * one event type are told apart in both tables (setting id, threshold, recipients, which CA is open);
 * the dialog refuses what the API would; an email the mail server refused shows as "Not delivered" with
 * its reason instead of "—"; a Read Only member gets no Create button. Screenshots at desktop and 390 px.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { AlertWorker, createSmtpSender } from "../../src/alerts/index.js";
import { startRefusingSmtp } from "../alerts/receivers.js";
import { systemClock } from "../../src/shared/clock.js";
import { digestJson } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { LAPTOP_VIEWPORT, newContext, screenshot } from "./browser.js";
import { openOwnerSession } from "./owner-session.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, openProjectPage, signIn } from "./ui-steps.js";

const CA_EXPIRY = "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK";
const CA_EXPIRY_LABEL = "X.509 User Authentication, Self-Managed CA Expiration";
const CLIENT_CERTS_LABEL = "X.509 User Authentication, Client Certificates Expiration";
const REFUSED = "nobody@example.com";
const PHONE = { width: 390, height: 844 };

interface ConfigJson {
  id: string;
  eventTypeName: string;
  enabled: boolean;
  threshold: { operator: string; threshold: number; units: string };
  notifications: Record<string, unknown>[];
}

/** How many pixels the page is wider than the window (0 or less: no horizontal scrolling). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

describe("web UI: creating alert settings and telling them apart", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];
  let smtp: { url: string; close(): Promise<void> };

  const configs = async (): Promise<ConfigJson[]> => {
    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/alertConfigs`, server.apiKey);
    assert.equal(status, 200);
    return (json as { results: ConfigJson[] }).results;
  };
  const settingsRows = (p: Page): Locator => p.getByRole("table", { name: "Alert settings" }).locator("tbody tr");
  const openRows = (p: Page): Locator => p.getByRole("table", { name: "Open alerts" }).locator("tbody tr");
  const tail = (id: string) => `…${id.slice(-6)}`;

  before(async () => {
    ({ server, browser, page, browserErrors } = await openOwnerSession());
    smtp = await startRefusingSmtp();
    const upload = await digestJson(`${server.api}/groups/${server.projectId}/userSecurity`, server.apiKey, {
      method: "PATCH",
      body: { customerX509: { cas: makeCaPem("certgate UI Mail CA", 20) } },
    });
    assert.equal(upload.status, 202, JSON.stringify(upload.json));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it("Create Alert Setting: a second CA-expiry setting, 25 days ahead, emailing one address every 2 hours", async () => {
    await openProjectPage(page, server.baseUrl, "Alerts");
    await settingsRows(page).first().waitFor();
    await page.getByRole("button", { name: "Create Alert Setting" }).click();
    const dialog = page.getByRole("dialog", { name: "Create Alert Setting" });
    assert.equal(await dialog.getByLabel("Alert if").inputValue(), CA_EXPIRY);
    assert.equal(await dialog.getByLabel("Alert when days to expiration is below").inputValue(), "30");
    await dialog.getByLabel("Alert when days to expiration is below").fill("25");
    const first = dialog.getByRole("group", { name: "Notification 1" });
    assert.equal(await first.getByRole("checkbox", { name: "GROUP_OWNER" }).isChecked(), true, "the owners are the default recipients");
    await first.getByLabel("Send to").selectOption("EMAIL");
    await first.getByLabel("Email address").fill(REFUSED);
    await first.getByLabel("Repeat every (hours)").fill("2");
    await screenshot(page, "alerts-create-setting");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await assertNoDialog(page);

    const created = (await configs()).find((c) => c.threshold.threshold === 25);
    assert.ok(created, "the new setting is in the Admin API");
    assert.equal(created.eventTypeName, CA_EXPIRY);
    assert.equal(created.enabled, true);
    assert.deepEqual(created.threshold, { operator: "LESS_THAN", threshold: 25, units: "DAYS" });
    assert.equal(created.notifications.length, 1);
    assert.deepEqual({ ...created.notifications[0], notifierId: "x" }, { typeName: "EMAIL", emailAddress: REFUSED, intervalMin: 120, delayMin: 0, notifierId: "x" });
  });

  it("a setting with two notifications: project roles by email and a signed webhook", async () => {
    await page.getByRole("button", { name: "Create Alert Setting" }).click();
    const dialog = page.getByRole("dialog", { name: "Create Alert Setting" });
    await dialog.getByLabel("Alert if").selectOption({ label: CLIENT_CERTS_LABEL });
    await dialog.getByLabel("Alert when days to expiration is below").fill("14");
    const first = dialog.getByRole("group", { name: "Notification 1" });
    await first.getByRole("checkbox", { name: "GROUP_READ_ONLY" }).check();
    await dialog.getByRole("button", { name: "Add a notification" }).click();
    const second = dialog.getByRole("group", { name: "Notification 2" });
    await second.getByLabel("Send to").selectOption("WEBHOOK");
    await second.getByLabel("Webhook URL").fill("https://hooks.example.com/certgate/alerts");
    await second.getByLabel("Webhook secret (optional)").fill("s3cret");
    await second.getByLabel("Repeat every (hours)").fill("1");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await assertNoDialog(page);

    const created = (await configs()).find((c) => c.threshold.threshold === 14);
    assert.ok(created);
    assert.equal(created.eventTypeName, "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK");
    const [group, hook] = created.notifications;
    assert.deepEqual(group?.roles, ["GROUP_OWNER", "GROUP_READ_ONLY"]);
    assert.equal(group?.intervalMin, 1440);
    assert.equal(hook?.typeName, "WEBHOOK");
    assert.equal(hook?.intervalMin, 60);
    assert.equal(hook?.webhookUrl, "https://hooks.example.com/****");
    assert.equal(hook?.webhookSecret, "****************", "the secret was sent and is stored write-only");
    const row = settingsRows(page).filter({ hasText: tail(created.id) });
    await row.getByText("Project roles GROUP_OWNER, GROUP_READ_ONLY, every 24 hours").waitFor();
    await row.getByText("Webhook https://hooks.example.com/****, every 1 hour").waitFor();
  });

  it("the dialog refuses a bad threshold itself and shows the API's refusal of a bad address", async () => {
    const before = (await configs()).length;
    await page.getByRole("button", { name: "Create Alert Setting" }).click();
    const dialog = page.getByRole("dialog", { name: "Create Alert Setting" });
    await dialog.getByLabel("Alert when days to expiration is below").fill("0");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await dialog.getByRole("alert").filter({ hasText: "Days before expiration must be a whole number from 1 to 3650." }).waitFor();

    await dialog.getByLabel("Alert when days to expiration is below").fill("10");
    const first = dialog.getByRole("group", { name: "Notification 1" });
    await first.getByLabel("Send to").selectOption("EMAIL");
    await first.getByLabel("Email address").fill("not-an-address");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await dialog.getByRole("alert").filter({ hasText: "Invalid attribute notifications[0].emailAddress specified: must be an email address." }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    assert.equal((await configs()).length, before, "nothing was created");
  });

  it("two CA-expiry settings are two distinguishable rows in both tables", async () => {
    await page.reload();
    const caConfigs = (await configs()).filter((c) => c.eventTypeName === CA_EXPIRY);
    assert.equal(caConfigs.length, 2);
    const rows = settingsRows(page).filter({ hasText: CA_EXPIRY_LABEL });
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const texts = await rows.allInnerTexts();
    assert.notEqual(texts[0], texts[1]);
    for (const config of caConfigs) {
      const row = settingsRows(page).filter({ hasText: tail(config.id) });
      assert.equal(await row.count(), 1, `one settings row names ${tail(config.id)}`);
      await row.getByText(`when days to expiration is below ${config.threshold.threshold} days`).waitFor();
      await row.getByText(/^Open: .*certgate UI Mail CA.* — expires \d{4}-\d\d-\d\d \d\d:\d\d UTC$/).waitFor();
      await row.getByRole("button", { name: `Edit ${CA_EXPIRY_LABEL} ${tail(config.id)}` }).waitFor();
      await row.getByRole("switch", { name: `Enable ${CA_EXPIRY_LABEL} ${tail(config.id)}` }).waitFor();
      const alertRow = openRows(page).filter({ hasText: `Setting ${tail(config.id)}, below ${config.threshold.threshold} days` });
      assert.equal(await alertRow.count(), 1, `one open alert names setting ${tail(config.id)}`);
    }
    await settingsRows(page).filter({ hasText: "Email nobody@example.com, every 2 hours" }).waitFor();
    await settingsRows(page).filter({ hasText: "Project roles GROUP_OWNER, every 24 hours" }).waitFor();
  });

  it("an email the mail server refused shows as Not delivered with the reason, not as “—”", async () => {
    const caConfigs = (await configs()).filter((c) => c.eventTypeName === CA_EXPIRY);
    const emailed = caConfigs.find((c) => c.threshold.threshold === 25);
    assert.ok(emailed);
    const report = await new AlertWorker({ store: server.store, masterKey: server.masterKey, clock: systemClock, email: createSmtpSender(smtp.url, "certgate <alerts@certgate.test>") }).runOnce();
    assert.equal(report.failed, 2, JSON.stringify(report));
    await page.reload();
    const host = new URL(smtp.url).host;
    const row = openRows(page).filter({ hasText: `Setting ${tail(emailed.id)}` });
    const cell = row.locator("td").nth(3);
    await cell.getByText("Not delivered").waitFor();
    const text = await cell.innerText();
    assert.doesNotMatch(text, /—/);
    assert.match(text, /Email to nobody@example\.com: The mail server refused the recipient nobody@example\.com\./);
    // The mail server's address and reply are the operators' (server log), not every project reader's.
    assert.ok(!text.includes(host) && !text.includes("Recipient address rejected"), text);
    assert.match(text, /Not retried; the next notification is due after the interval\./);
    const owners = openRows(page).filter({ hasNotText: tail(emailed.id) });
    await owners.getByText(/^Email to project roles GROUP_OWNER: The mail server refused the recipient owner@example\.com\./).waitFor();
    await page.getByRole("heading", { name: "Alert Settings" }).scrollIntoViewIfNeeded();
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await screenshot(page, "alerts-settings");
  });

  it("at 390 px the page does not scroll sideways and the failure stays readable", async () => {
    await page.setViewportSize(PHONE);
    const failure = openRows(page).first().getByText("Not delivered");
    await failure.waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, "no horizontal scrolling at 390 px");
    // The rows stack their cells: the failure is in view without scrolling the table sideways.
    const box = await openRows(page).first().locator(".delivery-failure").boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, JSON.stringify(box));
    assert.equal(await openRows(page).count(), 2, "still a table of two open alerts to assistive technology");
    await screenshot(page, "alerts-settings-390px");
    await page.getByRole("button", { name: "Create Alert Setting" }).click();
    const dialog = page.getByRole("dialog", { name: "Create Alert Setting" });
    await dialog.getByRole("button", { name: "Add a notification" }).click();
    await dialog.getByRole("group", { name: "Notification 2" }).waitFor();
    await screenshot(page, "alerts-create-setting-390px");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    await page.setViewportSize(LAPTOP_VIEWPORT);
  });

  it("a Read Only member sees the settings but no Create Alert Setting", async () => {
    const reader = await server.addPerson({ email: "reader@example.com", groupRoles: { [server.projectId]: ["GROUP_READ_ONLY"] } });
    const readerPage = await (await newContext(browser)).newPage();
    await signIn(readerPage, server.baseUrl, reader.email, reader.password);
    await openProjectPage(readerPage, server.baseUrl, "Alerts");
    await settingsRows(readerPage).first().waitFor();
    assert.equal(await readerPage.getByRole("button", { name: "Create Alert Setting" }).count(), 0);
    await readerPage.context().close();
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
