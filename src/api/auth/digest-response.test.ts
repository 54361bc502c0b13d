import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDigestAuthorization } from "../../shared/digest-header.js";
import { digestsEqual, expectedDigestResponse } from "./digest-response.js";

// The worked example of RFC 7616 §3.9.1, once with MD5 and once with SHA-256.
const example = (algorithm: string, response: string) =>
  `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=${algorithm}, ` +
  `nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ` +
  `qop=auth, response="${response}", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;

test("RFC 7616 §3.9.1 MD5 example", () => {
  const creds = parseDigestAuthorization(example("MD5", "8ca523f5e9506fed4657c9700eebdbec"));
  assert.ok(creds);
  assert.equal(expectedDigestResponse(creds, "GET", "Circle of Life"), "8ca523f5e9506fed4657c9700eebdbec");
});

test("RFC 7616 §3.9.1 SHA-256 example", () => {
  const creds = parseDigestAuthorization(example("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"));
  assert.ok(creds);
  assert.equal(
    expectedDigestResponse(creds, "GET", "Circle of Life"),
    "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
  );
});

test("a different method or password gives a different digest", () => {
  const creds = parseDigestAuthorization(example("MD5", "8ca523f5e9506fed4657c9700eebdbec"));
  assert.ok(creds);
  assert.notEqual(expectedDigestResponse(creds, "POST", "Circle of Life"), creds.response);
  assert.notEqual(expectedDigestResponse(creds, "GET", "Circle of life"), creds.response);
});

test("digestsEqual compares exactly and survives length differences", () => {
  assert.equal(digestsEqual("abc", "abc"), true);
  assert.equal(digestsEqual("abc", "abd"), false);
  assert.equal(digestsEqual("abc", "abcd"), false);
});
