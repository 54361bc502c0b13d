import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError } from "../shared/config.js";
import { DEFAULT_SMTP_FROM, resolveAlertSettings } from "./alert-settings.js";

test("defaults: a run every 60 s, no SMTP server, no extra CA", () => {
  assert.deepEqual(resolveAlertSettings({}), { intervalSeconds: 60, smtpUrl: undefined, smtpFrom: DEFAULT_SMTP_FROM, webhookCa: undefined });
});

test("values are read and bad ones are refused naming the variable", () => {
  const dir = mkdtempSync(join(tmpdir(), "certgate-alert-settings-"));
  writeFileSync(join(dir, "ca.pem"), "PEM");
  const settings = resolveAlertSettings({
    CERTGATE_ALERT_INTERVAL_SECONDS: "5",
    CERTGATE_SMTP_URL: "smtp://127.0.0.1:2525",
    CERTGATE_SMTP_FROM: "alerts@example.com",
    CERTGATE_ALERT_WEBHOOK_CA_FILE: join(dir, "ca.pem"),
  });
  assert.deepEqual(settings, { intervalSeconds: 5, smtpUrl: "smtp://127.0.0.1:2525", smtpFrom: "alerts@example.com", webhookCa: "PEM" });
  assert.throws(() => resolveAlertSettings({ CERTGATE_ALERT_INTERVAL_SECONDS: "1.5" }), (e) => e instanceof ConfigError && /CERTGATE_ALERT_INTERVAL_SECONDS/.test(e.message));
  assert.throws(() => resolveAlertSettings({ CERTGATE_SMTP_URL: "http://x" }), /CERTGATE_SMTP_URL/);
  assert.throws(() => resolveAlertSettings({ CERTGATE_ALERT_WEBHOOK_CA_FILE: join(dir, "missing.pem") }), /CERTGATE_ALERT_WEBHOOK_CA_FILE/);
});
