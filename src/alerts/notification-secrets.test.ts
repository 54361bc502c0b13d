import assert from "node:assert/strict";
import { test } from "node:test";
import { isCoreError } from "../core/core-error.js";
import { MasterKey } from "../pki/master-key.js";
import { openWebhookTarget, REDACTED_SECRET, sealNotifications, viewNotification } from "./notification-secrets.js";

const key = MasterKey.random();
const hook = { typeName: "WEBHOOK" as const, delayMin: 0, intervalMin: 60, webhookUrl: "https://hooks.example.com/T0/secret", webhookSecret: "s3cret" };

test("sealed at rest, redacted on display, opened for delivery", () => {
  const [stored] = sealNotifications(key, [hook]);
  assert.ok(stored);
  assert.ok(!JSON.stringify(stored).includes("s3cret") && !JSON.stringify(stored).includes("/T0/secret"));
  const view = viewNotification(stored);
  assert.equal(view.webhookUrl, "https://hooks.example.com/****");
  assert.equal(view.webhookSecret, REDACTED_SECRET);
  assert.deepEqual(openWebhookTarget(key, stored), { url: hook.webhookUrl, secret: "s3cret" });
  assert.throws(() => openWebhookTarget(MasterKey.random(), stored), "another master key cannot open it");
});

test("echoing the redacted values with the same notifierId keeps the stored ones; without it they are refused", () => {
  const [stored] = sealNotifications(key, [hook]);
  assert.ok(stored);
  const view = viewNotification(stored);
  const [kept] = sealNotifications(key, [{ ...hook, notifierId: stored.notifierId, webhookUrl: view.webhookUrl ?? "", webhookSecret: REDACTED_SECRET }], [stored]);
  assert.ok(kept);
  assert.equal(kept.notifierId, stored.notifierId);
  assert.deepEqual(openWebhookTarget(key, kept), { url: hook.webhookUrl, secret: "s3cret" });
  assert.throws(
    () => sealNotifications(key, [{ ...hook, webhookUrl: view.webhookUrl ?? "" }], [stored]),
    (e) => isCoreError(e, "INVALID_ATTRIBUTE"),
  );
});
