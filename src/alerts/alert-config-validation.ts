/**
 * Validates an alert configuration as a client sent it and turns it into certgate's shape. Each refusal
 * is a CoreError with Atlas's code for it (atlas-api.md §6.2) and names the offending field.
 */
import { CoreError } from "../core/core-error.js";
import { GROUP_ROLES } from "../core/types.js";
import { isAlertEventType, type AlertEventType } from "./event-types.js";
import { NOTIFICATION_TYPES, type AlertConfigInput, type AlertMatcher, type DaysThreshold, type NotificationType, type NotificationView } from "./alert-types.js";

/** Atlas's floor for `intervalMin`. */
export const MIN_INTERVAL_MINUTES = 5;
/** `intervalMin` when a notification gives none. */
export const DEFAULT_INTERVAL_MINUTES = 60;
/** Atlas's cap on notifications per configuration. */
export const MAX_NOTIFICATIONS = 25;
/** Longest threshold accepted, in days (ten years: anything longer alerts on every certificate at once). */
export const MAX_THRESHOLD_DAYS = 3650;
/** Severities Atlas accepts in `severityOverride`. */
export const SEVERITIES = ["INFO", "WARNING", "ERROR", "CRITICAL"] as const;

/** A notification after validation; webhook URL and secret still in clear, `notifierId` not yet given. */
export type NotificationDraft = Omit<NotificationView, "notifierId"> & { notifierId?: string };

/** A configuration after validation. */
export interface AlertConfigDraft {
  eventTypeName: AlertEventType;
  enabled: boolean;
  threshold: DaysThreshold;
  matchers: AlertMatcher[];
  notifications: NotificationDraft[];
  severityOverride?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Validates a create or full-replace body. `enabled` defaults to false, as Atlas's POST does. */
export function validateAlertConfig(input: AlertConfigInput): AlertConfigDraft {
  if (input.eventTypeName === undefined) {
    throw new CoreError("MISSING_ATTRIBUTE", "The required attribute eventTypeName was not specified.", ["eventTypeName"]);
  }
  if (!isAlertEventType(input.eventTypeName)) {
    const shown = String(input.eventTypeName);
    throw new CoreError("INVALID_EVENT_TYPE_FOR_ALERT", `Event type ${shown} is not alertable in certgate.`, [shown]);
  }
  if (input.enabled !== undefined && typeof input.enabled !== "boolean") invalid("enabled", "must be true or false");
  const draft: AlertConfigDraft = {
    eventTypeName: input.eventTypeName,
    enabled: input.enabled === true,
    threshold: validateThreshold(input.threshold),
    matchers: validateMatchers(input.matchers),
    notifications: validateNotifications(input.notifications),
  };
  if (input.severityOverride !== undefined) {
    if (!(SEVERITIES as readonly unknown[]).includes(input.severityOverride)) {
      const shown = String(input.severityOverride);
      throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${shown} was specified for severityOverride.`, [shown]);
    }
    draft.severityOverride = input.severityOverride as string;
  }
  return draft;
}

function validateThreshold(value: unknown): DaysThreshold {
  if (value === undefined || value === null) throw new CoreError("MISSING_THRESHOLD", "Alert configurations for this event type must specify a threshold.");
  const t = value as Record<string, unknown>;
  if (typeof value !== "object") invalid("threshold", "must be an object");
  if (t.operator !== "LESS_THAN") {
    throw new CoreError("INVALID_OPERATOR_FOR_EVENT_TYPE", `Operator ${String(t.operator)} is not valid for this event type; use LESS_THAN.`, [
      String(t.operator),
    ]);
  }
  if (t.units !== undefined && t.units !== "DAYS") invalid("threshold.units", "must be DAYS");
  const days = t.threshold;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_THRESHOLD_DAYS) {
    invalid("threshold.threshold", `must be a whole number of days from 1 to ${MAX_THRESHOLD_DAYS}`);
  }
  return { operator: "LESS_THAN", threshold: days as number, units: "DAYS" };
}

function validateMatchers(value: unknown): AlertMatcher[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid("matchers", "must be an array");
  // X.509 expiry conditions concern the whole project; there is no field a matcher could select on.
  if ((value as unknown[]).length > 0) invalid("matchers", "X.509 expiration alerts take no matchers");
  return [];
}

function validateNotifications(value: unknown): NotificationDraft[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new CoreError("MISSING_NOTIFICATIONS", "Alert configurations must have at least one notification.");
  }
  if (!Array.isArray(value)) invalid("notifications", "must be an array");
  const list = value as unknown[];
  if (list.length > MAX_NOTIFICATIONS) {
    throw new CoreError("MAX_NOTIFICATIONS_PER_ALERT_EXCEEDED", `An alert configuration may have at most ${MAX_NOTIFICATIONS} notifications.`, [
      String(MAX_NOTIFICATIONS),
    ]);
  }
  const drafts = list.map((n, i) => validateNotification(n, `notifications[${i}]`));
  if (drafts.filter((d) => d.typeName === "GROUP").length > 1) {
    throw new CoreError("TOO_MANY_GROUP_NOTIFICATIONS", "At most one group notification can be specified for an alert configuration.");
  }
  return drafts;
}

const FIELDS_BY_TYPE: Readonly<Record<NotificationType, readonly string[]>> = {
  GROUP: ["emailEnabled", "smsEnabled", "roles"],
  EMAIL: ["emailAddress"],
  USER: ["username", "emailEnabled", "smsEnabled"],
  WEBHOOK: ["webhookUrl", "webhookSecret"],
  SLACK: ["webhookUrl", "channelName"],
};
const COMMON_FIELDS = ["typeName", "notifierId", "delayMin", "intervalMin"];

function validateNotification(value: unknown, field: string): NotificationDraft {
  if (value === null || typeof value !== "object" || Array.isArray(value)) invalid(field, "must be an object");
  const n = value as Record<string, unknown>;
  if (n.typeName === undefined) throw new CoreError("MISSING_ATTRIBUTE", `The required attribute ${field}.typeName was not specified.`, [`${field}.typeName`]);
  if (!(NOTIFICATION_TYPES as readonly unknown[]).includes(n.typeName)) {
    const shown = String(n.typeName);
    throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${shown} was specified for ${field}.typeName (certgate delivers ${NOTIFICATION_TYPES.join(", ")}).`, [shown]);
  }
  const typeName = n.typeName as NotificationType;
  for (const key of Object.keys(n)) {
    if (!COMMON_FIELDS.includes(key) && !FIELDS_BY_TYPE[typeName].includes(key)) {
      throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute ${field}.${key} specified.`, [`${field}.${key}`]);
    }
  }
  const draft: NotificationDraft = {
    typeName,
    delayMin: wholeMinutes(n.delayMin, `${field}.delayMin`, 0),
    intervalMin: wholeMinutes(n.intervalMin, `${field}.intervalMin`, DEFAULT_INTERVAL_MINUTES),
  };
  if (draft.intervalMin < MIN_INTERVAL_MINUTES) {
    throw new CoreError("NOTIFICATION_INTERVAL_OUT_OF_RANGE", `Notifications must have an interval of at least ${MIN_INTERVAL_MINUTES} minutes.`);
  }
  if (n.notifierId !== undefined) {
    if (typeof n.notifierId !== "string" || !/^[a-f0-9]{24}$/.test(n.notifierId)) invalid(`${field}.notifierId`, "must be a 24-hex id");
    draft.notifierId = n.notifierId;
  }
  switch (typeName) {
    case "GROUP":
      Object.assign(draft, emailFlags(n, field, "EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION"), { roles: groupRoles(n.roles, `${field}.roles`) });
      break;
    case "USER":
      Object.assign(draft, emailFlags(n, field, "EMAIL_OR_SMS_REQUIRED_FOR_USER_NOTIFICATION"), { username: emailText(n.username, `${field}.username`) });
      break;
    case "EMAIL":
      draft.emailAddress = emailText(n.emailAddress, `${field}.emailAddress`);
      break;
    case "WEBHOOK":
    case "SLACK":
      Object.assign(draft, webhookFields(n, field, typeName));
      break;
  }
  return draft;
}

function emailFlags(n: Record<string, unknown>, field: string, code: "EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION" | "EMAIL_OR_SMS_REQUIRED_FOR_USER_NOTIFICATION") {
  for (const flag of ["emailEnabled", "smsEnabled"]) {
    if (n[flag] !== undefined && typeof n[flag] !== "boolean") invalid(`${field}.${flag}`, "must be true or false");
  }
  if (n.smsEnabled === true) invalid(`${field}.smsEnabled`, "certgate sends no text messages; use email");
  if (n.emailEnabled !== true) throw new CoreError(code, `${field} must enable email (certgate sends no text messages).`, [field]);
  return { emailEnabled: true, smsEnabled: false };
}

function groupRoles(value: unknown, field: string): string[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new CoreError("MISSING_ROLES_FOR_GROUP_NOTIFICATION", "Group notifications cannot specify an empty list of roles.");
  }
  if (!Array.isArray(value)) invalid(field, "must be an array of project roles");
  for (const role of value as unknown[]) {
    if (!(GROUP_ROLES as readonly unknown[]).includes(role)) {
      throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${String(role)} was specified for ${field}.`, [String(role)]);
    }
  }
  return [...new Set(value as string[])];
}

