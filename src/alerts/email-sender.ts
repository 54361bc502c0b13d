/** Sends notification emails over SMTP with nodemailer (`CERTGATE_SMTP_URL`, e.g. `smtp://host:25`). */
import nodemailer from "nodemailer";
import { permanent, transient, type DeliveryOutcome } from "./delivery-outcome.js";
import { describeSmtpFailure, smtpServerOf, type SmtpError } from "./smtp-failure.js";

/** Something that sends one email. */
export interface EmailSender {
  send(message: { to: readonly string[]; subject: string; text: string }): Promise<DeliveryOutcome>;
  close(): void;
}

/** An SMTP sender. `smtps://` uses TLS from the start; `smtp://` upgrades with STARTTLS when offered. */
export function createSmtpSender(smtpUrl: string, from: string): EmailSender {
  const transport = nodemailer.createTransport(smtpUrl);
  const server = smtpServerOf(smtpUrl);
  return {
    async send({ to, subject, text }) {
      try {
        await transport.sendMail({ from, to: [...to], subject, text });
        return { ok: true };
      } catch (err) {
        const code = (err as SmtpError).responseCode;
        const { reason, detail } = describeSmtpFailure(err as SmtpError, to, server);
        // 5xx is the server's final word on this message; anything else (4xx, connection) may pass later.
        return code !== undefined && code >= 500 ? permanent(reason, detail) : transient(reason, detail);
      }
    },
    close: () => transport.close(),
  };
}

/** The sender used when no SMTP server is configured: every email fails, naming the missing setting. */
export const unconfiguredEmailSender: EmailSender = {
  send: async () => permanent("The email was not sent: no mail server is configured (set CERTGATE_SMTP_URL)."),
  close: () => undefined,
};
