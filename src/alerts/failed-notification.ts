/** The API's view of an alert's most recent failed notification (`lastFailedNotification`, a certgate extension). */
import { atlasTime } from "../core/ids.js";
import type { FailedDeliveryRow } from "../store/repos/alert-deliveries.js";
import type { FailedNotification, NotificationView, StoredNotification } from "./alert-types.js";
import { viewNotification } from "./notification-secrets.js";

/** Whom a notification goes to, in words; URLs stay redacted. */
export function recipientOf(n: NotificationView): string {
  switch (n.typeName) {
    case "GROUP":
      return `project roles ${(n.roles ?? []).join(", ")}`;
    case "EMAIL":
      return n.emailAddress ?? "";
    case "USER":
      return n.username ?? "";
    case "WEBHOOK":
      return n.webhookUrl ?? "";
    case "SLACK":
      return n.channelName === undefined ? (n.webhookUrl ?? "") : `${n.channelName} (${n.webhookUrl ?? ""})`;
  }
}

/** The failure a slot row records, naming the notification it was for when its configuration still has it. */
export function toFailedNotification(row: FailedDeliveryRow): FailedNotification {
  const notifierId = row.notifier_id.split("@")[0];
  const stored = row.notifications === null ? undefined : (JSON.parse(row.notifications) as StoredNotification[]).find((n) => n.notifierId === notifierId);
  const view = stored === undefined ? undefined : viewNotification(stored);
  return {
    at: atlasTime(new Date(row.claimed_at)),
    ...(view === undefined ? {} : { typeName: view.typeName, recipient: recipientOf(view) }),
    error: row.last_error ?? "the notification was not delivered",
    attempts: row.attempts,
    ...(row.status === "FAILED" && row.next_attempt_at !== null ? { nextAttemptAt: atlasTime(new Date(row.next_attempt_at)) } : {}),
  };
}
