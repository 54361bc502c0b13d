import assert from "node:assert/strict";
import { test } from "node:test";
import { describeSmtpFailure, smtpServerOf, type SmtpError } from "./smtp-failure.js";

const TO = ["ops@example.com"];

const cases: { err: SmtpError; server: string; reason: string; detail: string }[] = [
  {
    err: { code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 unknown user", message: "Can't send mail - all recipients were rejected" },
    server: "mx1.corp.example:25",
    reason: "The mail server refused the recipient ops@example.com.",
    detail: 'The mail server mx1.corp.example:25 refused the email to ops@example.com: "550 5.1.1 unknown user".',
  },
  {
    err: { code: "EENVELOPE", responseCode: 450, response: "450 4.2.0 mailbox busy", message: "all recipients were rejected" },
    server: "mx1.corp.example:25",
    reason: "The mail server refused the recipient ops@example.com for now.",
    detail: 'The mail server mx1.corp.example:25 refused the email to ops@example.com: "450 4.2.0 mailbox busy".',
  },
  {
    err: { code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:1" },
    server: "127.0.0.1:1",
    reason: "The email to ops@example.com was not sent: certgate could not connect to the mail server.",
    detail: "The email to ops@example.com was not sent: the connection to the mail server 127.0.0.1:1 failed (connect ECONNREFUSED 127.0.0.1:1).",
  },
  {
    err: { code: "EDNS", message: "getaddrinfo ENOTFOUND nx.corp.example" },
    server: "nx.corp.example:25",
    reason: "The email to ops@example.com was not sent: the mail server's name could not be found.",
    detail: "The email to ops@example.com was not sent: the mail server's name in nx.corp.example:25 could not be found (getaddrinfo ENOTFOUND nx.corp.example).",
  },
  {
    err: { code: "ETIMEDOUT", message: "Connection timeout" },
    server: "slow.corp.example:25",
    reason: "The email to ops@example.com was not sent: the mail server did not answer in time.",
    detail: "The email to ops@example.com was not sent: the mail server slow.corp.example:25 did not answer in time.",
  },
  {
    err: { code: "EAUTH", response: "535 bad credentials", message: "Invalid login" },
    server: "m.corp.example:587",
    reason: "The email to ops@example.com was not sent: the mail server refused certgate's sign-in.",
    detail: 'The email to ops@example.com was not sent: the mail server m.corp.example:587 refused certgate\'s sign-in: "535 bad credentials".',
  },
  {
    err: { code: "EMESSAGE", responseCode: 554, response: "554 5.7.1 relay denied for 10.0.0.9", message: "Message failed" },
    server: "relay.internal:25",
    reason: "The mail server refused the email to ops@example.com.",
    detail: 'The mail server relay.internal:25 refused the email to ops@example.com: "554 5.7.1 relay denied for 10.0.0.9".',
  },
  {
    err: { message: "unexpected socket close from 10.0.0.9" },
    server: "relay.internal:25",
    reason: "The email to ops@example.com was not sent: sending through the mail server failed.",
    detail: "The email to ops@example.com was not sent through the mail server relay.internal:25: unexpected socket close from 10.0.0.9.",
  },
];

test("an SMTP failure's reason is in words, without the mail server's address or reply; the operators' detail has both", () => {
  for (const { err, server, reason, detail } of cases) {
    const told = describeSmtpFailure(err, TO, server);
    assert.equal(told.reason, reason);
    assert.equal(told.detail, detail);
    const host = server.split(":")[0] ?? server;
    assert.ok(!told.reason.includes(host), `the reason names the server: ${told.reason}`);
    if (err.response !== undefined) assert.ok(!told.reason.includes(err.response.slice(0, 3)), `the reason quotes the reply: ${told.reason}`);
    assert.ok(!told.reason.includes(err.message), `the reason repeats the error message: ${told.reason}`);
  }
});

test("the server is named without the credentials of the URL", () => {
  assert.equal(smtpServerOf("smtps://user:secret@mail.example.com:465"), "mail.example.com:465");
  assert.equal(smtpServerOf("smtp://mail.example.com"), "mail.example.com");
});
