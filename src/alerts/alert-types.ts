/**
 * The alerts feature's vocabulary, in Atlas's field names: alert configurations (`GroupAlertsConfig`
 * for the X.509 event types), their notifications and the alerts they raise (`DefaultAlertViewForNdsGroup`).
 */
import type { AlertEventType } from "./event-types.js";

/** Notification targets certgate delivers to. SMS, PagerDuty and the other Atlas integrations are not offered. */
export const NOTIFICATION_TYPES = ["GROUP", "EMAIL", "USER", "WEBHOOK", "SLACK"] as const;
/** One notification target type. */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Atlas's `LessThanDaysThresholdView`. */
export interface DaysThreshold {
  operator: "LESS_THAN";
  threshold: number;
  units: "DAYS";
}

/** A notification as the API shows it (URLs partially, secrets completely redacted). */
export interface NotificationView {
  typeName: NotificationType;
  notifierId: string;
  delayMin: number;
  intervalMin: number;
  emailEnabled?: boolean;
  smsEnabled?: boolean;
  roles?: string[];
  emailAddress?: string;
  username?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  channelName?: string;
}

/** A notification as stored: like the view, but the URL and secret are sealed (base64). */
export interface StoredNotification extends Omit<NotificationView, "webhookUrl" | "webhookSecret"> {
  sealedWebhookUrl?: string;
  sealedWebhookSecret?: string;
  /** The redacted form shown for the URL, kept so a PUT that echoes it back keeps the stored URL. */
  redactedWebhookUrl?: string;
}

/** Atlas's `AlertMatcher`. */
export interface AlertMatcher {
  fieldName: string;
  operator: string;
  value: string;
}

/** An alert configuration. */
export interface AlertConfig {
  id: string;
  groupId: string;
  eventTypeName: AlertEventType;
  enabled: boolean;
  threshold?: DaysThreshold;
  matchers: AlertMatcher[];
  notifications: NotificationView[];
  severityOverride?: string;
  created: string;
  updated: string;
}

/** What a client sends to create or replace a configuration (unvalidated). */
export interface AlertConfigInput {
  eventTypeName?: unknown;
  enabled?: unknown;
  threshold?: unknown;
  matchers?: unknown;
  notifications?: unknown;
  severityOverride?: unknown;
}

/** Alert states, as Atlas names them. TRACKING is not used: certgate's conditions have no minimum duration. */
export const ALERT_STATUSES = ["OPEN", "CLOSED", "CANCELLED"] as const;
/** One alert state. */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert. */
export interface Alert {
  id: string;
  alertConfigId: string;
  groupId: string;
  orgId: string;
  eventTypeName: AlertEventType;
  status: AlertStatus;
  created: string;
  updated: string;
  lastNotified?: string;
  resolved?: string;
  acknowledgedUntil?: string;
  acknowledgementComment?: string;
  acknowledgingUsername?: string;
  /** certgate extension: what the alert is about (a CA's subject, a certificate) and when it expires. */
  target: { label: string; expiresAt: string };
  /** certgate extension: the most recent notification of this alert that did not reach its receiver. */
  lastFailedNotification?: FailedNotification;
}

/** A notification that was not delivered: when it was tried, over which channel, to whom, and why it failed. */
export interface FailedNotification {
  /** When the last attempt started. */
  at: string;
  /** The notification's channel (`EMAIL`, `GROUP`, `USER`, `WEBHOOK`, `SLACK`), or absent when its configuration was deleted. */
  typeName?: NotificationType;
  /** Whom it was for, in words (an email address, project roles, a redacted URL). */
  recipient?: string;
  /** What went wrong, in words. */
  error: string;
  attempts: number;
  /** When it will be tried again; absent when certgate gave up on it. */
  nextAttemptAt?: string;
}

/** An acknowledgement request: Atlas's `AcknowledgeAlert` (v2 2024-05-30) and `AlertView` (v1.0) fields. */
export interface AcknowledgeInput {
  acknowledgedUntil?: string;
  acknowledgementComment?: string;
  unacknowledgeAlert?: boolean;
}
