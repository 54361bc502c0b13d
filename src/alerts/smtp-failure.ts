/**
 * An SMTP failure in the words of someone reading the Alerts page: what went wrong and with whom,
 * without nodemailer's codes (ESOCKET, EENVELOPE) or stack details.
 */

/** The fields of a nodemailer error this reads. */
export interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

/** Says why an email to `to` was not delivered through the mail server at `server` (host:port). */
export function describeSmtpFailure(err: SmtpError, to: readonly string[], server: string): string {
  const recipients = to.join(", ");
  const reply = err.response === undefined ? "" : `: "${err.response}"`;
  if (err.code === "EDNS") return `The email to ${recipients} was not sent: the mail server's name in ${server} could not be found.`;
  if (err.code === "ETIMEDOUT") return `The email to ${recipients} was not sent: the mail server ${server} did not answer in time.`;
  if (err.code === "EAUTH") return `The email to ${recipients} was not sent: the mail server ${server} refused certgate's sign-in${reply}.`;
  if (err.code === "EENVELOPE" && err.responseCode !== undefined) {
    return `The mail server ${server} refused the email to ${recipients}${reply}.`;
  }
  if (err.code === "ESOCKET" || err.code === "ECONNECTION") {
    if (/ECONNREFUSED/.test(err.message)) return `The email to ${recipients} was not sent: nothing accepts connections at the mail server ${server}.`;
    return `The email to ${recipients} was not sent: the connection to the mail server ${server} failed (${err.message}).`;
  }
  if (err.responseCode !== undefined) return `The mail server ${server} refused the email to ${recipients}${reply}.`;
  return `The email to ${recipients} was not sent through the mail server ${server}: ${err.message}.`;
}

/** host:port of an SMTP URL, without any user name or password in it. */
export function smtpServerOf(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return url.port === "" ? url.hostname : `${url.hostname}:${url.port}`;
  } catch {
    return "(unreadable CERTGATE_SMTP_URL)";
  }
}
