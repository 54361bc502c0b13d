/**
 * The alerts that are off by default: managed user certificates expiring and the managed CA itself.
 * No configuration exists until one is created; then the worker opens alerts and emails a real SMTP
 * server; revoking the certificate closes its alert.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AlertWorker, createAlertsService, createSmtpSender } from "../../src/alerts/index.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";
import { startSmtpReceiver, type SmtpReceiver } from "./receivers.js";

let smtp: SmtpReceiver;
before(async () => {
  smtp = await startSmtpReceiver();
});
after(async () => {
  await smtp.close();
});

forEachStoreDialect("alerts: managed certificates and managed CA", ({ freshStore }) => {
  test("off by default; once configured, an expiring managed certificate and the managed CA raise alerts and emails", async () => {
    const store = await freshStore();
    const fx = await makeCoreFixture(store);
    const alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
    const worker = new AlertWorker({ store, masterKey: fx.masterKey, clock: fx.clock, email: createSmtpSender(smtp.url, "certgate@certgate.test") });
    await fx.core.databaseUsers.create(fx.owner, fx.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "app", roles: [{ roleName: "read", databaseName: "shop" }] });
    const issued = await fx.core.certificates.issue(fx.owner, fx.projectId, "app", { monthsUntilExpiration: 1 });
    assert.equal((await alerts.listConfigs(fx.owner, fx.projectId)).totalCount, 0, "no configuration by default");
    assert.equal((await worker.runOnce()).opened, 0);

    const to = `ops-${fx.projectId}@example.com`;
    const email = [{ typeName: "EMAIL", emailAddress: to, intervalMin: 60 }];
    await alerts.createConfig(fx.owner, fx.projectId, {
      eventTypeName: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
      enabled: true,
      threshold: { operator: "LESS_THAN", threshold: 45, units: "DAYS" },
      notifications: email,
    });
    const run = await worker.runOnce();
    assert.deepEqual({ opened: run.opened, delivered: run.delivered }, { opened: 0, delivered: 1 }, "creating the configuration opened the alert");
    const [certAlert] = (await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).results;
    assert.equal(certAlert?.eventTypeName, "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK");
    const mails = () => smtp.messages.filter((m) => m.to.includes(to));
    assert.equal(mails().length, 1);
    assert.match(mails()[0]?.raw ?? "", new RegExp(`certificate ${issued.serial.toString()} of app`));

    await fx.core.certificates.revoke(fx.owner, fx.projectId, "app", issued.serial);
    assert.equal((await worker.runOnce()).closed, 1, "a revoked certificate needs no renewal");
    assert.equal((await alerts.getAlert(fx.owner, fx.projectId, certAlert?.id ?? "")).status, "CLOSED");

    // The managed CA lives 10 years; 20 days before its end, its own alert opens.
    await alerts.createConfig(fx.owner, fx.projectId, {
      eventTypeName: "CERTGATE_MANAGED_CA_EXPIRATION_CHECK",
      enabled: true,
      threshold: { operator: "LESS_THAN", threshold: 30, units: "DAYS" },
      notifications: email,
    });
    assert.equal((await worker.runOnce()).opened, 0, "not yet");
    const caNotAfter = (await store.db.selectFrom("managed_cas").select("not_after").where("project_id", "=", fx.projectId).executeTakeFirstOrThrow()).not_after;
    fx.clock.set(new Date(Date.parse(caNotAfter) - 20 * 86_400_000));
    const later = await worker.runOnce();
    assert.deepEqual({ opened: later.opened, delivered: later.delivered }, { opened: 1, delivered: 1 });
    const [caAlert] = (await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).results;
    assert.equal(caAlert?.eventTypeName, "CERTGATE_MANAGED_CA_EXPIRATION_CHECK");
    assert.equal(mails().length, 2);
  });
});
