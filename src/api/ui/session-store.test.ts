import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../shared/clock.js";
import { SessionStore } from "./session-store.js";

const lifetimes = { idleMs: 1_000, absoluteMs: 5_000 };

test("a session is found by its token, with a CSRF token of its own", () => {
  const store = new SessionStore(new ManualClock(0), lifetimes);
  const a = store.create("person-a");
  const b = store.create("person-b");
  assert.notEqual(a.token, b.token);
  assert.notEqual(a.session.csrfToken, b.session.csrfToken);
  assert.notEqual(a.token, a.session.csrfToken);
  assert.equal(store.get(a.token)?.personId, "person-a");
  assert.equal(store.get("not-a-token"), undefined);
});

test("a session ends when idle too long, and after its absolute lifetime even when used", () => {
  const clock = new ManualClock(0);
  const store = new SessionStore(clock, lifetimes);
  const idle = store.create("p");
  clock.advance(1_001);
  assert.equal(store.get(idle.token), undefined);

  const busy = store.create("p");
  for (let i = 0; i < 5; i++) {
    clock.advance(900);
    assert.ok(store.get(busy.token), `still alive after ${(i + 1) * 900} ms of use`);
  }
  clock.advance(600);
  assert.equal(store.get(busy.token), undefined, "used 600 ms ago, but 5100 ms old: past the absolute lifetime");
});

test("delete ends a session", () => {
  const store = new SessionStore(new ManualClock(0), lifetimes);
  const { token } = store.create("p");
  store.delete(token);
  assert.equal(store.get(token), undefined);
});
