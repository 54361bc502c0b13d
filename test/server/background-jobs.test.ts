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
import type { Store } from "../../src/store/index.js";
import { eventually } from "../gateway/support/eventually.js";
import { recordAliceCertificate, remainingCertificateIds, seedProjectWithCa } from "../support/certificate-records.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const NOW = new Date("2026-06-01T00:00:00.000Z");
const DAY_MS = 24 * 3600 * 1000;

async function seed(store: Store): Promise<void> {
  await seedProjectWithCa(store);
  const expiredDaysAgo = { "old-1": 400, "old-2": 900, "recent-3": 100, "live-4": -30 };
  for (const [id, days] of Object.entries(expiredDaysAgo)) await recordAliceCertificate(store, id, new Date(NOW.getTime() - days * DAY_MS));
}

function startJobs(store: Store, certificateRetentionDays: number) {
  return startBackgroundJobs({
    store,
    masterKey: MasterKey.random(),
    clock: new ManualClock(NOW.getTime()),
    alertSettings: resolveAlertSettings({}),
    certificateRetentionDays,
    logger: pino({ level: "silent" }),
  });
}

forEachStoreDialect("background jobs", ({ freshStore }) => {
  test("purge certificate records past retention as soon as they start", async () => {
    const store = await freshStore();
    await seed(store);
    const jobs = startJobs(store, 365);
    try {
      await eventually(async () => assert.deepEqual(await remainingCertificateIds(store), ["live-4", "recent-3"]), 10_000);
    } finally {
      await jobs.stop();
    }
  });

  test("keep every record when retention is 0", async () => {
    const store = await freshStore();
    await seed(store);
    const jobs = startJobs(store, 0);
    await jobs.stop();
    assert.deepEqual(await remainingCertificateIds(store), ["live-4", "old-1", "old-2", "recent-3"]);
  });
});
