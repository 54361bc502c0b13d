import assert from "node:assert/strict";
import { test } from "node:test";
import { signInThrottleKey, sourceNetwork } from "./sign-in-source.js";

test("IPv4 sources are single addresses, IPv4-mapped IPv6 included", () => {
  assert.equal(sourceNetwork("203.0.113.7"), "203.0.113.7");
  assert.equal(sourceNetwork("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(sourceNetwork("::FFFF:127.0.0.2"), "127.0.0.2");
});

test("IPv6 sources are their /64, whatever the notation", () => {
  const net = "2001:db8:1:2::/64";
  for (const address of ["2001:db8:1:2:3:4:5:6", "2001:0db8:0001:0002:ffff::1", "2001:DB8:1:2::", "2001:db8:1:2::7%eth0"]) {
    assert.equal(sourceNetwork(address), net, address);
  }
  assert.equal(sourceNetwork("::1"), "0:0:0:0::/64");
  assert.equal(sourceNetwork("fe80::1:2:3:4"), "fe80:0:0:0::/64");
  assert.notEqual(sourceNetwork("2001:db8:1:3::1"), net);
});

test("the key tells sources and accounts apart", () => {
  const owner = "owner@example.com";
  assert.notEqual(signInThrottleKey(owner, "198.51.100.1"), signInThrottleKey(owner, "198.51.100.2"));
  assert.notEqual(signInThrottleKey(owner, "198.51.100.1"), signInThrottleKey("other@example.com", "198.51.100.1"));
  assert.equal(signInThrottleKey(owner, "2001:db8::1"), signInThrottleKey(owner, "2001:db8::2"));
});
