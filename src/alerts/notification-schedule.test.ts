import assert from "node:assert/strict";
import { test } from "node:test";
import { currentSlot, MAX_ATTEMPTS, retryAt, slotSeries } from "./notification-schedule.js";

const H = 3_600_000;

test("slot 0 at creation, slot 1 one interval later, none in between", () => {
  const created = Date.UTC(2026, 0, 1);
  assert.equal(currentSlot(created, 0, 1440, created), 0);
  assert.equal(currentSlot(created, 0, 1440, created + 23 * H + 59 * 60_000), 0);
  assert.equal(currentSlot(created, 0, 1440, created + 24 * H), 1);
  assert.equal(currentSlot(created, 0, 1440, created + 72 * H + 1), 3);
});

test("the delay postpones the first slot", () => {
  const created = Date.UTC(2026, 0, 1);
  assert.equal(currentSlot(created, 30, 60, created + 29 * 60_000), undefined);
  assert.equal(currentSlot(created, 30, 60, created + 30 * 60_000), 0);
  assert.equal(currentSlot(created, 30, 60, created + 90 * 60_000), 1);
});

test("retries back off 1, 2, 4, 8 minutes, then stop", () => {
  assert.equal(retryAt(0, 1), 60_000);
  assert.equal(retryAt(0, 2), 120_000);
  assert.equal(retryAt(0, 4), 480_000);
  assert.equal(retryAt(0, MAX_ATTEMPTS), undefined);
});

test("a notification's slot series changes with its timing, not with anything else", () => {
  const n = { notifierId: "0123456789abcdef01234567", delayMin: 0, intervalMin: 1440 };
  assert.equal(slotSeries(n), "0123456789abcdef01234567@0/1440");
  assert.notEqual(slotSeries({ ...n, intervalMin: 60 }), slotSeries(n));
  assert.notEqual(slotSeries({ ...n, delayMin: 5 }), slotSeries(n));
});
