/**
 * The Atlas CLI's `alerts settings` flags turned into a `GroupAlertsConfig` body: `--event`,
 * `--enabled`, one notification from the `--notification*` flags, and certgate's `--thresholdDays`
 * (its event types all compare days until an expiry).
 */
import { Option, type Command } from "commander";
import { collectList } from "../admin/list-option.js";

/** The flags of `settings create` and `settings update`. */
export interface AlertConfigFlags {
  event?: string;
  enabled?: boolean;
  thresholdDays?: string;
  notificationType?: string;
  notificationIntervalMin?: string;
  notificationDelayMin?: string;
  notificationEmailEnabled?: boolean;
  notificationSmsEnabled?: boolean;
  notificationRole?: string[];
  notificationEmailAddress?: string;
  notificationUsername?: string;
  notificationWebhookUrl?: string;
  notificationWebhookSecret?: string;
  notificationChannelName?: string;
}

/** `GroupAlertsConfig` as the CLI reads and writes it. */
export interface AlertConfig {
  id?: string;
  eventTypeName?: string;
  enabled?: boolean;
  threshold?: { operator?: string; threshold?: number; units?: string };
  matchers?: unknown[];
  notifications?: Record<string, unknown>[];
  severityOverride?: string;
}

/** Adds the flags shared by `create` and `update`. */
export function withAlertConfigFlags(command: Command): Command {
  return command
    .option("--event <eventTypeName>", "event type, e.g. NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK")
    .option("--enabled", "turn the configuration on (create leaves it off without this flag)")
    .option("--thresholdDays <days>", "alert when fewer days than this remain before the expiry")
    .addOption(new Option("--notificationType <type>", "who is notified").choices(["GROUP", "EMAIL", "USER", "WEBHOOK", "SLACK"]))
    .option("--notificationIntervalMin <minutes>", "minutes between repeated notifications (at least 5)")
    .option("--notificationDelayMin <minutes>", "minutes to wait before the first notification")
    .option("--notificationEmailEnabled", "send email (GROUP and USER notifications)")
    .option("--notificationSmsEnabled", "send text messages (GROUP and USER notifications)")
    .option("--notificationRole <role>", "project role(s) notified by a GROUP notification, comma separated or repeated", collectList)
    .option("--notificationEmailAddress <address>", "address of an EMAIL notification")
    .option("--notificationUsername <name>", "person of a USER notification")
    .option("--notificationWebhookUrl <url>", "URL of a WEBHOOK or SLACK notification")
    .option("--notificationWebhookSecret <secret>", "secret that signs WEBHOOK bodies")
    .option("--notificationChannelName <name>", "channel of a SLACK notification");
}

/** The body of a new configuration. */
export function newAlertConfig(flags: AlertConfigFlags): AlertConfig {
  if (!flags.event) throw new Error("required option '--event <eventTypeName>' not specified");
  if (!flags.notificationType) throw new Error("required option '--notificationType <type>' not specified");
  return mergeAlertConfig({ eventTypeName: flags.event, enabled: false, matchers: [], notifications: [] }, flags);
}

/** `current` with what the flags change; notification flags change its first notification. */
export function mergeAlertConfig(current: AlertConfig, flags: AlertConfigFlags): AlertConfig {
  const { id: _id, ...config } = current;
  const next: AlertConfig = { ...config };
  if (flags.event !== undefined) next.eventTypeName = flags.event;
  if (flags.enabled !== undefined) next.enabled = flags.enabled;
  if (flags.thresholdDays !== undefined) next.threshold = { operator: "LESS_THAN", threshold: whole("--thresholdDays", flags.thresholdDays), units: "DAYS" };
  const fields = notificationFields(flags);
  if (Object.keys(fields).length > 0) {
    const [first, ...rest] = current.notifications ?? [];
    const base = first && (flags.notificationType === undefined || flags.notificationType === first.typeName) ? first : {};
    next.notifications = [{ ...base, ...fields }, ...rest];
  }
  return next;
}

function notificationFields(flags: AlertConfigFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (flags.notificationType !== undefined) out.typeName = flags.notificationType;
  if (flags.notificationIntervalMin !== undefined) out.intervalMin = whole("--notificationIntervalMin", flags.notificationIntervalMin);
  if (flags.notificationDelayMin !== undefined) out.delayMin = whole("--notificationDelayMin", flags.notificationDelayMin);
  if (flags.notificationEmailEnabled !== undefined) out.emailEnabled = flags.notificationEmailEnabled;
  if (flags.notificationSmsEnabled !== undefined) out.smsEnabled = flags.notificationSmsEnabled;
  if (flags.notificationRole !== undefined) out.roles = flags.notificationRole;
  if (flags.notificationEmailAddress !== undefined) out.emailAddress = flags.notificationEmailAddress;
  if (flags.notificationUsername !== undefined) out.username = flags.notificationUsername;
  if (flags.notificationWebhookUrl !== undefined) out.webhookUrl = flags.notificationWebhookUrl;
  if (flags.notificationWebhookSecret !== undefined) out.webhookSecret = flags.notificationWebhookSecret;
  if (flags.notificationChannelName !== undefined) out.channelName = flags.notificationChannelName;
  return out;
}

function whole(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}
