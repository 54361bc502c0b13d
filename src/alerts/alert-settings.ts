/**
 * The alert worker's settings, from the environment (documented in docs/configuration.md):
 * - `CERTGATE_ALERT_INTERVAL_SECONDS`: seconds between worker runs (default 60; 0 turns the worker off);
 * - `CERTGATE_SMTP_URL`: the SMTP server for email notifications (`smtp://user:pass@host:587`, `smtps://...`);
 * - `CERTGATE_SMTP_FROM`: the From address (default `certgate <certgate@localhost>`);
 * - `CERTGATE_ALERT_WEBHOOK_CA_FILE`: PEM file of extra CAs trusted for https webhook receivers.
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "../shared/config.js";

/** The resolved alert settings. */
export interface AlertSettings {
  intervalSeconds: number;
  smtpUrl: string | undefined;
  smtpFrom: string;
  webhookCa: string | undefined;
}

/** The worker's default period. */
export const DEFAULT_ALERT_INTERVAL_SECONDS = 60;
/** The default From address. */
export const DEFAULT_SMTP_FROM = "certgate <certgate@localhost>";

/** Reads and checks the settings; a bad value raises a ConfigError naming its variable. */
export function resolveAlertSettings(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  const intervalText = (env.CERTGATE_ALERT_INTERVAL_SECONDS ?? "").trim();
  const intervalSeconds = intervalText === "" ? DEFAULT_ALERT_INTERVAL_SECONDS : Number(intervalText);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 0 || intervalSeconds > 86_400) {
    throw new ConfigError(`CERTGATE_ALERT_INTERVAL_SECONDS must be a whole number of seconds from 0 to 86400, got ${JSON.stringify(intervalText)}.`);
  }
  const smtpUrl = (env.CERTGATE_SMTP_URL ?? "").trim() || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/./.test(smtpUrl)) {
    throw new ConfigError(`CERTGATE_SMTP_URL must start with smtp:// or smtps://, got ${JSON.stringify(smtpUrl.split(":")[0])}...`);
  }
  const caFile = (env.CERTGATE_ALERT_WEBHOOK_CA_FILE ?? "").trim();
  let webhookCa: string | undefined;
  if (caFile !== "") {
    try {
      webhookCa = readFileSync(caFile, "utf8");
    } catch (err) {
      throw new ConfigError(`CERTGATE_ALERT_WEBHOOK_CA_FILE ${JSON.stringify(caFile)} cannot be read: ${(err as Error).message}`);
    }
  }
  return { intervalSeconds, smtpUrl, smtpFrom: (env.CERTGATE_SMTP_FROM ?? "").trim() || DEFAULT_SMTP_FROM, webhookCa };
}
