/**
 * `certgate alerts` with nothing to list says so, and `alerts describe` tells a notification that did
 * not arrive (here: no mail server configured) with its reason; the server's alert worker runs every
 * second so the failure comes without waiting for the default minute.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventually } from "../gateway/support/eventually.js";
import { makeCaPem } from "../api/openssl.js";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

const CA_EXPIRY = "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK";

let server: CertgateServer;
before(async () => {
  server = await startCertgate({ env: { CERTGATE_ALERT_INTERVAL_SECONDS: "1" } });
});
after(() => server?.stop());

const cli = (args: string[]) => runCli(args, { env: server.env });

test("alerts list and alerts settings list say when there is nothing to show", async () => {
  const all = await cli(["alerts", "list"]);
  assert.equal(all.status, 0, all.stderr);
  assert.equal(all.stdout, "No alerts in this project.\n");
  const closed = await cli(["alerts", "list", "--status", "CLOSED"]);
  assert.equal(closed.stdout, "No CLOSED alerts in this project.\n");
  const settings = await cli(["alerts", "settings", "list"]);
  assert.equal(settings.status, 0, settings.stderr);
  assert.equal(settings.stdout, "No alert settings in this project. Uploading a CA creates the CA-expiry one; `alerts settings create` adds others.\n");
  const json = await cli(["alerts", "list", "-o", "json"]);
  assert.deepEqual((JSON.parse(json.stdout) as { results: unknown[] }).results, [], "JSON output stays Atlas's page");
});

test("alerts describe shows an email that was not sent, and why", async () => {
  const casFile = join(server.dir, "expiring.pem");
  writeFileSync(casFile, makeCaPem("CLI Mail CA", 10));
  assert.equal((await cli(["security", "customerCerts", "create", "--casFile", casFile])).status, 0);
  const created = await cli([
    "alerts", "settings", "create", "--event", CA_EXPIRY, "--thresholdDays", "20", "--enabled",
    "--notificationType", "EMAIL", "--notificationEmailAddress", "ops@example.com", "--notificationIntervalMin", "60", "-o", "json",
  ]);
  assert.equal(created.status, 0, created.stderr);
  const configId = (JSON.parse(created.stdout) as { id: string }).id;

  const { value: described } = await eventually(async () => {
    const listed = await cli(["alerts", "list", "--status", "OPEN", "-o", "json"]);
    const alert = (JSON.parse(listed.stdout) as { results: { id: string; alertConfigId: string; lastFailedNotification?: unknown }[] }).results.find((a) => a.alertConfigId === configId);
    assert.ok(alert?.lastFailedNotification, listed.stdout);
    return cli(["alerts", "describe", alert.id]);
  }, 30_000);
  assert.equal(described.status, 0, described.stderr);
  assert.match(
    described.stdout,
    /\nNot delivered at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(EMAIL to ops@example\.com\): The email was not sent: no mail server is configured \(set CERTGATE_SMTP_URL\)\.\n\(not retried\)\n$/,
  );
});
