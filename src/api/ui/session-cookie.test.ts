import assert from "node:assert/strict";
import { test } from "node:test";
import { clearedSessionCookie, readCookie, sessionCookie, SESSION_COOKIE } from "./session-cookie.js";

test("reads one cookie among several", () => {
  assert.equal(readCookie(`theme=dark; ${SESSION_COOKIE}=abc-123; other=x`, SESSION_COOKIE), "abc-123");
  assert.equal(readCookie("theme=dark", SESSION_COOKIE), undefined);
  assert.equal(readCookie(undefined, SESSION_COOKIE), undefined);
  assert.equal(readCookie(`x${SESSION_COOKIE}=nope`, SESSION_COOKIE), undefined, "names match exactly");
});

test("the session cookie is HTTP-only, Secure, SameSite=Strict and site-wide; clearing expires it", () => {
  const set = sessionCookie("tok", 600);
  for (const attribute of ["HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=600"]) assert.ok(set.split("; ").includes(attribute), `${set} has ${attribute}`);
  assert.ok(clearedSessionCookie().includes("Max-Age=0"));
});
