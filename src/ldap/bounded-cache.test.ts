import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedCache } from "./bounded-cache.js";
import { ServerCircuits } from "./server-circuit.js";

test("the cache keeps at most maxEntries, evicting the least recently used", () => {
  let now = 0;
  const cache = new BoundedCache<string, number>(2, 1000, () => now);
  cache.set("a", 1);
  cache.set("b", 2);
  assert.equal(cache.get("a"), 1, "touching a makes b the oldest");
  cache.set("c", 3);
  assert.equal(cache.size, 2);
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("a"), 1);
  assert.equal(cache.get("c"), 3);
  now = 999;
  assert.equal(cache.get("a"), 1, "alive until its TTL has passed");
  now = 1000;
  assert.equal(cache.get("a"), undefined, "expired at the TTL");
  assert.throws(() => new BoundedCache(0, 1), RangeError);
});

test("a failed server is blocked for the open period, then tried again; servers are independent", () => {
  let now = 0;
  const circuits = new ServerCircuits(500, () => now);
  circuits.failed("ldap-a:636", "ECONNREFUSED");
  assert.equal(circuits.blocked("ldap-a:636"), "ECONNREFUSED");
  assert.equal(circuits.blocked("ldap-b:636"), undefined);
  now = 499;
  assert.equal(circuits.blocked("ldap-a:636"), "ECONNREFUSED");
  now = 500;
  assert.equal(circuits.blocked("ldap-a:636"), undefined, "half-open: the next lookup may try");
  circuits.failed("ldap-a:636", "timeout");
  assert.equal(circuits.blocked("ldap-a:636"), "timeout", "a failed retry opens it again");
  circuits.succeeded("ldap-a:636");
  assert.equal(circuits.blocked("ldap-a:636"), undefined);
});
