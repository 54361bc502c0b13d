import { test } from "node:test";
import assert from "node:assert/strict";
import { daysLeftText, wholeDaysLeft } from "./days-left.js";

test("days left are whole days rounded down, the same for dates and ISO strings", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  assert.equal(wholeDaysLeft("2026-01-20T23:00:00Z", now), 19, "19 days and 23 hours is 19 days");
  assert.equal(wholeDaysLeft(new Date("2026-01-21T00:00:00Z"), now), 20);
  assert.equal(wholeDaysLeft("2026-01-01T12:00:00Z", now), 0);
  assert.equal(wholeDaysLeft("2025-12-31T12:00:00Z", now), -1);
  assert.equal(daysLeftText(19), "19 days");
  assert.equal(daysLeftText(1), "1 day");
  assert.equal(daysLeftText(0), "less than a day");
});
