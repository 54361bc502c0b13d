import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { signBody, verifySignature } from "./webhook-signature.js";

test("the signature is the hex HMAC-SHA256 of the body, prefixed sha256=", () => {
  const body = '{"id":"x"}';
  assert.equal(signBody("s3cret", body), `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
});

test("verification refuses another secret, an altered body and a missing header", () => {
  const body = '{"id":"x"}';
  const header = signBody("s3cret", body);
  assert.equal(verifySignature("s3cret", body, header), true);
  assert.equal(verifySignature("other", body, header), false);
  assert.equal(verifySignature("s3cret", '{"id":"y"}', header), false);
  assert.equal(verifySignature("s3cret", body, undefined), false);
});
