/** The words and the JSON document a notification carries, the same facts for every channel. */
import { atlasTime } from "../core/ids.js";
import { daysLeftText, wholeDaysLeft } from "../shared/days-left.js";
import { EVENT_TYPE_SUBJECTS, type AlertEventType } from "./event-types.js";

/** Everything a notification says. */
export interface AlertNotice {
  alertId: string;
  alertConfigId: string;
  groupId: string;
  orgId: string;
  projectName: string;
  eventTypeName: AlertEventType;
  created: string;
  targetLabel: string;
  expiresAt: string;
  notifierId: string;
  /** Which repetition this is (0 for the first notification of the alert). */
  intervalNumber: number;
  now: Date;
}

/** One line: what expires, and when. */
export function summaryOf(notice: AlertNotice): string {
  const msLeft = Date.parse(notice.expiresAt) - notice.now.getTime();
  const when =
    msLeft <= 0
      ? `expired on ${atlasTime(notice.expiresAt)}`
      : `expires in ${daysLeftText(wholeDaysLeft(notice.expiresAt, notice.now))}, on ${atlasTime(notice.expiresAt)}`;
  return `The ${EVENT_TYPE_SUBJECTS[notice.eventTypeName]} ${notice.targetLabel} of project "${notice.projectName}" ${when}.`;
}

/** The email's subject line. */
export function emailSubject(notice: AlertNotice): string {
  return `[certgate] ${notice.projectName}: ${EVENT_TYPE_SUBJECTS[notice.eventTypeName]} expiring`;
}

/** The email's text. */
export function emailText(notice: AlertNotice): string {
  return [
    summaryOf(notice),
    "",
    `Alert ${notice.alertId} (${notice.eventTypeName}) is open since ${atlasTime(notice.created)}.`,
    "This notification repeats at the configured interval until the alert is closed or acknowledged.",
    `Project: ${notice.groupId}; alert configuration: ${notice.alertConfigId}.`,
  ].join("\n");
}

/** The webhook's JSON body: Atlas's alert fields plus certgate's description of the target. */
export function webhookDocument(notice: AlertNotice): Record<string, unknown> {
  return {
    id: notice.alertId,
    alertConfigId: notice.alertConfigId,
    groupId: notice.groupId,
    orgId: notice.orgId,
    eventTypeName: notice.eventTypeName,
    status: "OPEN",
    created: atlasTime(notice.created),
    humanReadable: summaryOf(notice),
    target: { label: notice.targetLabel, expiresAt: atlasTime(notice.expiresAt) },
    notification: { notifierId: notice.notifierId, intervalNumber: notice.intervalNumber, sentAt: atlasTime(notice.now) },
  };
}

/** A Slack incoming-webhook message. */
export function slackDocument(notice: AlertNotice, channelName: string | undefined): Record<string, unknown> {
  return { text: `:warning: ${summaryOf(notice)} (alert ${notice.alertId})`, ...(channelName ? { channel: channelName } : {}) };
}
