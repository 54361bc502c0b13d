/**
 * The CLI's Digest client against the real Admin API (in process, so the test can move the server's
 * clock past a nonce's lifetime): one challenge per run of requests, a stale nonce retried once, a
 * wrong key returned as the server's 401.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/index.js";
import { DigestClient, usableChallenges } from "../../src/cli/api-client/digest-client.js";
import { sendHttp, type HttpRequest } from "../../src/cli/api-client/http-transport.js";
import { ApiClient } from "../../src/cli/api-client/api-client.js";
import { ApiRequestError } from "../../src/cli/api-client/api-request-error.js";
import { startApi, type ApiFixture } from "../api/api-harness.js";

const NONCE_TTL_MS = 60_000;
let dir: string;
let store: Store;
let fx: ApiFixture;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "certgate-digest-client-"));
  store = await openStore({ sqlitePath: join(dir, "certgate.db") });
  fx = await startApi(store, { nonceTtlMs: NONCE_TTL_MS });
});
after(async () => {
  await fx?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Digest client over the real transport that records each exchange: status, Authorization sent, stale flag of the answer. */
function recordingClient(key: { publicKey: string; privateKey: string }) {
  const log: { status: number; authorization?: string; stale?: boolean }[] = [];
  const client = new DigestClient(key, async (req: HttpRequest) => {
    const response = await sendHttp(req);
    log.push({ status: response.status, authorization: req.headers.authorization, stale: usableChallenges(response.challenges)[0]?.stale });
    return response;
  });
  return { client, log };
}

const get = (path: string): HttpRequest => ({ method: "GET", url: new URL(`${fx.api}${path}`), headers: { accept: "application/json" } });

test("the server's challenges are read, SHA-256 preferred over MD5", async () => {
  const unsigned = await sendHttp(get(`/groups/${fx.projectId}`));
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.challenges.length, 2, "one challenge per algorithm, kept apart");
  const offered = usableChallenges(unsigned.challenges);
  assert.deepEqual(offered.map((c) => c.algorithm), ["SHA-256", "MD5"]);
  assert.equal(offered[0]?.realm, "MMS Public API");
  assert.equal(offered[0]?.stale, false);
  assert.deepEqual(usableChallenges(['Basic realm="x"', 'Digest realm="r", nonce="n", algorithm=SHA-512-256, qop="auth"', 'Digest realm="r", nonce="n"']), []);
});

test("one challenge serves a run of requests with increasing nonce-counts", async () => {
  const { client, log } = recordingClient(fx.owner);
  for (let i = 0; i < 3; i++) assert.equal((await client.send(get(`/groups/${fx.projectId}`))).status, 200);
  assert.deepEqual(log.map((e) => e.status), [401, 200, 200, 200]);
  assert.equal(log[0]?.authorization, undefined);
  const counts = log.slice(1).map((e) => /nc=([0-9a-f]{8})/.exec(e.authorization ?? "")?.[1]);
  assert.deepEqual(counts, ["00000001", "00000002", "00000003"]);
  assert.ok(log.slice(1).every((e) => /algorithm=SHA-256, qop=auth/.test(e.authorization ?? "")));
});

test("a nonce past its lifetime gets stale=true and the request is retried once with the new nonce", async () => {
  const { client, log } = recordingClient(fx.owner);
  assert.equal((await client.send(get(`/groups/${fx.projectId}`))).status, 200);
  fx.clock.advance(NONCE_TTL_MS + 1000);
  const later = await client.send(get(`/groups/${fx.projectId}/databaseUsers`));
  assert.equal(later.status, 200, later.body);
  assert.deepEqual(log.map((e) => [e.status, e.stale ?? null]), [[401, false], [200, null], [401, true], [200, null]]);
  const nonce = (i: number) => /nonce="([^"]+)"/.exec(log[i]?.authorization ?? "")?.[1];
  assert.notEqual(nonce(3), nonce(1), "the retry answers the new challenge");
});

test("a wrong private key: the server's 401 comes back after one signed try, as an ApiRequestError from the API client", async () => {
  const { client, log } = recordingClient({ publicKey: fx.owner.publicKey, privateKey: "not-the-key" });
  const response = await client.send(get(`/groups/${fx.projectId}`));
  assert.equal(response.status, 401);
  assert.deepEqual(log.map((e) => e.status), [401, 401]);

  const api = new ApiClient({ apiUrl: `${fx.baseUrl}/`, key: { publicKey: fx.owner.publicKey, privateKey: "not-the-key" } });
  await assert.rejects(api.json("GET", `/groups/${fx.projectId}`), (err: unknown) => {
    assert.ok(err instanceof ApiRequestError);
    assert.equal(err.status, 401);
    assert.match(err.message, /^[A-Z_]+: /);
    return true;
  });
});
