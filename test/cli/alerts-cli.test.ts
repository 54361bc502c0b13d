/**
 * `certgate alerts ...` and `alerts settings ...` against a running server; a customer CA that expires
 * in 10 days (made by OpenSSL) opens the CA-expiry alert.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCaPem } from "../api/openssl.js";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

const CA_EXPIRY = "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK";
const CERTS_EXPIRY = "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
  const casFile = join(server.dir, "short.pem");
  writeFileSync(casFile, makeCaPem("Short Lived CA", 10));
  const uploaded = await cli(["security", "customerCerts", "create", "--casFile", casFile]);
  assert.equal(uploaded.status, 0, uploaded.stderr);
});
after(() => server?.stop());

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

async function json<T>(args: string[]): Promise<T> {
  const result = await cli([...args, "-o", "json"]);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}

test("the CA-expiry alert is listed, described, acknowledged until a date or forever, and unacknowledged", async () => {
  const list = await cli(["alerts", "list"]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^ID\s+TYPE\s+STATUS\s+CREATED\s+ACKNOWLEDGED UNTIL\n/);
  const id = new RegExp(`^([0-9a-f]{24})\\s+${CA_EXPIRY}\\s+OPEN\\s+\\d{4}-\\S+Z$`, "m").exec(list.stdout)?.[1];
  assert.ok(id, list.stdout);
  assert.deepEqual((await json<{ results: unknown[] }>(["alerts", "ls", "--status", "CLOSED"])).results, []);
  assert.equal((await json<{ results: unknown[] }>(["alerts", "ls", "--status", "OPEN"])).results.length, 1);

  const acked = await cli(["alerts", "acknowledge", id, "--until", "2030-01-01T00:00:00Z", "--comment", "renewal ordered"]);
  assert.equal(acked.status, 0, acked.stderr);
  assert.equal(acked.stdout, `Alert '${id}' acknowledged until 2030-01-01T00:00:00Z\n`);
  const described = await json<Record<string, unknown>>(["alerts", "describe", id]);
  assert.equal(described.acknowledgedUntil, "2030-01-01T00:00:00Z");
  assert.equal(described.acknowledgementComment, "renewal ordered");
  assert.match((await cli(["alerts", "get", id])).stdout, new RegExp(`^${id}\\s+${CA_EXPIRY}\\s+OPEN\\s+\\S+\\s+2030-01-01T00:00:00Z$`, "m"));

  const forever = await json<{ acknowledgedUntil: string }>(["alerts", "ack", id, "--forever"]);
  assert.ok(Date.parse(forever.acknowledgedUntil) > Date.now() + 99 * 365 * 24 * 3600 * 1000, forever.acknowledgedUntil);

  const unacked = await cli(["alerts", "unacknowledge", id]);
  assert.equal(unacked.status, 0, unacked.stderr);
  assert.equal(unacked.stdout, `Alert '${id}' unacknowledged\n`);
  assert.equal((await json<Record<string, unknown>>(["alerts", "describe", id])).acknowledgedUntil, undefined);

  const cases: [string[], RegExp][] = [
    [["alerts", "ack", id], /^Error: pass either --until <date> or --forever\n$/],
    [["alerts", "ack", id, "--forever", "--until", "2030-01-01T00:00:00Z"], /^Error: pass either --until <date> or --forever\n$/],
    [["alerts", "describe", "111111111111111111111111"], /^Error: ALERT_NOT_FOUND: No alert with ID 111111111111111111111111 exists in group [0-9a-f]{24}\.\n$/],
    [["alerts", "ack", "111111111111111111111111", "--forever"], /^Error: ALERT_NOT_FOUND: /],
    [["alerts", "list", "--status", "ANGRY"], /argument 'ANGRY' is invalid\. Allowed choices are OPEN, TRACKING, CLOSED, CANCELLED\./],
  ];
  for (const [args, expected] of cases) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, expected, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
  }
});

test("settings: the upload's CA-expiry configuration, and create, update, disable, enable, delete of another", async () => {
  const listed = await cli(["alerts", "settings", "list"]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`^[0-9a-f]{24}\\s+${CA_EXPIRY}\\s+true\\s+< 30 DAYS\\s+GROUP GROUP_OWNER every 1440 min$`, "m"));

  const created = await cli([
    "alerts", "settings", "create", "--event", CERTS_EXPIRY, "--thresholdDays", "14", "--enabled",
    "--notificationType", "EMAIL", "--notificationEmailAddress", "ops@example.com", "--notificationIntervalMin", "60",
  ]);
  assert.equal(created.status, 0, created.stderr);
  const id = /^Alert configuration '([0-9a-f]{24})' created\.\n$/.exec(created.stdout)?.[1];
  assert.ok(id, created.stdout);
  let config = await json<{ enabled: boolean; threshold: unknown; notifications: Record<string, unknown>[] }>(["alerts", "settings", "describe", id]);
  assert.equal(config.enabled, true);
  assert.deepEqual(config.threshold, { operator: "LESS_THAN", threshold: 14, units: "DAYS" });
  assert.equal(config.notifications[0]?.typeName, "EMAIL");
  assert.equal(config.notifications[0]?.emailAddress, "ops@example.com");
  assert.equal(config.notifications[0]?.intervalMin, 60);

  const updated = await cli(["alerts", "settings", "update", id, "--thresholdDays", "7", "--notificationIntervalMin", "120"]);
  assert.equal(updated.status, 0, updated.stderr);
  assert.equal(updated.stdout, `Alert configuration '${id}' updated.\n`);
  config = await json(["alerts", "settings", "get", id]);
  assert.deepEqual(config.threshold, { operator: "LESS_THAN", threshold: 7, units: "DAYS" });
  assert.equal(config.notifications[0]?.emailAddress, "ops@example.com", "flags not given keep their values");
  assert.equal(config.notifications[0]?.intervalMin, 120);

  assert.equal((await cli(["alerts", "settings", "disable", id])).stdout, `Alert configuration '${id}' disabled.\n`);
  assert.equal((await json<{ enabled: boolean }>(["alerts", "settings", "describe", id])).enabled, false);
  assert.equal((await cli(["alerts", "settings", "enable", id])).stdout, `Alert configuration '${id}' enabled.\n`);
  assert.equal((await json<{ enabled: boolean }>(["alerts", "settings", "describe", id])).enabled, true);

  const declined = await cli(["alerts", "settings", "delete", id]);
  assert.equal(declined.status, 1);
  assert.match(declined.stderr, /^Error: not confirmed/m);
  const deleted = await cli(["alerts", "settings", "rm", id, "--force"]);
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, `Alert config '${id}' deleted\n`);
  const other = await json<{ id: string }>(["alerts", "settings", "create", "--event", CERTS_EXPIRY, "--thresholdDays", "3", "--notificationType", "GROUP", "--notificationRole", "GROUP_OWNER", "--notificationEmailEnabled"]);
  assert.deepEqual(JSON.parse((await cli(["alerts", "settings", "delete", other.id, "--force", "-o", "json"])).stdout), { deleted: other.id });
  const gone = await cli(["alerts", "settings", "describe", id]);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /^Error: ALERT_CONFIG_NOT_FOUND: /);
});

test("settings failures: unknown event, missing threshold, short interval, bad numbers, missing flags", async () => {
  const group = ["--notificationType", "GROUP", "--notificationRole", "GROUP_OWNER"];
  const cases: [string[], RegExp][] = [
    [["alerts", "settings", "create", "--event", "BOGUS", ...group], /^Error: INVALID_EVENT_TYPE_FOR_ALERT: /],
    [["alerts", "settings", "create", "--event", CERTS_EXPIRY, ...group], /^Error: MISSING_THRESHOLD: /],
    [["alerts", "settings", "create", "--event", CERTS_EXPIRY, "--thresholdDays", "5", "--notificationIntervalMin", "2", ...group], /^Error: NOTIFICATION_INTERVAL_OUT_OF_RANGE: /],
    [["alerts", "settings", "create", "--event", CERTS_EXPIRY, "--thresholdDays", "soon", ...group], /^Error: --thresholdDays must be a whole number, got "soon"\n$/],
    [["alerts", "settings", "create", ...group], /^Error: required option '--event <eventTypeName>' not specified\n$/],
    [["alerts", "settings", "create", "--event", CERTS_EXPIRY], /^Error: required option '--notificationType <type>' not specified\n$/],
    [["alerts", "settings", "create", "--event", CERTS_EXPIRY, "--notificationType", "PIGEON"], /argument 'PIGEON' is invalid/],
    [["alerts", "settings", "update", "111111111111111111111111", "--thresholdDays", "3"], /^Error: ALERT_CONFIG_NOT_FOUND: /],
  ];
  for (const [args, expected] of cases) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, expected, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
  }
  const body = await cli(["alerts", "settings", "create", "--event", "BOGUS", ...group, "-o", "json"]);
  assert.equal((JSON.parse(body.stdout) as { errorCode: string }).errorCode, "INVALID_EVENT_TYPE_FOR_ALERT");
  assert.equal((await json<{ results: unknown[] }>(["alerts", "settings", "list"])).results.length, 1, "only the CA-expiry configuration");
});
