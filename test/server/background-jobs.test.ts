/**
 * The server's background jobs (what `certgate start` runs, and what a worker-only instance runs):
 * the certificate retention purge runs with them, as soon as they start, and stops with them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pino } from "pino";
import { resolveAlertSettings } from "../../src/alerts/index.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { ManualClock } from "../../src/shared/clock.js";
import { startBackgroundJobs } from "../../src/server/background-jobs.js";
import { recordManagedCa } from "../../src/store/repos/managed-cas.js";
import { recordCertificate } from "../../src/store/repos/certificates.js";
import { createOrganization, createProject } from "../../src/store/repos/organizations.js";
import type { Store } from "../../src/store/index.js";
import { eventually } from "../gateway/support/eventually.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const T0 = "2020-01-01T00:00:00.000Z";
const NOW = new Date("2026-06-01T00:00:00.000Z");
const DAY_MS = 24 * 3600 * 1000;

async function seed(store: Store): Promise<void> {
  await createOrganization(store.db, { id: "o1", name: "Org", created_at: T0 });
  await createProject(store.db, { id: "p1", org_id: "o1", name: "Project 0", created_at: T0 });
  await recordManagedCa(store.db, {
    id: "ca1",
    project_id: "p1",
    generation: 1,
    key_algorithm: "EC_P256",
    certificate_pem: "PEM",
    sealed_private_key: "sealed",
    subject: "CN=ca",
    serial: "1",
    not_before: T0,
    not_after: "2036-01-01T00:00:00.000Z",
    created_at: T0,
    active: 1,
  });
  const expiredDaysAgo = { "old-1": 400, "old-2": 900, "recent-3": 100, "live-4": -30 };
  for (const [id, days] of Object.entries(expiredDaysAgo)) {
    await recordCertificate(store.db, {
      id,
      project_id: "p1",
      ca_id: "ca1",
      database_user_id: null,
      username: "alice",
      serial: id.replace(/\D/g, ""),
      subject: "CN=alice",
      not_before: T0,
      not_after: new Date(NOW.getTime() - days * DAY_MS).toISOString(),
      created_at: T0,
      revoked_at: null,
    });
  }
}

async function remainingIds(store: Store): Promise<string[]> {
  return (await store.db.selectFrom("certificates").select("id").orderBy("id").execute()).map((row) => row.id);
}

forEachStoreDialect("background jobs", ({ freshStore }) => {
  test("purge certificate records past retention as soon as they start", async () => {
    const store = await freshStore();
    await seed(store);
    const jobs = startBackgroundJobs({
      store,
      masterKey: MasterKey.random(),
      clock: new ManualClock(NOW.getTime()),
      alertSettings: resolveAlertSettings({}),
      certificateRetentionDays: 365,
      logger: pino({ level: "silent" }),
    });
    try {
      await eventually(async () => assert.deepEqual(await remainingIds(store), ["live-4", "recent-3"]), 10_000);
    } finally {
      await jobs.stop();
    }
  });

  test("keep every record when retention is 0", async () => {
    const store = await freshStore();
    await seed(store);
    const jobs = startBackgroundJobs({
      store,
      masterKey: MasterKey.random(),
      clock: new ManualClock(NOW.getTime()),
      alertSettings: resolveAlertSettings({}),
      certificateRetentionDays: 0,
      logger: pino({ level: "silent" }),
    });
    await jobs.stop();
    assert.deepEqual(await remainingIds(store), ["live-4", "old-1", "old-2", "recent-3"]);
  });
});
