/**
 * The web UI's login lock-out in the store, on SQLite and PostgreSQL: counts per email within a window,
 * shared by every instance, emails stored only as hashes, stale rows purged.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { LoginThrottle } from "../../src/core/login-throttle.js";
import { ManualClock } from "../../src/shared/clock.js";
import type { Store } from "../../src/store/index.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const T0 = Date.parse("2026-03-01T09:00:00.000Z");
const limits = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

async function counts(store: Store): Promise<{ failures: number; locks: number }> {
  const failures = await store.db.selectFrom("ui_login_failures").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  const locks = await store.db.selectFrom("ui_login_locks").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return { failures: Number(failures.n), locks: Number(locks.n) };
}

forEachStoreDialect("login throttle", ({ freshStore }) => {
  test("locks a key after maxFailures within the window, for lockMs", async () => {
    const store = await freshStore();
    const clock = new ManualClock(T0);
    const throttle = new LoginThrottle(store, clock, limits);
    await throttle.recordFailure("a@example.com");
    await throttle.recordFailure("a@example.com");
    assert.equal(await throttle.retryAfterSeconds("a@example.com"), 0);
    await throttle.recordFailure("a@example.com");
    assert.equal(await throttle.retryAfterSeconds("a@example.com"), 300);
    assert.equal(await throttle.retryAfterSeconds("b@example.com"), 0, "other keys are not affected");
    assert.deepEqual(await counts(store), { failures: 0, locks: 1 }, "the lock replaces the counted failures");
    clock.advance(299_001);
    assert.equal(await throttle.retryAfterSeconds("a@example.com"), 1);
    clock.advance(1_000);
    assert.equal(await throttle.retryAfterSeconds("a@example.com"), 0);
  });

  test("failures older than the window do not count", async () => {
    const store = await freshStore();
    const clock = new ManualClock(T0);
    const throttle = new LoginThrottle(store, clock, limits);
    await throttle.recordFailure("k");
    await throttle.recordFailure("k");
    clock.advance(60_000);
    await throttle.recordFailure("k");
    assert.equal(await throttle.retryAfterSeconds("k"), 0);
    await throttle.recordFailure("k");
    assert.equal(await throttle.retryAfterSeconds("k"), 0, "two in the window");
    await throttle.recordFailure("k");
    assert.equal(await throttle.retryAfterSeconds("k"), 300, "three in the window");
  });

  test("a success forgets earlier failures", async () => {
    const store = await freshStore();
    const throttle = new LoginThrottle(store, new ManualClock(T0), limits);
    await throttle.recordFailure("k");
    await throttle.recordFailure("k");
    await throttle.recordSuccess("k");
    await throttle.recordFailure("k");
    await throttle.recordFailure("k");
    assert.equal(await throttle.retryAfterSeconds("k"), 0);
  });

  test("failures on different instances add up, and a lock set by one holds on the other", async () => {
    const store = await freshStore();
    const clock = new ManualClock(T0);
    const one = new LoginThrottle(store, clock, limits);
    const two = new LoginThrottle(store, clock, limits);
    await one.recordFailure("k");
    await two.recordFailure("k");
    await one.recordFailure("k");
    assert.equal(await two.retryAfterSeconds("k"), 300);
  });

  test("concurrent failures are all counted", async () => {
    const store = await freshStore();
    const throttle = new LoginThrottle(store, new ManualClock(T0), { ...limits, maxFailures: 10 });
    await Promise.all(Array.from({ length: 9 }, () => throttle.recordFailure("k")));
    assert.equal(await throttle.retryAfterSeconds("k"), 0);
    assert.deepEqual(await counts(store), { failures: 9, locks: 0 });
    await throttle.recordFailure("k");
    assert.equal(await throttle.retryAfterSeconds("k"), 300);
  });

  test("emails are stored as SHA-256 hashes only", async () => {
    const store = await freshStore();
    const throttle = new LoginThrottle(store, new ManualClock(T0), limits);
    for (let i = 0; i < 3; i++) await throttle.recordFailure("secret.person@example.com");
    await throttle.recordFailure("other@example.com");
    const dump = JSON.stringify([
      await store.db.selectFrom("ui_login_failures").selectAll().execute(),
      await store.db.selectFrom("ui_login_locks").selectAll().execute(),
    ]);
    assert.ok(!dump.includes("example.com"), dump);
    assert.ok(dump.includes(LoginThrottle.keyHash("secret.person@example.com")));
    assert.ok(dump.includes(LoginThrottle.keyHash("other@example.com")));
  });

  test("failures past the window and ended locks are purged", async () => {
    const store = await freshStore();
    const clock = new ManualClock(T0);
    const throttle = new LoginThrottle(store, clock, limits);
    for (let i = 0; i < 3; i++) await throttle.recordFailure("locked");
    await throttle.recordFailure("stale");
    assert.deepEqual(await counts(store), { failures: 1, locks: 1 });
    clock.advance(300_000); // the lock has ended and the failure is past its window; the 10-minute purge is not due yet
    await throttle.recordFailure("fresh");
    assert.deepEqual(await counts(store), { failures: 2, locks: 1 }, "no purge before its interval");
    clock.advance(300_000);
    await throttle.recordFailure("newest");
    assert.deepEqual(await counts(store), { failures: 1, locks: 0 }, "the due purge left only the newest failure");
  });
});
