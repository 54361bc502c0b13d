/**
 * Every store-backed list honours Atlas's `includeCount=false`: no `totalCount`, and `hasNext` (from one
 * row read past the page) says whether another page follows. Counted lists still count.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAlertsService } from "../../src/alerts/index.js";
import type { Page } from "../../src/core/index.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

/** Pages of two of a list of three, uncounted, then the first page counted. */
async function assertPaging(name: string, list: (page: { pageNum?: number; itemsPerPage: number; includeCount?: boolean }) => Promise<Page<unknown>>, total: number): Promise<void> {
  const first = await list({ itemsPerPage: total - 1, includeCount: false });
  assert.equal(first.results.length, total - 1, name);
  assert.equal(first.totalCount, undefined, `${name}: not counted`);
  assert.equal(first.hasNext, true, `${name}: a next page`);
  const last = await list({ itemsPerPage: total - 1, pageNum: 2, includeCount: false });
  assert.equal(last.results.length, 1, name);
  assert.equal(last.hasNext, false, `${name}: the last page`);
  const counted = await list({ itemsPerPage: total - 1 });
  assert.equal(counted.totalCount, total, `${name}: counted by default`);
  assert.equal(counted.hasNext, undefined, `${name}: a counted page needs no hasNext`);
}

forEachStoreDialect("lists with includeCount=false", ({ freshStore }) => {
  test("events, API keys, alert configurations and alerts", async () => {
    const store = await freshStore();
    const fx = await makeCoreFixture(store);
    const alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
    for (const username of ["a", "b", "c"]) {
      await fx.core.databaseUsers.create(fx.owner, fx.projectId, { databaseName: "$external", x509Type: "MANAGED", username, roles: [{ roleName: "read", databaseName: "shop" }] });
      await fx.core.certificates.issue(fx.owner, fx.projectId, username, { monthsUntilExpiration: 1 });
    }
    for (const desc of ["one", "two"]) await fx.core.apiKeys.create(fx.owner, fx.orgId, { desc, roles: ["ORG_MEMBER"] });
    for (const threshold of [45, 50, 55]) {
      await alerts.createConfig(fx.owner, fx.projectId, {
        eventTypeName: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
        enabled: threshold === 45,
        threshold: { operator: "LESS_THAN", threshold, units: "DAYS" },
        notifications: [{ typeName: "EMAIL", emailAddress: "ops@example.com", intervalMin: 60 }],
      });
    }
    const events = (await fx.core.events.list(fx.owner, fx.projectId, { itemsPerPage: 500 })).totalCount ?? 0;
    assert.ok(events >= 6);
    await assertPaging("events", (page) => fx.core.events.list(fx.owner, fx.projectId, page), events);
    await assertPaging("API keys", (page) => fx.core.apiKeys.list(fx.owner, fx.orgId, page), 3);
    await assertPaging("alert configurations", (page) => alerts.listConfigs(fx.owner, fx.projectId, page), 3);
    await assertPaging("alerts", (page) => alerts.listAlerts(fx.owner, fx.projectId, page), 3);
    await assertPaging("open alerts", (page) => alerts.listAlerts(fx.owner, fx.projectId, { ...page, status: "OPEN" }), 3);
    const tracking = await alerts.listAlerts(fx.owner, fx.projectId, { status: "TRACKING", includeCount: false });
    assert.deepEqual(tracking, { results: [], hasNext: false });
  });
});
