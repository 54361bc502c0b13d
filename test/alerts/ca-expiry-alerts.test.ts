/**
 * The "done when", on SQLite and PostgreSQL, with a real SMTP server and a real HTTPS webhook
 * receiver: a CA expiring in 20 days opens an alert and notifies both; the next notification comes 24 h
 * later on the moved clock and none in between; a restarted worker does not resend; acknowledging
 * stops them; replacing the CA closes the alert. Also: two workers racing send once; a failed webhook
 * is recorded and retried with backoff.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, test } from "node:test";
import { AlertWorker, createAlertsService, createSmtpSender, SIGNATURE_HEADER, verifySignature, type AlertsService, type AlertWorkerObserver } from "../../src/alerts/index.js";
import { listDeliveries } from "../../src/store/repos/alert-deliveries.js";
import { newId } from "../../src/core/ids.js";
import { openStore, type Store } from "../../src/store/index.js";
import { createPersonRow } from "../../src/store/repos/people.js";
import { makeCaPem } from "../api/openssl.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";
import { startHttpsReceiver, startSmtpReceiver, type HttpsReceiver, type SmtpReceiver } from "./receivers.js";

const HOUR = 3_600_000;
const OWNER_EMAIL = "owner@example.com";
const SECRET = "webhook-s3cret";

let smtp: SmtpReceiver;
let hooks: HttpsReceiver;
before(async () => {
  smtp = await startSmtpReceiver();
  hooks = await startHttpsReceiver();
});
after(async () => {
  await smtp.close();
  await hooks.close();
});

/** Uploads a fresh CA valid for `days`; openssl stamps notBefore with the wall clock, so the manual clock catches up first. */
async function uploadCa(fx: CoreFixture, name: string, days: number): Promise<void> {
  const pem = makeCaPem(name, days);
  if (fx.clock.now().getTime() < Date.now() + 1000) fx.clock.set(new Date(Date.now() + 1000));
  await fx.core.userSecurity.setCustomerCas(fx.owner, fx.projectId, pem);
}

/** A fixture whose project has an owner with an email and a CA bundle expiring in 20 days. */
async function projectWithExpiringCa(store: Store): Promise<{ fx: CoreFixture; alerts: AlertsService; hookPath: string }> {
  const fx = await makeCoreFixture(store);
  await createPersonRow(store.db, {
    id: newId(),
    org_id: fx.orgId,
    email: OWNER_EMAIL,
    password_hash: "unused",
    org_roles: JSON.stringify(["ORG_OWNER"]),
    created_at: fx.clock.now().toISOString(),
  });
  const alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
  await uploadCa(fx, "Expiring CA", 20);
  const hookPath = `/hook/${newId()}`;
  const [config] = (await alerts.listConfigs(fx.owner, fx.projectId)).results;
  assert.ok(config, "the CA upload created an alert configuration");
  await alerts.replaceConfig(fx.owner, fx.projectId, config.id, {
    eventTypeName: config.eventTypeName,
    enabled: true,
    threshold: config.threshold,
    notifications: [...config.notifications, { typeName: "WEBHOOK", webhookUrl: `${hooks.url}${hookPath}`, webhookSecret: SECRET, intervalMin: 1440 }],
  });
  return { fx, alerts, hookPath };
}

function workerFor(store: Store, fx: CoreFixture, observer?: AlertWorkerObserver): AlertWorker {
  return new AlertWorker({ store, masterKey: fx.masterKey, clock: fx.clock, email: createSmtpSender(smtp.url, "certgate <alerts@certgate.test>"), webhookCa: hooks.certPem, ...(observer ? { observer } : {}) });
}

