import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryOf, type AlertNotice } from "./notification-message.js";

const notice: AlertNotice = {
  alertId: "a1",
  alertConfigId: "c1",
  groupId: "g1",
  orgId: "o1",
  projectName: "Project 0",
  eventTypeName: "NDS_X509_USER_AUTHENTICATION_CUSTOMER_CA_EXPIRATION_CHECK",
  created: "2026-01-01T00:00:00Z",
  targetLabel: '"CN=Root CA,O=Acme"',
  expiresAt: "2026-01-20T23:00:00Z",
  notifierId: "n1",
  intervalNumber: 0,
  now: new Date("2026-01-01T00:00:00Z"),
};

test("a notification counts whole days left rounded down, as the web UI and the API do", () => {
  assert.match(summaryOf(notice), / expires in 19 days, on 2026-01-20T23:00:00Z\.$/);
  assert.match(summaryOf({ ...notice, expiresAt: "2026-01-02T23:00:00Z" }), / expires in 1 day, /);
  assert.match(summaryOf({ ...notice, expiresAt: "2026-01-01T05:00:00Z" }), / expires in less than a day, /);
  assert.match(summaryOf({ ...notice, expiresAt: "2025-12-31T00:00:00Z" }), / expired on 2025-12-31T00:00:00Z\.$/);
});
