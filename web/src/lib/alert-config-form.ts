/** The Create Alert Setting form: its fields, and the Atlas `GroupAlertsConfig` body it becomes. */
import type { AlertNotification } from "../api/atlas-types.js";

/** Event types the server alerts on, in the order the form offers them. */
export const ALERTABLE_EVENT_TYPES = [
  "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK",
  "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
  "CERTGATE_MANAGED_CA_EXPIRATION_CHECK",
] as const;

/** Channels the server delivers to, with what the form calls them. */
export const NOTIFICATION_CHANNELS = [
  { typeName: "GROUP", label: "Project roles" },
  { typeName: "EMAIL", label: "Email address" },
  { typeName: "USER", label: "certgate user" },
  { typeName: "WEBHOOK", label: "Webhook" },
  { typeName: "SLACK", label: "Slack" },
] as const;
/** One channel's Atlas `typeName`. */
export type ChannelType = (typeof NOTIFICATION_CHANNELS)[number]["typeName"];

/** Project roles a GROUP notification may go to, as the server checks them. */
export const NOTIFIABLE_ROLES = ["GROUP_OWNER", "GROUP_CLUSTER_MANAGER", "GROUP_DATA_ACCESS_ADMIN", "GROUP_DATA_ACCESS_READ_WRITE", "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY"] as const;

/** Atlas's smallest notification interval, in minutes. */
export const MIN_INTERVAL_MIN = 5;
/** The server's longest threshold, in days. */
export const MAX_THRESHOLD_DAYS = 3650;

/** One notification as typed. */
export interface NotificationForm {
  typeName: ChannelType;
  roles: string[];
  emailAddress: string;
  username: string;
  webhookUrl: string;
  webhookSecret: string;
  channelName: string;
  /** Hours between repeats, as typed. */
  intervalHours: string;
}

/** The whole form as typed. */
export interface AlertConfigForm {
  eventTypeName: string;
  /** Days before expiry, as typed. */
  thresholdDays: string;
  notifications: NotificationForm[];
}

/** A fresh notification: the project owners by email, every 24 hours (the CA-expiry alert's defaults). */
export function newNotificationForm(typeName: ChannelType = "GROUP"): NotificationForm {
  return { typeName, roles: ["GROUP_OWNER"], emailAddress: "", username: "", webhookUrl: "", webhookSecret: "", channelName: "", intervalHours: "24" };
}

/** A fresh form: the self-managed CA expiring within 30 days, to the project owners. */
export function newAlertConfigForm(): AlertConfigForm {
  return { eventTypeName: ALERTABLE_EVENT_TYPES[0], thresholdDays: "30", notifications: [newNotificationForm()] };
}

/** The body the Admin API's create takes (enabled, as a setting made in the console is), or what is wrong with the form. */
export function alertConfigBody(form: AlertConfigForm): { body: { eventTypeName: string; enabled: true; threshold: { operator: "LESS_THAN"; threshold: number; units: "DAYS" }; notifications: AlertNotification[] } } | { error: string } {
  const days = Number(form.thresholdDays);
  if (form.thresholdDays.trim() === "" || !Number.isInteger(days) || days < 1 || days > MAX_THRESHOLD_DAYS) {
    return { error: `Days before expiration must be a whole number from 1 to ${MAX_THRESHOLD_DAYS}.` };
  }
  if (form.notifications.length === 0) return { error: "Add at least one notification." };
  const notifications: AlertNotification[] = [];
  for (const [index, n] of form.notifications.entries()) {
    const built = notificationBody(n, index + 1);
    if ("error" in built) return built;
    notifications.push(built.notification);
  }
  return { body: { eventTypeName: form.eventTypeName, enabled: true, threshold: { operator: "LESS_THAN", threshold: days, units: "DAYS" }, notifications } };
}

function notificationBody(n: NotificationForm, position: number): { notification: AlertNotification } | { error: string } {
  const intervalMin = Math.round(Number(n.intervalHours) * 60);
  if (n.intervalHours.trim() === "" || !Number.isFinite(intervalMin) || intervalMin < MIN_INTERVAL_MIN) {
    return { error: `Notification ${position}: notifications must repeat at least ${MIN_INTERVAL_MIN} minutes apart.` };
  }
  const timing = { typeName: n.typeName, intervalMin, delayMin: 0 };
  switch (n.typeName) {
    case "GROUP":
      if (n.roles.length === 0) return { error: `Notification ${position}: choose at least one project role.` };
      return { notification: { ...timing, roles: n.roles, emailEnabled: true, smsEnabled: false } };
    case "EMAIL":
      if (!n.emailAddress.trim()) return { error: `Notification ${position}: enter the email address.` };
      return { notification: { ...timing, emailAddress: n.emailAddress.trim() } };
    case "USER":
      if (!n.username.trim()) return { error: `Notification ${position}: enter the user's email.` };
      return { notification: { ...timing, username: n.username.trim(), emailEnabled: true, smsEnabled: false } };
    case "WEBHOOK":
      if (!n.webhookUrl.trim()) return { error: `Notification ${position}: enter the webhook URL.` };
      return { notification: { ...timing, webhookUrl: n.webhookUrl.trim(), ...(n.webhookSecret ? { webhookSecret: n.webhookSecret } : {}) } };
    case "SLACK":
      if (!n.webhookUrl.trim()) return { error: `Notification ${position}: enter the Slack incoming-webhook URL.` };
      return { notification: { ...timing, webhookUrl: n.webhookUrl.trim(), ...(n.channelName.trim() ? { channelName: n.channelName.trim() } : {}) } };
  }
}
