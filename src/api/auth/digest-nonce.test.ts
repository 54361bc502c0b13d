import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { NonceSigner } from "./digest-nonce.js";
import { MemoryNonceCountStore } from "./nonce-count-store.js";

const secret = randomBytes(32);

test("a nonce is valid until its lifetime ends, then expired", () => {
  const signer = new NonceSigner(secret, 60_000);
  const nonce = signer.issue(1_000_000);
  assert.deepEqual(signer.check(nonce, 1_030_000), { valid: true, issuedAt: 1_000_000, expiresAt: 1_060_000 });
  assert.deepEqual(signer.check(nonce, 1_060_000), { valid: false, reason: "expired" });
});

test("a nonce from another secret, or altered, is forged", () => {
  const nonce = new NonceSigner(secret, 60_000).issue(1_000);
  assert.deepEqual(new NonceSigner(randomBytes(32), 60_000).check(nonce, 1_000), { valid: false, reason: "forged" });
  const flipped = Buffer.from(nonce, "base64url");
  flipped[0] = (flipped[0] as number) ^ 1;
  assert.deepEqual(new NonceSigner(secret, 60_000).check(flipped.toString("base64url"), 1_000), { valid: false, reason: "forged" });
  assert.deepEqual(new NonceSigner(secret, 60_000).check("not-a-nonce", 1_000), { valid: false, reason: "forged" });
});

test("a nonce from the future is refused", () => {
  const signer = new NonceSigner(secret, 60_000);
  assert.deepEqual(signer.check(signer.issue(100_000), 10_000), { valid: false, reason: "future" });
});

test("nonces are distinct and safe inside a quoted header value", () => {
  const signer = new NonceSigner(secret, 60_000);
  const a = signer.issue(5);
  assert.notEqual(a, signer.issue(5));
  assert.match(a, /^[A-Za-z0-9_-]+$/);
});

test("short secrets are refused", () => {
  assert.throws(() => new NonceSigner(randomBytes(16), 1), /at least 32 bytes, got 16/);
});

test("the memory store accepts only increasing nonce-counts per nonce and forgets expired nonces", async () => {
  let now = 0;
  const store = new MemoryNonceCountStore(() => now);
  assert.equal(await store.advance("a", 1, 100), true);
  assert.equal(await store.advance("a", 1, 100), false);
  assert.equal(await store.advance("a", 3, 100), true);
  assert.equal(await store.advance("a", 2, 100), false);
  assert.equal(await store.advance("b", 1, 100), true);
  now = 20_000;
  await store.advance("c", 1, 30_000);
  assert.equal(store.size, 1);
});
