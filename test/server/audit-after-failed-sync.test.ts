/**
 * A failed sync of the SQLite store's log (group commit) stops `certgate start` with exit code 1; on
 * that way out the audit log is still closed, so every line written before the exit is in the file,
 * the audit of the request whose write could not be synced included. The disk's failure is simulated
 * below the server (fdatasync fails, test/server/support/failing-datasync.ts); the rest is real.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import { digestJson } from "../api/digest-client.js";
import { certgateExited, certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type StartedCertgate } from "../support/certgate-server.js";

const PRELOAD = pathToFileURL(resolve("dist/test/server/support/failing-datasync.js")).href;

interface AuditLine {
  atype: string;
  param: { method?: string; path?: string; status?: number };
  result: number;
}

let dir: string | undefined;
let started: StartedCertgate | undefined;
after(async () => {
  if (started) await stopCertgate(started.child);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("after a failed sync the server exits 1 with the audit lines written before the exit on disk", async () => {
  dir = mkdtempSync(join(tmpdir(), "certgate-failed-sync-"));
  const dataDir = join(dir, "data");
  const auditFile = join(dir, "audit.json");
  const flag = join(dir, "fail-datasync");
  const env = {
    ...process.env,
    ...QUICK_KEYS_ENV,
    CERTGATE_GATEWAY_PORTS: "27340-27341",
    CERTGATE_SQLITE_SYNC: "group",
    CERTGATE_AUDIT_LOG: auditFile,
    CERTGATE_TEST_FAIL_DATASYNC_FLAG: flag,
  };
  const boot = certgateInit(dataDir, env);
  started = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0"], env, { nodeArgs: ["--import", PRELOAD] });
  const key = { publicKey: boot.publicKey, privateKey: boot.privateKey };
  const users = `${started.url}/api/atlas/v1.0/groups/${boot.projectId}/databaseUsers`;
  const createUser = (username: string) =>
    digestJson(users, key, { method: "POST", body: { databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] } });

  assert.equal((await createUser("kept")).status, 201);
  writeFileSync(flag, "");
  const exited = certgateExited(started.child);
  const doomed = await createUser("doomed");
  assert.notEqual(doomed.status, 201, "a write that could not be synced is not reported as done");
  assert.equal(await exited, 1, started.output());
  assert.match(started.output(), /the store could not be synced to disk; stopping/);

  const lines = readFileSync(auditFile, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as AuditLine);
  // Each request's first try is the Digest challenge (401), audited as well; the answers are what count here.
  const posts = lines.filter((line) => line.param.method === "POST" && line.param.path?.endsWith("/databaseUsers") && line.param.status !== 401);
  assert.deepEqual(
    posts.map((line) => line.param.status),
    [201, doomed.status],
    `the audit file holds both requests:\n${lines.map((l) => JSON.stringify(l)).join("\n")}`,
  );
});