function webhookFields(n: Record<string, unknown>, field: string, typeName: "WEBHOOK" | "SLACK") {
  if (n.webhookUrl === undefined || n.webhookUrl === "") throw new CoreError("WEBHOOK_URL_NOT_SET", `${field}.webhookUrl must be set for a ${typeName} notification.`, [field]);
  if (typeof n.webhookUrl !== "string") invalid(`${field}.webhookUrl`, "must be a URL");
  const out: { webhookUrl: string; webhookSecret?: string; channelName?: string } = { webhookUrl: n.webhookUrl as string };
  if (!isRedacted(out.webhookUrl)) {
    let url: URL | undefined;
    try {
      url = new URL(out.webhookUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) invalid(`${field}.webhookUrl`, "must be an absolute http(s) URL");
  }
  if (n.webhookSecret !== undefined) {
    if (typeof n.webhookSecret !== "string" || n.webhookSecret === "") invalid(`${field}.webhookSecret`, "must be a non-empty string");
    out.webhookSecret = n.webhookSecret as string;
  }
  if (n.channelName !== undefined) {
    if (typeof n.channelName !== "string") invalid(`${field}.channelName`, "must be a string");
    out.channelName = n.channelName as string;
  }
  return out;
}

/** True for the redacted forms the API shows, which a client may echo back to mean "unchanged". */
export function isRedacted(text: string): boolean {
  return text.endsWith("****");
}

function wholeMinutes(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 525_600) invalid(field, "must be a whole number of minutes");
  return value as number;
}

function emailText(value: unknown, field: string): string {
  if (typeof value !== "string" || !EMAIL.test(value)) invalid(field, "must be an email address");
  return (value as string).trim();
}

function invalid(field: string, why: string): never {
  throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute ${field} specified: ${why}.`, [field], { fields: [{ field, description: why }] });
}
