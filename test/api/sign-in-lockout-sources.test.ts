/**
 * The sign-in lock-out can't be turned against the owner: failures count per source network and
 * account, so an attacker guessing at the owner's email from one address locks out only that address,
 * while the owner signs in from another. Loopback gives the test distinct sources (127.0.0.2, .3, .4).
 * The API-key path has no lock-out to abuse: wrong digests never stop the right key.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { startUiServer, type UiServer } from "../ui/ui-server.js";
import { authorization, challengesOf, type HttpResult } from "./digest-client.js";

const ATTACKER = "127.0.0.2";
const OWNER_ELSEWHERE = "127.0.0.3";
const BYSTANDER = "127.0.0.4";

/** One HTTP exchange from `localAddress`. */
function sendFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

describe("sign-in lock-out per source and account", () => {
  let server: UiServer;
  let owner: { email: string; password: string };
  const signIn = (from: string, email: string, password: string) =>
    sendFrom(from, `${server.baseUrl}/api/private/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });

  before(async () => {
    server = await startUiServer({ throttleLimits: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 } });
    owner = await server.addPerson({ email: "owner@example.com", orgRoles: ["ORG_OWNER"] });
  });
  after(async () => {
    await server?.close();
  });

  test("an attacker guessing at the owner's email is throttled, even when it finally guesses right", async () => {
    for (let i = 0; i < 3; i++) assert.equal((await signIn(ATTACKER, owner.email, `guess ${i}`)).status, 401);
    const locked = await signIn(ATTACKER, owner.email, `guess 4`);
    assert.equal(locked.status, 429, locked.body);
    assert.equal((JSON.parse(locked.body) as { errorCode: string }).errorCode, "TOO_MANY_LOGIN_ATTEMPTS");
    assert.ok(Number(locked.headers["retry-after"]) > 0);
    assert.equal((await signIn(ATTACKER, owner.email, owner.password)).status, 429, "the right password does not lift the lock");
  });

  test("meanwhile the owner signs in from another address, and the attacker is still locked", async () => {
    const mistaken = await signIn(OWNER_ELSEWHERE, owner.email, "a typo");
    assert.equal(mistaken.status, 401, mistaken.body);
    const signedIn = await signIn(OWNER_ELSEWHERE, owner.email, owner.password);
    assert.equal(signedIn.status, 200, signedIn.body);
    assert.match(String(signedIn.headers["set-cookie"]), /certgate_session=/);
    assert.equal((await signIn(BYSTANDER, owner.email, owner.password)).status, 200);
    assert.equal((await signIn(ATTACKER, owner.email, owner.password)).status, 429);
  });

  test("wrong digests for the owner's API key from one address never stop the right key, from anywhere", async () => {
    const url = `${server.api}/groups/${server.projectId}/databaseUsers`;
    const digestFrom = async (from: string, privateKey: string): Promise<number> => {
      const first = await sendFrom(from, url);
      assert.equal(first.status, 401);
      const challenge = challengesOf(first)[0];
      assert.ok(challenge);
      const auth = authorization({ challenge, username: server.apiKey.publicKey, password: privateKey, method: "GET", uri: new URL(url).pathname, nc: 1 });
      return (await sendFrom(from, url, { headers: { authorization: auth } })).status;
    };
    for (let i = 0; i < 20; i++) assert.equal(await digestFrom(ATTACKER, `wrong-${i}`), 401);
    assert.equal(await digestFrom(OWNER_ELSEWHERE, server.apiKey.privateKey), 200);
    assert.equal(await digestFrom(ATTACKER, server.apiKey.privateKey), 200);
  });
});
