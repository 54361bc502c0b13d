/**
 * On a store with group commit (`src/store/wal-sync.ts`) the alert worker sends nothing until its claim
 * of the slot is on disk: a claim lost to a power loss would let the restarted worker send it again.
 * The WAL sync is one the test holds and releases; the store, core, worker and SMTP server are real.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AlertWorker, createAlertsService, createSmtpSender } from "../../src/alerts/index.js";
import { allWritesDurable } from "../../src/shared/commit-durability.js";
import { openStore, type Store } from "../../src/store/index.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { startSmtpReceiver, type SmtpReceiver } from "./receivers.js";

let smtp: SmtpReceiver;
let dir = "";
let store: Store | undefined;
let held = false;
const heldSyncs: Array<() => void> = [];
let syncHeld: (() => void) | undefined;

before(async () => {
  smtp = await startSmtpReceiver();
  dir = mkdtempSync(join(tmpdir(), "certgate-claims-on-disk-"));
  const datasync = () => {
    if (!held) return Promise.resolve();
    return new Promise<void>((resolve) => {
      heldSyncs.push(resolve);
      syncHeld?.();
    });
  };
  store = await openStore({ sqlitePath: join(dir, "certgate.db"), groupCommit: { datasync, idleSyncMs: 3_600_000 } });
});
after(async () => {
  held = false;
  for (const release of heldSyncs.splice(0)) release();
  await store?.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a notification is sent only after its claim is synced", async () => {
  if (!store) throw new Error("no store");
  const fx = await makeCoreFixture(store);
  const alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
  const worker = new AlertWorker({ store, masterKey: fx.masterKey, clock: fx.clock, email: createSmtpSender(smtp.url, "certgate@certgate.test") });
  await fx.core.databaseUsers.create(fx.owner, fx.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "app", roles: [{ roleName: "read", databaseName: "shop" }] });
  await fx.core.certificates.issue(fx.owner, fx.projectId, "app", { monthsUntilExpiration: 1 });
  const to = `ops-${fx.projectId}@example.com`;
  await alerts.createConfig(fx.owner, fx.projectId, {
    eventTypeName: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
    enabled: true,
    threshold: { operator: "LESS_THAN", threshold: 45, units: "DAYS" },
    notifications: [{ typeName: "EMAIL", emailAddress: to, intervalMin: 60 }],
  });
  await allWritesDurable(store.commits);

  held = true;
  const waitingForSync = new Promise<void>((resolve) => (syncHeld = resolve));
  const run = worker.runOnce();
  await Promise.race([waitingForSync, run.then(() => assert.fail("the run finished without waiting for a sync"))]);
  const claims = await store.db.selectFrom("alert_deliveries").select("status").execute();
  assert.deepEqual(
    claims.map((c) => c.status),
    ["SENDING"],
    "the slot is claimed",
  );
  assert.equal(smtp.messages.filter((m) => m.to.includes(to)).length, 0, "nothing sent while the claim is not on disk");
  held = false;
  for (const release of heldSyncs.splice(0)) release();
  assert.equal((await run).delivered, 1);
  assert.equal(smtp.messages.filter((m) => m.to.includes(to)).length, 1);
});
