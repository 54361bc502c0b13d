import { test } from "node:test";
import assert from "node:assert/strict";
import { DigestHeaderError, formatDigestChallenge, parseDigestAuthorization } from "./digest-header.js";

test("quoted values may hold commas and escaped quotes; names are case-insensitive", () => {
  const creds = parseDigestAuthorization(
    'digest USERNAME="a\\"b", realm="MMS Public API", nonce="n,1", uri="/x?a=1,2", response="ABCDEF", qop=auth, nc=00000001, cnonce="c"',
  );
  assert.deepEqual(creds, {
    username: 'a"b',
    realm: "MMS Public API",
    nonce: "n,1",
    uri: "/x?a=1,2",
    response: "abcdef",
    algorithm: "MD5",
    qop: "auth",
    nc: "00000001",
    cnonce: "c",
  });
});

test("other schemes are not digest credentials", () => {
  assert.equal(parseDigestAuthorization("Basic dXNlcjpwYXNz"), undefined);
});

test("missing fields, unknown algorithms, duplicates and hashed user names are refused by name", () => {
  assert.throws(() => parseDigestAuthorization('Digest username="u", realm="r", nonce="n", uri="/"'), /missing "response"/);
  assert.throws(
    () => parseDigestAuthorization('Digest username="u", realm="r", nonce="n", uri="/", response="x", algorithm=SHA-512-256'),
    /algorithm "SHA-512-256" is not supported/,
  );
  assert.throws(() => parseDigestAuthorization('Digest username="u", username="v", realm="r", nonce="n", uri="/", response="x"'), DigestHeaderError);
  assert.throws(
    () => parseDigestAuthorization('Digest username="u", userhash=true, realm="r", nonce="n", uri="/", response="x"'),
    /hashed username/,
  );
  assert.throws(() => parseDigestAuthorization('Digest username="u'), /unterminated/);
});

test("challenges look like Atlas's", () => {
  assert.equal(
    formatDigestChallenge({ realm: "MMS Public API", nonce: "abc", algorithm: "MD5", stale: false }),
    'Digest realm="MMS Public API", domain="", nonce="abc", algorithm=MD5, qop="auth", stale=false',
  );
});
