/**
 * Webhook URLs and secrets at rest and on display. Both are sealed with the master key (a Slack or
 * webhook URL often carries a token); the API shows the URL partially (`https://host/****`) and the
 * secret completely redacted, as Atlas does. A replace (PUT) that echoes a redacted value back for the
 * same `notifierId` keeps what was stored.
 */
import { newId } from "../core/ids.js";
import { CoreError } from "../core/core-error.js";
import type { MasterKey } from "../pki/master-key.js";
import { openSecret, sealSecret } from "../pki/secret-box.js";
import { isRedacted, type NotificationDraft } from "./alert-config-validation.js";
import type { NotificationView, StoredNotification } from "./alert-types.js";

const URL_CONTEXT = "alert-notification:webhook-url";
const SECRET_CONTEXT = "alert-notification:webhook-secret";
/** How a stored secret is shown. */
export const REDACTED_SECRET = "****************";

/** `https://hooks.example.com/****`: scheme and host only. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/****`;
}

/** Seals the drafts' URLs and secrets, reusing stored values where a redacted form was echoed back. */
export function sealNotifications(masterKey: MasterKey, drafts: readonly NotificationDraft[], previous: readonly StoredNotification[] = []): StoredNotification[] {
  return drafts.map((draft, i) => {
    const before = previous.find((p) => draft.notifierId !== undefined && p.notifierId === draft.notifierId && p.typeName === draft.typeName);
    const { webhookUrl, webhookSecret, ...rest } = draft;
    const stored: StoredNotification = { ...rest, notifierId: before?.notifierId ?? newId() };
    if (webhookUrl !== undefined) {
      if (isRedacted(webhookUrl)) {
        if (before?.sealedWebhookUrl === undefined || before.redactedWebhookUrl !== webhookUrl) {
          throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute notifications[${i}].webhookUrl specified: a redacted URL can only stand for the stored URL of the same notifierId.`, [
            `notifications[${i}].webhookUrl`,
          ]);
        }
        stored.sealedWebhookUrl = before.sealedWebhookUrl;
        stored.redactedWebhookUrl = before.redactedWebhookUrl;
      } else {
        stored.sealedWebhookUrl = sealSecret(masterKey, Buffer.from(webhookUrl, "utf8"), URL_CONTEXT).toString("base64");
        stored.redactedWebhookUrl = redactUrl(webhookUrl);
      }
    }
    if (webhookSecret !== undefined) {
      if (webhookSecret === REDACTED_SECRET) {
        if (before?.sealedWebhookSecret === undefined) {
          throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute notifications[${i}].webhookSecret specified: no secret is stored for this notifierId.`, [
            `notifications[${i}].webhookSecret`,
          ]);
        }
        stored.sealedWebhookSecret = before.sealedWebhookSecret;
      } else {
        stored.sealedWebhookSecret = sealSecret(masterKey, Buffer.from(webhookSecret, "utf8"), SECRET_CONTEXT).toString("base64");
      }
    }
    return stored;
  });
}

/** The API's view of a stored notification. */
export function viewNotification(stored: StoredNotification): NotificationView {
  const { sealedWebhookUrl, sealedWebhookSecret, redactedWebhookUrl, ...rest } = stored;
  const view: NotificationView = { ...rest };
  if (sealedWebhookUrl !== undefined && redactedWebhookUrl !== undefined) view.webhookUrl = redactedWebhookUrl;
  if (sealedWebhookSecret !== undefined) view.webhookSecret = REDACTED_SECRET;
  return view;
}

/** The clear URL and secret of a stored webhook or Slack notification, for delivery. */
export function openWebhookTarget(masterKey: MasterKey, stored: StoredNotification): { url: string; secret?: string } {
  if (stored.sealedWebhookUrl === undefined) throw new Error(`notification ${stored.notifierId} has no webhook URL`);
  const url = openSecret(masterKey, Buffer.from(stored.sealedWebhookUrl, "base64"), URL_CONTEXT).toString("utf8");
  if (stored.sealedWebhookSecret === undefined) return { url };
  return { url, secret: openSecret(masterKey, Buffer.from(stored.sealedWebhookSecret, "base64"), SECRET_CONTEXT).toString("utf8") };
}
