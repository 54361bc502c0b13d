/**
 * Clusters in Debian's Chromium against `certgate start`: a cluster's Delete asks for confirmation
 * (Cancel keeps it), then removes it; the Admin API no longer lists it and its gateway port is closed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, newContext, screenshot, trackBrowserErrors } from "./browser.js";
import { startCertgateCli, type CertgateCli } from "./certgate-cli.js";
import { assertNoDialog, fetchFromPage, openProjectPage, signIn } from "./ui-steps.js";
import { portAccepts } from "../support/port-accepts.js";

const FIRST_PORT = 29000 + (process.pid % 90) * 10;

describe("web UI: deleting a cluster", () => {
  let server: CertgateCli;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];

  before(async () => {
    server = await startCertgateCli({ gatewayPorts: `${FIRST_PORT}-${FIRST_PORT + 4}` });
    browser = await launchChromium();
    page = await (await newContext(browser)).newPage();
    browserErrors = trackBrowserErrors(page);
    await signIn(page, server.url, server.init.ownerEmail, server.init.ownerPassword);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("Delete asks first; Cancel keeps the cluster, Delete Cluster removes it and closes its gateway", async () => {
    await openProjectPage(page, server.url, "Clusters");
    await page.getByLabel("New cluster name").fill("Doomed");
    await page.getByRole("button", { name: "Create Cluster" }).click();
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Doomed" }) });
    await card.getByText(/^IDLE/).waitFor({ timeout: 15_000 });
    const standard = (await card.getByText("mongodb://").innerText()).trim();
    const port = Number(/:(\d+)/.exec(standard)?.[1]);
    assert.ok(await portAccepts(port), `the gateway listens on ${port}`);

    await card.getByRole("button", { name: "Delete Doomed" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete Doomed" });
    await dialog.getByText("Its gateway stops listening").waitFor();
    await screenshot(page, "clusters-delete");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await assertNoDialog(page);
    assert.equal(await card.count(), 1, "Cancel keeps the cluster");

    await card.getByRole("button", { name: "Delete Doomed" }).click();
    await page.getByRole("dialog", { name: "Delete Doomed" }).getByRole("button", { name: "Delete Cluster" }).click();
    await assertNoDialog(page);
    await page.getByText("No clusters yet.").waitFor();
    const projectId = /\/groups\/([0-9a-f]{24})\//.exec(page.url())?.[1];
    assert.ok(projectId, page.url());
    const list = await fetchFromPage(page, `/api/atlas/v1.0/groups/${projectId}/clusters`, { method: "GET", csrf: "none" });
    assert.deepEqual([list.status, (list.body.results as unknown[]).length], [200, 0]);
    assert.equal(await portAccepts(port), false, "the gateway port is closed");
  });

  it("at 390 px, the cluster card's buttons fit", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel("New cluster name").fill("Cluster0");
    await page.getByRole("button", { name: "Create Cluster" }).click();
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Cluster0" }) });
    await card.getByText(/^IDLE/).waitFor({ timeout: 15_000 });
    const cardBox = await card.boundingBox();
    const deleteBox = await card.getByRole("button", { name: "Delete Cluster0" }).boundingBox();
    assert.ok(cardBox && deleteBox && deleteBox.x + deleteBox.width <= cardBox.x + cardBox.width && cardBox.x + cardBox.width <= 390, JSON.stringify([cardBox, deleteBox]));
    await screenshot(page, "clusters-390px");
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
