import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../shared/clock.js";
import { LoginThrottle } from "./login-throttle.js";

const limits = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

test("locks a key after maxFailures within the window, for lockMs", () => {
  const clock = new ManualClock(0);
  const throttle = new LoginThrottle(clock, limits);
  throttle.recordFailure("a@example.com");
  throttle.recordFailure("a@example.com");
  assert.equal(throttle.retryAfterSeconds("a@example.com"), 0);
  throttle.recordFailure("a@example.com");
  assert.equal(throttle.retryAfterSeconds("a@example.com"), 300);
  assert.equal(throttle.retryAfterSeconds("b@example.com"), 0, "other keys are not affected");
  clock.advance(299_001);
  assert.equal(throttle.retryAfterSeconds("a@example.com"), 1);
  clock.advance(1_000);
  assert.equal(throttle.retryAfterSeconds("a@example.com"), 0);
});

test("failures older than the window do not count", () => {
  const clock = new ManualClock(0);
  const throttle = new LoginThrottle(clock, limits);
  throttle.recordFailure("k");
  throttle.recordFailure("k");
  clock.advance(60_001);
  throttle.recordFailure("k");
  assert.equal(throttle.retryAfterSeconds("k"), 0);
});

test("a success forgets earlier failures", () => {
  const throttle = new LoginThrottle(new ManualClock(0), limits);
  throttle.recordFailure("k");
  throttle.recordFailure("k");
  throttle.recordSuccess("k");
  throttle.recordFailure("k");
  throttle.recordFailure("k");
  assert.equal(throttle.retryAfterSeconds("k"), 0);
});
