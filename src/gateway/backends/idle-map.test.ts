import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../../shared/clock.js";
import { IdleMap } from "./idle-map.js";

const MINUTE = 60_000;

function table(): { clock: ManualClock; map: IdleMap<string, string> } {
  const clock = new ManualClock(0);
  return { clock, map: new IdleMap<string, string>(10 * MINUTE, { everyMs: MINUTE, clock }) };
}

test("an entry idle past the limit is forgotten when a later entry is added", () => {
  const { clock, map } = table();
  map.set("old", "a");
  clock.advance(10 * MINUTE + 1);
  map.set("new", "b");
  assert.equal(map.peek("old"), undefined);
  assert.equal(map.get("new"), "b");
  assert.equal(map.size, 1);
});

test("get marks an entry used, peek does not", () => {
  const { clock, map } = table();
  map.set("read", "a");
  map.set("peeked", "b");
  clock.advance(6 * MINUTE);
  assert.equal(map.get("read"), "a");
  assert.equal(map.peek("peeked"), "b");
  clock.advance(6 * MINUTE);
  map.set("trigger", "c");
  assert.equal(map.peek("read"), "a");
  assert.equal(map.peek("peeked"), undefined);
});

test("idle entries are looked for at most once every everyMs", () => {
  const { clock, map } = table();
  map.set("x", "a");
  clock.advance(10 * MINUTE);
  map.set("y", "b"); // a sweep, but x is idle for exactly the limit, not longer
  clock.advance(MINUTE / 2);
  map.set("z", "c"); // x is idle too long now, but the last sweep was half a minute ago
  assert.equal(map.peek("x"), "a");
  clock.advance(MINUTE / 2);
  map.set("w", "d");
  assert.equal(map.peek("x"), undefined);
  assert.equal(map.size, 3);
});

test("getOrAdd returns the entry there is, or adds what create makes", () => {
  const { map } = table();
  let made = 0;
  const create = (): string => `made ${++made}`;
  assert.equal(map.getOrAdd("k", create), "made 1");
  assert.equal(map.getOrAdd("k", create), "made 1");
  assert.equal(made, 1);
});

test("deleteWhere forgets the entries whose value matches", () => {
  const { map } = table();
  map.set("a", "session 1");
  map.set("b", "session 2");
  map.set("c", "session 1");
  map.deleteWhere((value) => value === "session 1");
  assert.deepEqual([map.peek("a"), map.peek("b"), map.peek("c")], [undefined, "session 2", undefined]);
});
