/**
 * Custom roles and role-aware screens in Debian's Chromium against a running certgate: an owner creates
 * and edits a custom role (actions on a collection and on the cluster) and gives it to a user with
 * "Select Custom Role"; a Project Read Only person then sees the same data without any edit control,
 * and the API refuses their write even when sent with a valid session and CSRF token.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { digestJson } from "../api/digest-client.js";
import { newContext, screenshot } from "./browser.js";
import type { UiServer } from "./ui-server.js";
import { assertNoDialog, fetchFromPage, openProjectPage, signIn } from "./ui-steps.js";
import { openOwnerSession } from "./owner-session.js";

describe("web UI: custom roles and a read-only operator", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];

  const customRole = async (name: string) => {
    const { status, json } = await digestJson(`${server.api}/groups/${server.projectId}/customDBRoles/roles/${name}`, server.apiKey);
    assert.equal(status, 200);
    return json as { actions: unknown[]; inheritedRoles: unknown[] };
  };

  before(async () => {
    ({ server, browser, page, browserErrors } = await openOwnerSession());
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("creates a custom role with a collection action, a cluster action and an inherited role", async () => {
    await openProjectPage(page, server.baseUrl, "Database Access");
    await page.getByRole("link", { name: "Custom Roles" }).click();
    await page.getByRole("button", { name: "Add New Custom Role" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Custom Role" });
    await dialog.getByLabel("Custom Role Name").fill("orders-reader");
    const first = dialog.getByRole("group", { name: "Action 1" });
    await first.getByLabel("Action", { exact: true }).selectOption("FIND");
    await first.getByLabel("Database", { exact: true }).fill("sales");
    await first.getByLabel("Collection (optional)").fill("orders");
    await dialog.getByRole("button", { name: "Add an action" }).click();
    const second = dialog.getByRole("group", { name: "Action 2" });
    await second.getByLabel("Action", { exact: true }).selectOption("LIST_DATABASES");
    assert.equal(await second.getByLabel("Cluster").isChecked(), true, "a cluster action proposes the cluster scope");
    await dialog.getByRole("button", { name: "Add an inherited role" }).click();
    const inherited = dialog.getByRole("group", { name: "Inherited role 1" });
    await inherited.getByLabel("Role", { exact: true }).selectOption("read");
    await inherited.getByLabel("Database", { exact: true }).fill("reports");
    await screenshot(page, "custom-role-dialog");
    await dialog.getByRole("button", { name: "Add Custom Role" }).click();
    await assertNoDialog(page);

    const row = page.getByRole("row", { name: /orders-reader/ });
    await row.getByText("sales.orders").waitFor();
    await row.getByText("read@reports").waitFor();
    assert.deepEqual(await customRole("orders-reader"), {
      roleName: "orders-reader",
      actions: [
        { action: "FIND", resources: [{ cluster: false, collection: "orders", db: "sales" }] },
        { action: "LIST_DATABASES", resources: [{ cluster: true, collection: "", db: "" }] },
      ],
      inheritedRoles: [{ db: "reports", role: "read" }],
    });
  });

  it("edits the role: its actions are replaced", async () => {
    await page.getByRole("button", { name: "Edit orders-reader" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Custom Role orders-reader" });
    assert.equal(await dialog.getByLabel("Custom Role Name").isDisabled(), true);
    await dialog.getByRole("button", { name: "Remove action 2" }).click();
    await dialog.getByRole("button", { name: "Update Custom Role" }).click();
    await assertNoDialog(page);
    await screenshot(page, "custom-roles");
    const role = await customRole("orders-reader");
    assert.deepEqual(role.actions, [{ action: "FIND", resources: [{ cluster: false, collection: "orders", db: "sales" }] }]);
  });

  it("gives the custom role to a new user with Select Custom Role", async () => {
    await page.getByRole("link", { name: "Database Users" }).click();
    await page.getByRole("button", { name: "Add New Database User" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    await dialog.getByLabel("Common Name (user name)").fill("reporting");
    await dialog.getByLabel("Download certificate when user is added").uncheck();
    await dialog.getByLabel("Select Custom Role").check();
    await dialog.getByLabel("Custom role", { exact: true }).selectOption("orders-reader");
    await dialog.getByRole("button", { name: "Add User" }).click();
    await assertNoDialog(page);
    await page.getByRole("row", { name: /reporting/ }).getByText("orders-reader@admin").waitFor();
    const { json } = await digestJson(`${server.api}/groups/${server.projectId}/databaseUsers/${encodeURIComponent("$external")}/reporting`, server.apiKey);
    assert.deepEqual((json as { roles: unknown }).roles, [{ roleName: "orders-reader", databaseName: "admin" }]);
  });

  it("shows a Project Read Only person the data without edit controls; the API refuses their writes", async () => {
    const viewer = await server.addPerson({ email: "viewer@example.com", groupRoles: { [server.projectId]: ["GROUP_READ_ONLY"] } });
    const viewerPage = await (await newContext(browser)).newPage();
    await signIn(viewerPage, server.baseUrl, viewer.email, viewer.password);
    await openProjectPage(viewerPage, server.baseUrl, "Database Access");
    await viewerPage.getByRole("row", { name: /reporting/ }).waitFor();
    assert.equal(await viewerPage.getByRole("button", { name: "Add New Database User" }).count(), 0);
    assert.equal(await viewerPage.getByRole("button", { name: /^Delete / }).count(), 0);
    await screenshot(viewerPage, "database-access-read-only");

    await viewerPage.getByRole("link", { name: "Custom Roles" }).click();
    await viewerPage.getByRole("row", { name: /orders-reader/ }).waitFor();
    assert.equal(await viewerPage.getByRole("button", { name: "Add New Custom Role" }).count(), 0);
    assert.equal(await viewerPage.getByRole("button", { name: "Edit orders-reader" }).count(), 0);

    await openProjectPage(viewerPage, server.baseUrl, "Advanced");
    await viewerPage.getByText("Only Organization Owners and Project Owners can view").waitFor();

    const refused = await fetchFromPage(viewerPage, `/api/atlas/v1.0/groups/${server.projectId}/databaseUsers`, {
      method: "POST",
      csrf: "session",
      body: { databaseName: "$external", username: "sneaky", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "test" }] },
    });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.errorCode, "USER_UNAUTHORIZED");
    await viewerPage.context().close();
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
