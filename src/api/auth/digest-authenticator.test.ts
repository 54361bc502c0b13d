import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { ManualClock } from "../../shared/clock.js";
import { DigestAuthenticator } from "./digest-authenticator.js";
import { NonceSigner } from "./digest-nonce.js";
import { MemoryNonceCountStore } from "./nonce-count-store.js";

// Digests here are computed with node:crypto from RFC 7616's formulas, not with the module under test.
const h = (alg: "md5" | "sha256", s: string) => createHash(alg).update(s).digest("hex");

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const auth = new DigestAuthenticator<string>({
    realm: "MMS Public API",
    signer: new NonceSigner(randomBytes(32), 300_000),
    nonceCounts: new MemoryNonceCountStore(() => clock.now().getTime()),
    clock,
    lookup: async (publicKey) => (publicKey === "pub" ? { privateKey: "secret-key", principal: "actor-1" } : undefined),
  });
  const nonce = /nonce="([^"]+)"/.exec(auth.challenges(false)[0] ?? "")?.[1] ?? "";
  return { clock, auth, nonce };
}

function header(p: { nonce: string; algorithm?: string; password?: string; uri?: string; method?: string; nc?: string; qop?: string | null; realm?: string }) {
  const algorithm = p.algorithm ?? "MD5";
  const alg = algorithm.startsWith("SHA-256") ? "sha256" : "md5";
  const realm = p.realm ?? "MMS Public API";
  const uri = p.uri ?? "/api/x";
  const nc = p.nc ?? "00000001";
  const cnonce = "0a4f113b";
  let ha1 = h(alg, `pub:${realm}:${p.password ?? "secret-key"}`);
  if (algorithm.endsWith("-sess")) ha1 = h(alg, `${ha1}:${p.nonce}:${cnonce}`);
  const ha2 = h(alg, `${p.method ?? "GET"}:${uri}`);
  const qop = p.qop === undefined ? "auth" : p.qop;
  const response = qop ? h(alg, `${ha1}:${p.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(alg, `${ha1}:${p.nonce}:${ha2}`);
  const qopPart = qop ? `, qop=${qop}, nc=${nc}, cnonce="${cnonce}"` : "";
  return `Digest username="pub", realm="${realm}", nonce="${p.nonce}", uri="${uri}", algorithm=${algorithm}${qopPart}, response="${response}"`;
}

test("each offered and -sess algorithm authenticates", async () => {
  for (const algorithm of ["MD5", "SHA-256", "MD5-sess", "SHA-256-sess"]) {
    const { auth, nonce } = setup();
    const outcome = await auth.authenticate({ method: "GET", url: "/api/x", authorization: header({ nonce, algorithm }) });
    assert.deepEqual(outcome, { ok: true, principal: "actor-1", publicKey: "pub" }, algorithm);
  }
});

test("the absolute-URI form of the digest uri is accepted for the same target", async () => {
  const { auth, nonce } = setup();
  const outcome = await auth.authenticate({ method: "GET", url: "/api/x?a=1", authorization: header({ nonce, uri: "http://host:8080/api/x?a=1" }) });
  assert.equal(outcome.ok, true);
});

test("each failure is named: no qop (RFC 2069), wrong realm, wrong password, unknown key, replay, expiry", async () => {
  const { auth, nonce, clock } = setup();
  const failure = async (authorization: string | undefined, url = "/api/x") => {
    const o = await auth.authenticate({ method: "GET", url, authorization });
    return o.ok ? "ok" : `${o.failure}${o.stale ? " (stale)" : ""}`;
  };
  assert.equal(await failure(undefined), "missing");
  assert.equal(await failure("Basic cHViOnNlY3JldA=="), "missing");
  assert.equal(await failure("Digest username="), "malformed");
  assert.equal(await failure(header({ nonce, qop: null })), "unsupported-qop");
  assert.equal(await failure(header({ nonce, realm: "other" })), "wrong-realm");
  assert.equal(await failure(header({ nonce }), "/api/y"), "uri-mismatch");
  assert.equal(await failure(header({ nonce, password: "guess" })), "wrong-password");
  assert.equal(await failure(header({ nonce }).replace('username="pub"', 'username="nobody"')), "unknown-key");
  assert.equal(await failure(header({ nonce })), "ok");
  assert.equal(await failure(header({ nonce })), "replayed-nonce (stale)");
  clock.advance(300_000);
  assert.equal(await failure(header({ nonce, nc: "00000002" })), "expired-nonce (stale)");
  assert.equal(await failure(header({ nonce, nc: "00000003", password: "guess" })), "wrong-password");
});

test("challenges offer MD5 then SHA-256 with one fresh nonce, and say stale when asked", () => {
  const { auth } = setup();
  const [md5, sha] = auth.challenges(true);
  assert.match(md5 ?? "", /algorithm=MD5, qop="auth", stale=true$/);
  assert.match(sha ?? "", /algorithm=SHA-256, qop="auth", stale=true$/);
  assert.equal(/nonce="([^"]+)"/.exec(md5 ?? "")?.[1], /nonce="([^"]+)"/.exec(sha ?? "")?.[1]);
});
