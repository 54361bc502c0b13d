import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addCalendarMonths } from "./calendar-months.js";

describe("addCalendarMonths", () => {
  const cases: [from: string, months: number, expected: string, why: string][] = [
    ["2026-08-10T03:06:35Z", 3, "2026-11-10T03:06:35.000Z", "Atlas's recorded certificate: same day and time, 3 months on"],
    ["2027-01-31T12:00:00Z", 1, "2027-02-28T12:00:00.000Z", "the 31st clamps to the last day of a short month"],
    ["2028-01-31T12:00:00Z", 1, "2028-02-29T12:00:00.000Z", "leap year February"],
    ["2026-03-31T23:59:59Z", 1, "2026-04-30T23:59:59.000Z", "30-day month"],
    ["2026-11-15T00:00:00Z", 2, "2027-01-15T00:00:00.000Z", "year rollover"],
    ["2026-02-28T08:00:00Z", 24, "2028-02-28T08:00:00.000Z", "24 months keeps the day"],
    ["2028-02-29T08:00:00Z", 12, "2029-02-28T08:00:00.000Z", "Feb 29 into a non-leap year"],
    ["2026-05-31T10:20:30.456Z", 1, "2026-06-30T10:20:30.456Z", "milliseconds are kept"],
  ];
  for (const [from, months, expected, why] of cases) {
    it(`${from} + ${months} months = ${expected} (${why})`, () => {
      assert.equal(addCalendarMonths(new Date(from), months).toISOString(), expected);
    });
  }
});
