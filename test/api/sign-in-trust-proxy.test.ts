/**
 * The sign-in lock-out behind a reverse proxy, with a real `certgate start`: the source it counts by is
 * the address in X-Forwarded-For only when `trustProxy` names the peer as a proxy. Without the setting
 * (the default) the header is ignored, so a client can't dodge the lock-out by inventing addresses, and
 * everyone behind one proxy shares its address. With it, clients behind the proxy are told apart, while
 * a peer that is not a named proxy still can't choose its address. Loopback gives distinct peers: the
 * "proxy" sends from 127.0.0.1, a direct client from 127.0.0.2.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type InitReport, type StartedCertgate } from "../support/certgate-server.js";

const PROXY = "127.0.0.1";
const DIRECT = "127.0.0.2";
const ATTACKER_BEHIND_PROXY = "198.51.100.7";
const OWNER_BEHIND_PROXY = "203.0.113.9";
/** certgate's default lock-out: the sixth attempt within the window after five failures is refused. */
const MAX_FAILURES = 5;

interface Server {
  readonly started: StartedCertgate;
  readonly owner: InitReport;
}

const dirs: string[] = [];
const running: StartedCertgate[] = [];
after(async () => {
  for (const started of running) await stopCertgate(started.child);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function startServer(trustProxy: string | undefined): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), "certgate-trust-proxy-"));
  dirs.push(dataDir);
  const env = { ...process.env, ...QUICK_KEYS_ENV, CERTGATE_TRUST_PROXY: trustProxy ?? "" };
  const owner = certgateInit(dataDir, env);
  const started = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], env);
  running.push(started);
  return { started, owner };
}

/** One sign-in attempt from `localAddress`, with X-Forwarded-For when `forwardedFor` is given; answers the status. */
function signIn(server: Server, from: string, forwardedFor: string | undefined, password: string): Promise<number> {
  const url = new URL("/api/private/auth/login", server.started.url);
  const body = JSON.stringify({ email: server.owner.ownerEmail, password });
  const headers: Record<string, string> = { "content-type": "application/json", "x-certgate-client": "web-ui", ...(forwardedFor !== undefined ? { "x-forwarded-for": forwardedFor } : {}) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, localAddress: from, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function failUntilLocked(server: Server, from: string, forwardedFor: (attempt: number) => string | undefined): Promise<void> {
  for (let i = 0; i < MAX_FAILURES; i++) assert.equal(await signIn(server, from, forwardedFor(i), `wrong ${i}`), 401, `attempt ${i + 1}`);
  assert.equal(await signIn(server, from, forwardedFor(MAX_FAILURES), "wrong again"), 429);
}

describe("sign-in lock-out source behind a reverse proxy", () => {
  let untrusting: Server;
  let trusting: Server;
  before(async () => {
    [untrusting, trusting] = await Promise.all([startServer(undefined), startServer(PROXY)]);
  });

  test("by default X-Forwarded-For is ignored: invented addresses don't dodge the lock-out, and everyone behind the proxy shares it", async () => {
    await failUntilLocked(untrusting, PROXY, (i) => `192.0.2.${i + 1}`);
    assert.equal(await signIn(untrusting, PROXY, OWNER_BEHIND_PROXY, untrusting.owner.ownerPassword), 429, "the proxy's own address is the source");
    assert.equal(await signIn(untrusting, DIRECT, undefined, untrusting.owner.ownerPassword), 200, "another peer is another source");
  });

  test("with trustProxy naming the proxy, the client address it forwards is the source", async () => {
    await failUntilLocked(trusting, PROXY, () => ATTACKER_BEHIND_PROXY);
    assert.equal(await signIn(trusting, PROXY, OWNER_BEHIND_PROXY, trusting.owner.ownerPassword), 200, "the owner behind the same proxy is not locked out");
    assert.equal(await signIn(trusting, PROXY, `${OWNER_BEHIND_PROXY}, ${ATTACKER_BEHIND_PROXY}`, "guess"), 429, "an address the client prepends is not believed: the proxy's last entry counts");
  });

  test("with trustProxy, a peer that is not a named proxy still can't choose its address", async () => {
    await failUntilLocked(trusting, DIRECT, (i) => `192.0.2.${i + 1}`);
    assert.equal(await signIn(trusting, DIRECT, OWNER_BEHIND_PROXY, trusting.owner.ownerPassword), 429);
  });
});
