import assert from "node:assert/strict";
import { test } from "node:test";
import { LookupCache } from "./lookup-cache.js";

/** A load whose answers the test releases by hand, counting the calls. */
function manualLoad() {
  const pending: Array<(value: string) => void> = [];
  const calls: string[] = [];
  const load = (key: string) => {
    calls.push(key);
    return new Promise<string | undefined>((resolve) => pending.push(resolve));
  };
  return { load, calls, release: (value: string) => pending.shift()?.(value) };
}

test("concurrent misses of one key share one load", async () => {
  const { load, calls, release } = manualLoad();
  const cache = new LookupCache(load, false);
  const answers = Promise.all([cache.get("alice"), cache.get("alice"), cache.get("alice")]);
  assert.deepEqual(calls, ["alice"]);
  release("row");
  assert.deepEqual(await answers, ["row", "row", "row"]);
  assert.equal(await cache.get("alice"), "row");
  assert.deepEqual(calls, ["alice"], "the answer is remembered");
});

test("a miss after an invalidation does not join a load that started before it", async () => {
  const { load, calls, release } = manualLoad();
  const cache = new LookupCache(load, false);
  const old = cache.get("alice");
  cache.invalidate("alice");
  const fresh = cache.get("alice");
  assert.deepEqual(calls, ["alice", "alice"], "the change may have happened after the first load read the store");
  release("old row");
  release("new row");
  assert.equal(await old, "old row");
  assert.equal(await fresh, "new row");
  assert.equal(await cache.get("alice"), "new row");
});
