/** HTTP Digest authentication as Atlas does it, checked with curl and with a hand-driven client. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiFixture } from "../api-harness.js";
import { runCurl, splitStatus } from "../curl.js";
import { authorization, challengesOf, digestRequest, send } from "../digest-client.js";

/** Declares the digest tests. */
export function digestAuthSuite(fx: () => ApiFixture): void {
  const usersUrl = () => `${fx().api}/groups/${fx().projectId}/databaseUsers`;
  const usersPath = () => new URL(usersUrl()).pathname;

  test("no credentials: 401 with Atlas's challenge (MD5 first, then SHA-256) and error body", async () => {
    const res = await send(usersUrl());
    assert.equal(res.status, 401);
    const challenges = challengesOf(res);
    assert.deepEqual(challenges.map((c) => c.algorithm), ["MD5", "SHA-256"]);
    assert.match(challenges[0]?.raw ?? "", /^Digest realm="MMS Public API", domain="", nonce="[A-Za-z0-9_-]+", algorithm=MD5, qop="auth", stale=false$/);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    assert.deepEqual(body, { detail: "You are not authorized for this resource.", error: 401, errorCode: "UNAUTHORIZED", parameters: [], reason: "Unauthorized" });
  });

  test("curl --digest with the right key gets 200; with a wrong private key 401 and a fresh challenge", async () => {
    const { owner } = fx();
    const ok = await runCurl(["--silent", "--digest", "--user", `${owner.publicKey}:${owner.privateKey}`, "--write-out", "\n%{http_code}", usersUrl()]);
    assert.equal(splitStatus(ok.stdout).status, 200, ok.stdout);
    const bad = await runCurl(["--silent", "--digest", "--user", `${owner.publicKey}:not-the-key`, "--dump-header", "-", usersUrl()]);
    assert.match(bad.stdout, /HTTP\/1\.1 401[\s\S]*HTTP\/1\.1 401/, "both curl requests were refused");
    assert.match(bad.stdout, /www-authenticate: Digest realm="MMS Public API"/i);
    assert.match(bad.stdout, /"errorCode":"UNAUTHORIZED"/);
  });

  test("SHA-256 digests are accepted when the client picks that challenge", async () => {
    const res = await digestRequest(usersUrl(), fx().owner, { pickAlgorithm: "SHA-256" });
    assert.equal(res.status, 200, res.body);
  });

  test("an unknown public key is refused like a wrong password", async () => {
    const res = await digestRequest(usersUrl(), { publicKey: "nosuchkey", privateKey: "x" });
    assert.equal(res.status, 401);
    assert.equal(challengesOf(res)[0]?.stale, "false");
  });

  test("a replayed request (same nonce and nonce-count) is refused; a higher count on the same nonce is accepted", async () => {
    const { owner } = fx();
    const [challenge] = challengesOf(await send(usersUrl()));
    assert.ok(challenge);
    const auth1 = authorization({ challenge, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: usersPath(), nc: 1 });
    assert.equal((await send(usersUrl(), { headers: { authorization: auth1 } })).status, 200);
    const replay = await send(usersUrl(), { headers: { authorization: auth1 } });
    assert.equal(replay.status, 401);
    assert.equal(challengesOf(replay)[0]?.stale, "true", "the client may retry with the new nonce");
    const auth2 = authorization({ challenge, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: usersPath(), nc: 2 });
    assert.equal((await send(usersUrl(), { headers: { authorization: auth2 } })).status, 200);
    const lower = authorization({ challenge, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: usersPath(), nc: 2, cnonce: "other" });
    assert.equal((await send(usersUrl(), { headers: { authorization: lower } })).status, 401);
  });

  test("an expired nonce gets stale=true when the digest is right, stale=false when it is wrong", async () => {
    const { owner, clock } = fx();
    const [challenge] = challengesOf(await send(usersUrl()));
    assert.ok(challenge);
    clock.advance(5 * 60_000 + 1);
    {
      const right = authorization({ challenge, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: usersPath(), nc: 1 });
      const res = await send(usersUrl(), { headers: { authorization: right } });
      assert.equal(res.status, 401);
      assert.equal(challengesOf(res)[0]?.stale, "true");
      const wrong = authorization({ challenge, username: owner.publicKey, password: "wrong", method: "GET", uri: usersPath(), nc: 1 });
      assert.equal(challengesOf(await send(usersUrl(), { headers: { authorization: wrong } }))[0]?.stale, "false");
      // The fresh nonce of that answer works at once.
      const fresh = challengesOf(res)[0];
      assert.ok(fresh);
      const retry = authorization({ challenge: fresh, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: usersPath(), nc: 1 });
      assert.equal((await send(usersUrl(), { headers: { authorization: retry } })).status, 200);
    }
  });

  test("a nonce the server never issued, or a digest for another URI, is refused", async () => {
    const { owner } = fx();
    const [challenge] = challengesOf(await send(usersUrl()));
    assert.ok(challenge);
    const forged = authorization({ challenge: { ...challenge, nonce: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: usersPath(), nc: 1 });
    const res = await send(usersUrl(), { headers: { authorization: forged } });
    assert.equal(res.status, 401);
    assert.equal(challengesOf(res)[0]?.stale, "false");
    const otherUri = authorization({ challenge, username: owner.publicKey, password: owner.privateKey, method: "GET", uri: `${usersPath()}?pageNum=2`, nc: 1 });
    assert.equal((await send(usersUrl(), { headers: { authorization: otherUri } })).status, 401);
    const otherMethod = authorization({ challenge, username: owner.publicKey, password: owner.privateKey, method: "DELETE", uri: usersPath(), nc: 1 });
    assert.equal((await send(usersUrl(), { headers: { authorization: otherMethod } })).status, 401);
  });

  test("the OpenAPI document is public; unknown routes answer 404 without a challenge", async () => {
    const doc = await send(`${fx().api}/openapi.json`);
    assert.equal(doc.status, 200);
    const openapi = JSON.parse(doc.body) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(openapi.openapi, "3.0.3");
    assert.ok(openapi.paths["/api/atlas/v1.0/groups/{groupId}/databaseUsers/{username}/certs"], "the certs path is documented");
    const operationIds = Object.values(openapi.paths).flatMap((ops) => Object.values(ops as Record<string, { operationId?: string }>).map((o) => o.operationId));
    assert.ok(operationIds.length >= 25, `${operationIds.length} operations`);
    assert.equal(new Set(operationIds).size, operationIds.length, "operationIds are unique");
    assert.ok(operationIds.every((id) => typeof id === "string"));
    const missing = await send(`${fx().api}/nope?x=1`);
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.body), {
      detail: "Cannot find resource /api/atlas/v1.0/nope.",
      error: 404,
      errorCode: "RESOURCE_NOT_FOUND",
      parameters: ["/api/atlas/v1.0/nope"],
      reason: "Not Found",
    });
  });
}