forEachStoreDialect("alerts: CA expiry", ({ freshLocation }) => {
  test("upload creates the 30-day/24-h config; the alert notifies by SMTP and signed webhook, every 24 h until acknowledged; replacing the CA closes it", async () => {
    const location = await freshLocation();
    const store = await openStore(location);
    const { fx, alerts, hookPath } = await projectWithExpiringCa(store);
    const mails = () => smtp.messages.filter((m) => m.raw.includes(fx.projectId));
    const posts = () => hooks.requests.filter((r) => r.path === hookPath);

    const [config] = (await alerts.listConfigs(fx.owner, fx.projectId)).results;
    assert.equal(config?.eventTypeName, "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK");
    assert.deepEqual(config?.threshold, { operator: "LESS_THAN", threshold: 30, units: "DAYS" });
    assert.equal(config?.enabled, true);
    assert.deepEqual(
      config?.notifications.map((n) => ({ typeName: n.typeName, intervalMin: n.intervalMin, roles: n.roles, emailEnabled: n.emailEnabled })),
      [
        { typeName: "GROUP", intervalMin: 1440, roles: ["GROUP_OWNER"], emailEnabled: true },
        { typeName: "WEBHOOK", intervalMin: 1440, roles: undefined, emailEnabled: undefined },
      ],
    );
    assert.equal(config?.notifications[1]?.webhookSecret, "****************", "the secret is never shown");

    const worker = workerFor(store, fx);
    const first = await worker.runOnce();
    assert.deepEqual({ opened: first.opened, delivered: first.delivered, failed: first.failed }, { opened: 0, delivered: 2, failed: 0 }, "the upload's transaction already opened the alert");
    const [alert] = (await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).results;
    assert.ok(alert);
    assert.equal(mails().length, 1);
    assert.deepEqual(mails()[0]?.to, [OWNER_EMAIL]);
    assert.match(mails()[0]?.raw ?? "", /Expiring CA/);
    assert.equal(posts().length, 1);
    const post = posts()[0];
    const signature = post?.headers["x-certgate-signature"];
    // The receiver's own check, written from the documented rule rather than with certgate's helper.
    assert.equal(signature, `sha256=${createHmac("sha256", SECRET).update(post?.body ?? "").digest("hex")}`);
    assert.ok(verifySignature(SECRET, post?.body ?? "", signature as string));
    assert.equal(SIGNATURE_HEADER.toLowerCase(), "x-certgate-signature");
    const doc = JSON.parse(post?.body ?? "{}") as { id: string; eventTypeName: string; notification: { intervalNumber: number } };
    assert.equal(doc.id, alert.id);
    assert.equal(doc.eventTypeName, "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK");
    assert.equal(doc.notification.intervalNumber, 0);

    fx.clock.advance(23 * HOUR);
    assert.equal((await worker.runOnce()).delivered, 0, "nothing between two intervals");
    assert.equal(mails().length, 1);
    fx.clock.advance(HOUR);
    assert.equal((await worker.runOnce()).delivered, 2, "the next one 24 h after the first");
    assert.equal(mails().length, 2);
    assert.equal(posts().length, 2);

    // A restart mid-interval: a new worker on its own store connection sends nothing for the same slot.
    const reopened = await openStore(location);
    fx.clock.advance(2 * HOUR);
    assert.equal((await workerFor(reopened, fx).runOnce()).delivered, 0);
    assert.equal(mails().length, 2);

    const acked = await alerts.acknowledgeAlert(fx.owner, fx.projectId, alert.id, {
      acknowledgedUntil: new Date(fx.clock.now().getTime() + 72 * HOUR).toISOString(),
      acknowledgementComment: "renewing the CA",
    });
    assert.equal(acked.acknowledgementComment, "renewing the CA");
    fx.clock.advance(24 * HOUR);
    assert.equal((await workerFor(reopened, fx).runOnce()).delivered, 0, "acknowledged: no notification");
    assert.equal(mails().length, 2);
    fx.clock.advance(48 * HOUR);
    assert.equal((await workerFor(reopened, fx).runOnce()).delivered, 2, "notifications resume once the acknowledgement ends");
    await reopened.close();
    await store.close();
  });

  test("replacing the CA with an unexpired one closes the alert in the upload's transaction; removing the CAs does too", async () => {
    const store = await openStore(await freshLocation());
    const { fx, alerts } = await projectWithExpiringCa(store);
    const [open] = (await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).results;
    assert.ok(open);
    await uploadCa(fx, "Renewed CA", 400);
    const closed = await alerts.getAlert(fx.owner, fx.projectId, open.id);
    assert.equal(closed.status, "CLOSED");
    assert.ok(closed.resolved);
    assert.equal((await alerts.listConfigs(fx.owner, fx.projectId)).totalCount, 1, "the existing configuration is kept, not duplicated");
    const worker = workerFor(store, fx);
    const mailsBefore = smtp.messages.length;
    assert.equal((await worker.runOnce()).delivered, 0);
    fx.clock.advance(24 * HOUR);
    assert.equal((await worker.runOnce()).delivered, 0);
    assert.equal(smtp.messages.length, mailsBefore);

    await uploadCa(fx, "Expiring again", 10);
    const [again] = (await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).results;
    assert.ok(again);
    await fx.core.userSecurity.disableCustomerX509(fx.owner, fx.projectId);
    assert.equal((await alerts.getAlert(fx.owner, fx.projectId, again.id)).status, "CLOSED");
    await store.close();
  });

  test("two workers running at once send each notification once", async () => {
    const location = await freshLocation();
    const store = await openStore(location);
    const other = await openStore(location);
    const { fx, hookPath } = await projectWithExpiringCa(store);
    const reports = await Promise.all([workerFor(store, fx).runOnce(), workerFor(other, fx).runOnce(), workerFor(store, fx).runOnce()]);
    assert.equal(reports.reduce((n, r) => n + r.delivered, 0), 2);
    assert.equal(smtp.messages.filter((m) => m.raw.includes(fx.projectId)).length, 1);
    assert.equal(hooks.requests.filter((r) => r.path === hookPath).length, 1);
    await other.close();
    await store.close();
  });

  test("a Slack-compatible incoming webhook gets the message text and channel", async () => {
    const store = await openStore(await freshLocation());
    const { fx, alerts } = await projectWithExpiringCa(store);
    const [config] = (await alerts.listConfigs(fx.owner, fx.projectId)).results;
    assert.ok(config);
    const slackPath = `/slack/${newId()}`;
    await alerts.replaceConfig(fx.owner, fx.projectId, config.id, {
      eventTypeName: config.eventTypeName,
      enabled: true,
      threshold: config.threshold,
      notifications: [{ typeName: "SLACK", webhookUrl: `${hooks.url}${slackPath}`, channelName: "#pki", intervalMin: 60 }],
    });
    assert.equal((await workerFor(store, fx).runOnce()).delivered, 1);
    const posted = hooks.requests.filter((r) => r.path === slackPath);
    assert.equal(posted.length, 1);
    const message = JSON.parse(posted[0]?.body ?? "{}") as { text: string; channel: string };
    assert.equal(message.channel, "#pki");
    assert.match(message.text, /self-managed X\.509 CA certificate CN=Expiring CA .* expires in 19 days, on /, '20 days from the upload, a moment later: 19 whole days, as the web UI counts them');
    fx.clock.advance(59 * 60_000);
    assert.equal((await workerFor(store, fx).runOnce()).delivered, 0);
    fx.clock.advance(60_000);
    assert.equal((await workerFor(store, fx).runOnce()).delivered, 1, "intervalMin 60: the next one an hour later");
    await store.close();
  });

  test("an edited interval takes effect at once and never silences the notification for longer", async () => {
    const store = await openStore(await freshLocation());
    const { fx, alerts, hookPath } = await projectWithExpiringCa(store);
    const worker = workerFor(store, fx);
    const posts = () => hooks.requests.filter((r) => r.path === hookPath).length;
    const setWebhookInterval = async (intervalMin: number) => {
      const [config] = (await alerts.listConfigs(fx.owner, fx.projectId)).results;
      assert.ok(config);
      const notifications = config.notifications.map((n) => (n.typeName === "WEBHOOK" ? { ...n, intervalMin } : n));
      await alerts.replaceConfig(fx.owner, fx.projectId, config.id, { eventTypeName: config.eventTypeName, enabled: true, threshold: config.threshold, notifications });
    };
    assert.equal((await worker.runOnce()).delivered, 2);
    fx.clock.advance(3 * HOUR);
    await setWebhookInterval(60);
    assert.equal((await worker.runOnce()).delivered, 1, "hourly from now on: the current hour's notification goes out");
    fx.clock.advance(30 * 60_000);
    assert.equal((await worker.runOnce()).delivered, 0);
    fx.clock.advance(30 * 60_000);
    assert.equal((await worker.runOnce()).delivered, 1);
    await setWebhookInterval(1440);
    assert.equal((await worker.runOnce()).delivered, 0, "back to daily: today's was sent");
    fx.clock.advance(20 * HOUR);
    assert.equal((await worker.runOnce()).delivered, 2, "24 h after the alert opened, both notifications again");
    assert.equal(posts(), 4);
    await store.close();
  });

  test("a failed webhook is recorded and retried with backoff within its interval", async () => {
    const store = await openStore(await freshLocation());
    const { fx, alerts, hookPath } = await projectWithExpiringCa(store);
    const attempts: string[] = [];
    const worker = workerFor(store, fx, { evaluation: () => undefined, delivery: (channel, outcome) => attempts.push(`${channel} ${outcome}`) });
    hooks.queue.push(503, 500);
    const first = await worker.runOnce();
    assert.deepEqual({ delivered: first.delivered, failed: first.failed }, { delivered: 1, failed: 1 });
    const [alert] = (await alerts.listAlerts(fx.owner, fx.projectId, { status: "OPEN" })).results;
    assert.ok(alert);
    const failed = (await listDeliveries(store.db, alert.id)).find((d) => d.status === "FAILED");
    assert.match(failed?.last_error ?? "", /HTTP 503/);
    assert.equal((await worker.runOnce()).failed, 0, "not retried before its time");
    fx.clock.advance(60_000);
    assert.equal((await worker.runOnce()).failed, 1, "first retry after 1 minute, answered 500");
    fx.clock.advance(60_000);
    assert.equal((await worker.runOnce()).delivered, 0, "the second retry waits 2 minutes");
    fx.clock.advance(60_000);
    assert.equal((await worker.runOnce()).delivered, 1);
    const rows = await listDeliveries(store.db, alert.id);
    assert.deepEqual(rows.map((d) => [d.status, d.attempts]).sort(), [["DELIVERED", 1], ["DELIVERED", 3]]);
    assert.deepEqual(hooks.requests.filter((r) => r.path === hookPath).map((r) => r.answered), [503, 500, 200]);
    assert.deepEqual(attempts.slice(0, 2).sort().concat(attempts.slice(2)), ["GROUP delivered", "WEBHOOK retry", "WEBHOOK retry", "WEBHOOK delivered"], "the metrics' observer hears each attempt's outcome");
    await store.close();
  });
});
