/**
 * An alert whose notification did not arrive says so through the Admin API (`lastFailedNotification`,
 * a certgate extension) on SQLite and PostgreSQL: a real SMTP server that refuses the recipient (given up
 * on at once), and a mail server address where nothing listens (retried with backoff), each named with
 * when, channel, recipient and the reason in words. The reason never shows the mail server's address or
 * its reply (the project's readers see it); the server log gives the operators both. A retry that gets
 * through clears its own failure and sets `lastNotified`, and the alert keeps every field Atlas's shape has.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { AlertWorker, createAlertsService, createSmtpSender, type AlertsService } from "../../src/alerts/index.js";
import { buildApiServer } from "../../src/api/app.js";
import { digestJson, type ApiKeyPair } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";
import { startRefusingSmtp, startSmtpReceiver, type SmtpReceiver } from "./receivers.js";

const REFUSED_ADDRESS = "nobody@example.com";

/** A loopback port where nothing listens (taken from the kernel, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface FailedNotificationJson {
  at: string;
  typeName?: string;
  recipient?: string;
  error: string;
  attempts: number;
  nextAttemptAt?: string;
}
interface AlertJson {
  id: string;
  alertConfigId: string;
  created: string;
  eventTypeName: string;
  status: string;
  updated: string;
  lastNotified?: string;
  lastFailedNotification?: FailedNotificationJson;
}

let refusing: { url: string; close(): Promise<void> };
let accepting: SmtpReceiver;
before(async () => {
  refusing = await startRefusingSmtp();
  accepting = await startSmtpReceiver();
});
after(async () => {
  await refusing.close();
  await accepting.close();
});

forEachStoreDialect("alerts API: the last failed notification", ({ freshStore }) => {
  let fx: CoreFixture;
  let alerts: AlertsService;
  let app: FastifyInstance;
  let api: string;
  let reader: ApiKeyPair;

  before(async () => {
    const store = await freshStore();
    fx = await makeCoreFixture(store);
    alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
    app = await buildApiServer({ core: fx.core, clock: fx.clock, alerts });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    api = `http://127.0.0.1:${port}/api/atlas/v1.0/groups/${fx.projectId}`;
    const key = await fx.core.apiKeys.create(fx.owner, fx.orgId, { desc: "failed notification test", roles: ["ORG_MEMBER"] });
    await fx.core.apiKeys.assignToProject(fx.owner, fx.projectId, key.id, ["GROUP_READ_ONLY"]);
    reader = { publicKey: key.publicKey, privateKey: key.privateKey };

    // openssl stamps notBefore with the wall clock, which may be ahead of the fixture's manual clock.
    fx.clock.set(new Date(Date.now() + 1000));
    await fx.core.userSecurity.setCustomerCas(fx.owner, fx.projectId, makeCaPem("Failing Mail CA", 20));
    const [config] = (await alerts.listConfigs(fx.owner, fx.projectId)).results;
    assert.ok(config);
    await alerts.replaceConfig(fx.owner, fx.projectId, config.id, {
      eventTypeName: config.eventTypeName,
      enabled: true,
      threshold: config.threshold,
      notifications: [{ typeName: "EMAIL", emailAddress: REFUSED_ADDRESS, intervalMin: 60 }],
    });
  });
  after(async () => {
    await app.close();
  });

  const openAlert = async (): Promise<AlertJson> => {
    const { status, json } = await digestJson(`${api}/alerts?status=OPEN`, reader);
    assert.equal(status, 200);
    const [alert] = (json as { results: AlertJson[] }).results;
    assert.ok(alert, JSON.stringify(json));
    return alert;
  };
  /** The server log's lines of the worker's runs. */
  const logged: { msg: string; error?: string; detail?: string }[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
  const runWorker = (smtpUrl: string) =>
    new AlertWorker({ store: fx.store, masterKey: fx.masterKey, clock: fx.clock, logger, email: createSmtpSender(smtpUrl, "certgate <alerts@certgate.test>") }).runOnce();
  const lastLoggedFailure = () => {
    const line = logged.findLast((l) => l.msg === "alert notification failed");
    assert.ok(line, "the failure is in the server log");
    return line;
  };

  test("no failure is shown before anything failed", async () => {
    const alert = await openAlert();
    assert.equal(alert.lastFailedNotification, undefined);
    assert.equal(alert.lastNotified, undefined);
  });

  test("a recipient the mail server refuses: the alert names when, EMAIL, the address and the refusal in words; not retried", async () => {
    const triedAt = fx.clock.now();
    const report = await runWorker(refusing.url);
    assert.equal(report.failed, 1);
    const alert = await openAlert();
    assert.equal(alert.lastNotified, undefined);
    const failure = alert.lastFailedNotification;
    assert.ok(failure, JSON.stringify(alert));
    assert.equal(failure.typeName, "EMAIL");
    assert.equal(failure.recipient, REFUSED_ADDRESS);
    assert.equal(failure.attempts, 1);
    assert.equal(failure.nextAttemptAt, undefined, "a 550 is final: not retried");
    assert.equal(Date.parse(failure.at), Math.floor(triedAt.getTime() / 1000) * 1000);
    const server = new URL(refusing.url).host;
    assert.equal(failure.error, `The mail server refused the recipient ${REFUSED_ADDRESS}.`);
    assert.ok(!JSON.stringify(alert).includes(new URL(refusing.url).port), "the alert shows the mail server's port");
    assert.ok(!JSON.stringify(alert).includes("Recipient address rejected"), "the alert quotes the mail server's reply");
    // The operators read the server and its reply in the server log.
    const line = lastLoggedFailure();
    assert.equal(line.error, failure.error);
    assert.equal(line.detail, `The mail server ${server} refused the email to ${REFUSED_ADDRESS}: "550 5.1.1 <${REFUSED_ADDRESS}>: Recipient address rejected: User unknown".`);
    // The same view through the single-alert GET and the configuration's alerts.
    const one = await digestJson(`${api}/alerts/${alert.id}`, reader);
    assert.deepEqual((one.json as AlertJson).lastFailedNotification, failure);
    const ofConfig = await digestJson(`${api}/alertConfigs/${alert.alertConfigId}/alerts`, reader);
    assert.deepEqual((ofConfig.json as { results: AlertJson[] }).results[0]?.lastFailedNotification, failure);
  });

  test("a mail server where nothing listens: said in words, with the time of the retry", async () => {
    fx.clock.set(new Date(fx.clock.now().getTime() + 61 * 60_000));
    const port = await closedPort();
    await runWorker(`smtp://127.0.0.1:${port}`);
    const failure = (await openAlert()).lastFailedNotification;
    assert.ok(failure);
    assert.equal(failure.error, `The email to ${REFUSED_ADDRESS} was not sent: certgate could not connect to the mail server.`);
    assert.ok(!JSON.stringify(failure).includes(String(port)), "the alert shows the mail server's port");
    assert.match(lastLoggedFailure().detail ?? "", new RegExp(`the connection to the mail server 127\\.0\\.0\\.1:${port} failed \\(.*ECONNREFUSED`));
    assert.equal(failure.attempts, 1);
    assert.ok(failure.nextAttemptAt, "a refused connection is retried");
    assert.equal(Date.parse(failure.nextAttemptAt) - Date.parse(failure.at), 60_000, "the first retry comes a minute later");
  });

  test("a retry that gets through sets lastNotified and clears its failure; the earlier refusal stays listed", async () => {
    const refused = (await digestJson(`${api}/alerts/${(await openAlert()).id}`, reader)).json as AlertJson;
    fx.clock.set(new Date(fx.clock.now().getTime() + 2 * 60_000));
    const report = await runWorker(accepting.url);
    assert.equal(report.delivered, 1, JSON.stringify(report));
    const alert = await openAlert();
    assert.ok(alert.lastNotified);
    const failure = alert.lastFailedNotification;
    assert.ok(failure);
    assert.equal(failure.error, "The mail server refused the recipient nobody@example.com.");
    assert.ok(Date.parse(alert.lastNotified) > Date.parse(failure.at));
    assert.notEqual(failure.error, refused.lastFailedNotification?.error);
    for (const field of ["alertConfigId", "created", "eventTypeName", "id", "status", "updated"] as const) assert.ok(alert[field], `Atlas's required ${field}`);
  });
});
