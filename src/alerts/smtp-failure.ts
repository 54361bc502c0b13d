/**
 * An SMTP failure told twice: the reason in the words of someone reading the Alerts page (what went
 * wrong and with whom, without the mail server's address or reply, which are the operators' business),
 * and the operators' detail naming the server and quoting its reply, for the server log.
 */

/** The fields of a nodemailer error this reads. */
export interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

/** Why an email was not delivered: `reason` for every project reader, `detail` for the operators. */
export interface SmtpFailure {
  reason: string;
  detail: string;
}

/** Says why an email to `to` was not delivered through the mail server at `server` (host:port). */
export function describeSmtpFailure(err: SmtpError, to: readonly string[], server: string): SmtpFailure {
  const recipients = to.join(", ");
  const reply = err.response === undefined ? "" : `: "${err.response}"`;
  const notSent = `The email to ${recipients} was not sent`;
  if (err.code === "EDNS") {
    return { reason: `${notSent}: the mail server's name could not be found.`, detail: `${notSent}: the mail server's name in ${server} could not be found (${err.message}).` };
  }
  if (err.code === "ETIMEDOUT") {
    return { reason: `${notSent}: the mail server did not answer in time.`, detail: `${notSent}: the mail server ${server} did not answer in time.` };
  }
  if (err.code === "EAUTH") {
    return { reason: `${notSent}: the mail server refused certgate's sign-in.`, detail: `${notSent}: the mail server ${server} refused certgate's sign-in${reply}.` };
  }
  if (err.code === "ESOCKET" || err.code === "ECONNECTION") {
    return { reason: `${notSent}: certgate could not connect to the mail server.`, detail: `${notSent}: the connection to the mail server ${server} failed (${err.message}).` };
  }
  const detail = `The mail server ${server} refused the email to ${recipients}${reply}.`;
  if (err.code === "EENVELOPE" && err.responseCode !== undefined) {
    return { reason: `The mail server refused the recipient ${recipients}${later(err.responseCode)}.`, detail };
  }
  if (err.responseCode !== undefined) return { reason: `The mail server refused the email to ${recipients}${later(err.responseCode)}.`, detail };
  return { reason: `${notSent}: sending through the mail server failed.`, detail: `The email to ${recipients} was not sent through the mail server ${server}: ${err.message}.` };
}

/** A 4xx reply is a refusal for now. */
function later(responseCode: number): string {
  return responseCode >= 400 && responseCode < 500 ? " for now" : "";
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
