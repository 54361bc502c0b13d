/**
 * Delivers one notification over its channel: GROUP, USER and EMAIL by email, WEBHOOK as a signed JSON
 * POST, SLACK as an incoming-webhook message.
 */
import type { Kysely } from "kysely";
import type { MasterKey } from "../pki/master-key.js";
import type { Database } from "../store/schema.js";
import type { StoredNotification } from "./alert-types.js";
import { permanent, type DeliveryOutcome } from "./delivery-outcome.js";
import type { EmailSender } from "./email-sender.js";
import { postJson } from "./http-post.js";
import { emailSubject, emailText, slackDocument, webhookDocument, type AlertNotice } from "./notification-message.js";
import { openWebhookTarget } from "./notification-secrets.js";
import { groupRecipients } from "./recipients.js";
import { SIGNATURE_HEADER, signBody } from "./webhook-signature.js";

/** What delivery needs besides the notice. */
export interface ChannelContext {
  db: Kysely<Database>;
  masterKey: MasterKey;
  email: EmailSender;
  /** Extra trust anchors (PEM) for https webhook receivers. */
  webhookCa?: string;
  webhookTimeoutMs?: number;
}

/** Sends `notice` through `notification`. */
export async function deliverNotification(ctx: ChannelContext, notification: StoredNotification, notice: AlertNotice): Promise<DeliveryOutcome> {
  switch (notification.typeName) {
    case "GROUP": {
      const to = await groupRecipients(ctx.db, notice.groupId, notice.orgId, notification.roles ?? []);
      if (to.length === 0) return permanent(`no person with an email holds ${(notification.roles ?? []).join(" or ")} in the project`);
      return ctx.email.send({ to, subject: emailSubject(notice), text: emailText(notice) });
    }
    case "USER":
      return ctx.email.send({ to: [notification.username ?? ""], subject: emailSubject(notice), text: emailText(notice) });
    case "EMAIL":
      return ctx.email.send({ to: [notification.emailAddress ?? ""], subject: emailSubject(notice), text: emailText(notice) });
    case "WEBHOOK": {
      const { url, secret } = openWebhookTarget(ctx.masterKey, notification);
      const body = JSON.stringify(webhookDocument(notice));
      return postJson(url, body, { ...postOptions(ctx), headers: secret === undefined ? {} : { [SIGNATURE_HEADER]: signBody(secret, body) } });
    }
    case "SLACK": {
      const { url } = openWebhookTarget(ctx.masterKey, notification);
      return postJson(url, JSON.stringify(slackDocument(notice, notification.channelName)), postOptions(ctx));
    }
  }
}

function postOptions(ctx: ChannelContext): { ca?: string; timeoutMs?: number } {
  return { ...(ctx.webhookCa === undefined ? {} : { ca: ctx.webhookCa }), ...(ctx.webhookTimeoutMs === undefined ? {} : { timeoutMs: ctx.webhookTimeoutMs }) };
}
