import assert from "node:assert/strict";
import { test } from "node:test";
import { isCoreError } from "../core/core-error.js";
import { validateAlertConfig } from "./alert-config-validation.js";

const base = {
  eventTypeName: "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK",
  threshold: { operator: "LESS_THAN", threshold: 30, units: "DAYS" },
};

function codeOf(input: object): string {
  try {
    validateAlertConfig(input);
  } catch (error) {
    if (isCoreError(error)) return error.code;
    throw error;
  }
  return "accepted";
}

test("defaults: enabled false, delay 0, interval 60, no matchers", () => {
  const draft = validateAlertConfig({ ...base, notifications: [{ typeName: "EMAIL", emailAddress: "ops@example.com" }] });
  assert.equal(draft.enabled, false);
  assert.deepEqual(draft.matchers, []);
  assert.deepEqual(draft.notifications, [{ typeName: "EMAIL", delayMin: 0, intervalMin: 60, emailAddress: "ops@example.com" }]);
});

test("each refusal carries Atlas's code", () => {
  const email = { typeName: "EMAIL", emailAddress: "ops@example.com" };
  assert.equal(codeOf({ ...base, notifications: [email, { typeName: "GROUP", emailEnabled: true, roles: ["GROUP_OWNER"] }, { typeName: "GROUP", emailEnabled: true, roles: ["GROUP_READ_ONLY"] }] }), "TOO_MANY_GROUP_NOTIFICATIONS");
  assert.equal(codeOf({ ...base, notifications: Array.from({ length: 26 }, () => email) }), "MAX_NOTIFICATIONS_PER_ALERT_EXCEEDED");
  assert.equal(codeOf({ ...base, notifications: [{ typeName: "USER", username: "a@example.com" }] }), "EMAIL_OR_SMS_REQUIRED_FOR_USER_NOTIFICATION");
  assert.equal(codeOf({ ...base, notifications: [{ typeName: "SMS", mobileNumber: "1" }] }), "INVALID_ENUM_VALUE");
  assert.equal(codeOf({ ...base, notifications: [{ typeName: "GROUP", emailEnabled: true, roles: ["GROUP_NOBODY"] }] }), "INVALID_ENUM_VALUE");
  assert.equal(codeOf({ ...base, notifications: [{ ...email, webhookUrl: "https://x" }] }), "INVALID_ATTRIBUTE");
  assert.equal(codeOf({ ...base, matchers: [{ fieldName: "HOSTNAME", operator: "EQUALS", value: "x" }], notifications: [email] }), "INVALID_ATTRIBUTE");
  assert.equal(codeOf({ ...base, threshold: { operator: "LESS_THAN", threshold: 0, units: "DAYS" }, notifications: [email] }), "INVALID_ATTRIBUTE");
  assert.equal(codeOf({ ...base, notifications: [{ typeName: "WEBHOOK", webhookUrl: "ftp://x/y" }] }), "INVALID_ATTRIBUTE");
  assert.equal(codeOf({ ...base, severityOverride: "LOUD", notifications: [email] }), "INVALID_ENUM_VALUE");
  assert.equal(codeOf({ threshold: base.threshold, notifications: [email] }), "MISSING_ATTRIBUTE");
});
