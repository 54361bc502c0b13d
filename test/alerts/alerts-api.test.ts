/**
 * `alertConfigs` and `alerts` through real HTTP with Digest auth: Atlas's shapes, create 201 with
 * Location, write-only webhook secret, toggle, replace keeping a redacted secret, validation codes,
 * read-only roles refused for writes, acknowledge, delete cancelling the alert.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createAlertsService } from "../../src/alerts/index.js";
import { buildApiServer } from "../../src/api/app.js";
import { openStore, type Store } from "../../src/store/index.js";
import { digestJson, type ApiKeyPair } from "../api/digest-client.js";
import { makeCaPem } from "../api/openssl.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

interface Served {
  fx: CoreFixture;
  app: FastifyInstance;
  api: string;
  owner: ApiKeyPair;
  reader: ApiKeyPair;
}

async function serve(store: Store): Promise<Served> {
  const fx = await makeCoreFixture(store);
  const alerts = createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock });
  const app = await buildApiServer({ core: fx.core, clock: fx.clock, alerts });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  const key = async (org: "ORG_OWNER" | "ORG_MEMBER", group?: "GROUP_READ_ONLY") => {
    const created = await fx.core.apiKeys.create(fx.owner, fx.orgId, { desc: "alerts test", roles: [org] });
    if (group) await fx.core.apiKeys.assignToProject(fx.owner, fx.projectId, created.id, [group]);
    return { publicKey: created.publicKey, privateKey: created.privateKey };
  };
  return { fx, app, api: `http://127.0.0.1:${address.port}/api/atlas/v1.0/groups/${fx.projectId}`, owner: await key("ORG_OWNER"), reader: await key("ORG_MEMBER", "GROUP_READ_ONLY") };
}

forEachStoreDialect("alerts API", ({ freshStore }) => {
  let s: Served;
  before(async () => {
    s = await serve(await freshStore());
  });
  after(async () => {
    await s.app.close();
  });

  test("the CA upload's alert config is listed in Atlas's shape", async () => {
    const cas = makeCaPem("API CA", 20);
    // openssl stamps notBefore with the wall clock, which may be ahead of the fixture's manual clock.
    s.fx.clock.set(new Date(Date.now() + 1000));
    const upload = await digestJson(`${s.api}/userSecurity`, s.owner, { method: "PATCH", body: { customerX509: { cas } } });
    assert.equal(upload.status, 202, JSON.stringify(upload.json));
    const list = await digestJson(`${s.api}/alertConfigs`, s.reader);
    assert.equal(list.status, 200);
    const body = list.json as { totalCount: number; results: Record<string, unknown>[]; links: { rel: string }[] };
    assert.equal(body.totalCount, 1);
    const config = body.results[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(config), ["created", "enabled", "eventTypeName", "groupId", "id", "links", "matchers", "notifications", "threshold", "updated"]);
    assert.equal(config.eventTypeName, "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK");
    assert.deepEqual(config.threshold, { operator: "LESS_THAN", threshold: 30, units: "DAYS" });
    const [notification] = config.notifications as Record<string, unknown>[];
    assert.deepEqual({ ...notification, notifierId: "x" }, { delayMin: 0, emailEnabled: true, intervalMin: 1440, notifierId: "x", roles: ["GROUP_OWNER"], smsEnabled: false, typeName: "GROUP" });
    assert.match(String(config.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const alerts = await digestJson(`${s.api}/alerts?status=OPEN`, s.reader);
    const [alert] = (alerts.json as { results: Record<string, unknown>[] }).results;
    assert.equal(alert?.alertConfigId, config.id);
    assert.equal(alert?.status, "OPEN");
    assert.equal(alert?.eventTypeName, "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK");
  });

  test("create answers 201 with Location; the secret is write-only; PUT echoing the redacted values keeps them; PATCH toggles", async () => {
    const create = await digestJson(`${s.api}/alertConfigs`, s.owner, {
      method: "POST",
      body: {
        eventTypeName: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
        threshold: { operator: "LESS_THAN", threshold: 14, units: "DAYS" },
        notifications: [{ typeName: "WEBHOOK", webhookUrl: "https://hooks.example.com/secret-path", webhookSecret: "abc", intervalMin: 60 }],
      },
    });
    assert.equal(create.status, 201);
    const created = create.json as { id: string; enabled: boolean; links: { href: string; rel: string }[]; notifications: Record<string, unknown>[] };
    assert.equal(create.result.headers.location, created.links[0]?.href);
    assert.equal(created.enabled, false, "enabled defaults to false, as in Atlas");
    assert.equal(created.links[1]?.href, `${created.links[0]?.href}/alerts`);
    assert.equal(created.notifications[0]?.webhookUrl, "https://hooks.example.com/****");
    assert.equal(created.notifications[0]?.webhookSecret, "****************");
    assert.ok(!JSON.stringify(create.json).includes("abc") && !JSON.stringify(create.json).includes("secret-path"));

    const replaced = await digestJson(`${s.api}/alertConfigs/${created.id}`, s.owner, { method: "PUT", body: { ...created, enabled: true, threshold: { operator: "LESS_THAN", threshold: 7, units: "DAYS" } } });
    assert.equal(replaced.status, 200);
    const after = replaced.json as { enabled: boolean; threshold: { threshold: number }; notifications: Record<string, unknown>[] };
    assert.equal(after.enabled, true);
    assert.equal(after.threshold.threshold, 7);
    assert.equal(after.notifications[0]?.notifierId, created.notifications[0]?.notifierId);
    assert.equal(after.notifications[0]?.webhookSecret, "****************");

    const toggled = await digestJson(`${s.api}/alertConfigs/${created.id}`, s.owner, { method: "PATCH", body: { enabled: false } });
    assert.equal((toggled.json as { enabled: boolean }).enabled, false);
    const removed = await digestJson(`${s.api}/alertConfigs/${created.id}`, s.owner, { method: "DELETE" });
    assert.equal(removed.status, 204);
    const gone = await digestJson(`${s.api}/alertConfigs/${created.id}`, s.owner);
    assert.equal(gone.status, 404);
    assert.equal((gone.json as { errorCode: string }).errorCode, "ALERT_CONFIG_NOT_FOUND");
  });

  test("Atlas's validation codes", async () => {
    const base = { eventTypeName: "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK", threshold: { operator: "LESS_THAN", threshold: 30, units: "DAYS" } };
    const cases: [unknown, string][] = [
      [{ ...base, notifications: [] }, "MISSING_NOTIFICATIONS"],
      [{ ...base, notifications: [{ typeName: "EMAIL", emailAddress: "a@example.com", intervalMin: 4 }] }, "NOTIFICATION_INTERVAL_OUT_OF_RANGE"],
      [{ ...base, notifications: [{ typeName: "GROUP", emailEnabled: true, roles: [] }] }, "MISSING_ROLES_FOR_GROUP_NOTIFICATION"],
      [{ ...base, notifications: [{ typeName: "GROUP", emailEnabled: false, roles: ["GROUP_OWNER"] }] }, "EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION"],
      [{ ...base, notifications: [{ typeName: "WEBHOOK" }] }, "WEBHOOK_URL_NOT_SET"],
      [{ eventTypeName: base.eventTypeName, notifications: [{ typeName: "EMAIL", emailAddress: "a@example.com" }] }, "MISSING_THRESHOLD"],
      [{ ...base, threshold: { operator: "GREATER_THAN", threshold: 3 }, notifications: [{ typeName: "EMAIL", emailAddress: "a@example.com" }] }, "INVALID_OPERATOR_FOR_EVENT_TYPE"],
      [{ ...base, eventTypeName: "HOST_DOWN", notifications: [{ typeName: "EMAIL", emailAddress: "a@example.com" }] }, "INVALID_EVENT_TYPE_FOR_ALERT"],
    ];
    for (const [body, code] of cases) {
      const res = await digestJson(`${s.api}/alertConfigs`, s.owner, { method: "POST", body });
      assert.equal(res.status, 400, code);
      assert.equal((res.json as { errorCode: string }).errorCode, code);
    }
  });

  test("read-only keys read but cannot write; acknowledge sets and clears; deleting the config cancels its alert", async () => {
    const [config] = ((await digestJson(`${s.api}/alertConfigs`, s.reader)).json as { results: { id: string }[] }).results;
    assert.ok(config);
    const refused = await digestJson(`${s.api}/alertConfigs/${config.id}`, s.reader, { method: "PATCH", body: { enabled: false } });
    assert.equal(refused.status, 401);
    assert.equal((refused.json as { errorCode: string }).errorCode, "USER_UNAUTHORIZED");

    const [alert] = ((await digestJson(`${s.api}/alertConfigs/${config.id}/alerts`, s.reader)).json as { results: { id: string }[] }).results;
    assert.ok(alert);
    const until = "2099-01-01T00:00:00Z";
    const ack = await digestJson(`${s.api}/alerts/${alert.id}`, s.owner, { method: "PATCH", body: { acknowledgedUntil: until, acknowledgementComment: "known" } });
    assert.equal(ack.status, 200);
    const acked = ack.json as Record<string, unknown>;
    assert.equal(acked.acknowledgedUntil, until);
    assert.equal(acked.acknowledgementComment, "known");
    assert.equal(acked.acknowledgingUsername, s.owner.publicKey);
    const readerAck = await digestJson(`${s.api}/alerts/${alert.id}`, s.reader, { method: "PATCH", body: { unacknowledgeAlert: true } });
    assert.equal(readerAck.status, 401);
    const unack = await digestJson(`${s.api}/alerts/${alert.id}`, s.owner, { method: "PATCH", body: { unacknowledgeAlert: true } });
    assert.equal((unack.json as Record<string, unknown>).acknowledgedUntil, undefined);

    const configsOfAlert = await digestJson(`${s.api}/alerts/${alert.id}/alertConfigs`, s.reader);
    assert.deepEqual((configsOfAlert.json as { results: { id: string }[] }).results.map((c) => c.id), [config.id]);

    assert.equal((await digestJson(`${s.api}/alertConfigs/${config.id}`, s.owner, { method: "DELETE" })).status, 204);
    const cancelled = await digestJson(`${s.api}/alerts/${alert.id}`, s.reader);
    assert.equal((cancelled.json as { status: string }).status, "CANCELLED");
    const missing = await digestJson(`${s.api}/alerts/0123456789abcdef01234567`, s.reader);
    assert.equal((missing.json as { errorCode: string }).errorCode, "ALERT_NOT_FOUND");
    const malformed = await digestJson(`${s.api}/alerts/not-an-id`, s.reader);
    assert.deepEqual([malformed.status, (malformed.json as { errorCode: string }).errorCode], [404, "INVALID_ALERT_ID"]);
    const malformedConfig = await digestJson(`${s.api}/alertConfigs/not-an-id`, s.reader);
    assert.deepEqual([malformedConfig.status, (malformedConfig.json as { errorCode: string }).errorCode], [404, "INVALID_ALERT_CONFIG_ID"]);

    const feed = await digestJson(`${s.api}/events?itemsPerPage=500`, s.reader);
    const events = (feed.json as { results: { eventTypeName: string; username: string }[] }).results;
    const seen = new Set(events.map((e) => e.eventTypeName));
    for (const type of ["ALERT_CONFIG_ADDED_AUDIT", "ALERT_CONFIG_CHANGED_AUDIT", "ALERT_CONFIG_DELETED_AUDIT", "ALERT_ACKNOWLEDGED_AUDIT", "ALERT_UNACKNOWLEDGED_AUDIT"]) {
      assert.ok(seen.has(type), `the activity feed has ${type}`);
    }
    assert.ok(events.some((e) => e.eventTypeName === "ALERT_CONFIG_ADDED_AUDIT" && e.username === "certgate"), "the CA upload's configuration is added by certgate itself");
  });
});

test("the served OpenAPI document lists the alert operations", async () => {
  const store = await openStore({ sqlitePath: ":memory:" });
  const fx = await makeCoreFixture(store);
  const app = await buildApiServer({ core: fx.core, alerts: createAlertsService({ store, core: fx.core, masterKey: fx.masterKey, clock: fx.clock }) });
  const doc = (await app.inject({ method: "GET", url: "/api/atlas/v1.0/openapi.json" })).json() as { paths: Record<string, unknown> };
  assert.ok(doc.paths["/api/atlas/v1.0/groups/{groupId}/alertConfigs/{alertConfigId}"]);
  assert.ok(doc.paths["/api/atlas/v1.0/groups/{groupId}/alerts/{alertId}"]);
  await app.close();
  await store.close();
});
