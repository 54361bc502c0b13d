import assert from "node:assert/strict";
import { test } from "node:test";
import { describeSmtpFailure, smtpServerOf } from "./smtp-failure.js";

const TO = ["ops@example.com"];

test("SMTP failures are told in words, naming the recipients and the server", () => {
  assert.equal(
    describeSmtpFailure({ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 unknown user", message: "Can't send mail - all recipients were rejected" }, TO, "mail:25"),
    'The mail server mail:25 refused the email to ops@example.com: "550 5.1.1 unknown user".',
  );
  assert.equal(describeSmtpFailure({ code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:1" }, TO, "127.0.0.1:1"), "The email to ops@example.com was not sent: nothing accepts connections at the mail server 127.0.0.1:1.");
  assert.equal(describeSmtpFailure({ code: "EDNS", message: "getaddrinfo ENOTFOUND x" }, TO, "x:25"), "The email to ops@example.com was not sent: the mail server's name in x:25 could not be found.");
  assert.equal(describeSmtpFailure({ code: "ETIMEDOUT", message: "Connection timeout" }, TO, "slow:25"), "The email to ops@example.com was not sent: the mail server slow:25 did not answer in time.");
  assert.match(describeSmtpFailure({ code: "EAUTH", response: "535 bad credentials", message: "Invalid login" }, TO, "m:587"), /refused certgate's sign-in: "535 bad credentials"\.$/);
});

test("the server is named without the credentials of the URL", () => {
  assert.equal(smtpServerOf("smtps://user:secret@mail.example.com:465"), "mail.example.com:465");
  assert.equal(smtpServerOf("smtp://mail.example.com"), "mail.example.com");
});
