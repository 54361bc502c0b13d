/**
 * The data directory is private, whatever the umask certgate is started with: every file in it (the
 * SQLite store with its WAL and shared memory, master.key, the first-run credentials, the server CA,
 * the embedded clusters' files) is 0600 and every directory 0700, files created while running included;
 * and files an older version or a restore left readable are tightened at the next start.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { MongoClient } from "mongodb";
import { eventually } from "../gateway/support/eventually.js";
import { digestJson, digestRequest, type ApiKeyPair } from "../api/digest-client.js";
import { certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type InitReport } from "../support/certgate-server.js";

const GATEWAY_PORTS = "27500-27509";

/** Every file and directory below `root` (root included) with its permission bits. */
function modesBelow(root: string): Map<string, { mode: number; directory: boolean }> {
  const found = new Map<string, { mode: number; directory: boolean }>();
  const walk = (path: string) => {
    const stats = statSync(path);
    found.set(relative(root, path) || ".", { mode: stats.mode & 0o7777, directory: stats.isDirectory() });
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

function assertPrivate(dataDir: string): Map<string, { mode: number; directory: boolean }> {
  const modes = modesBelow(dataDir);
  for (const [path, { mode, directory }] of modes) {
    assert.equal(mode.toString(8), directory ? "700" : "600", `${path} is ${mode.toString(8)}`);
  }
  return modes;
}

describe("data file modes", () => {
  const dir = mkdtempSync(join(tmpdir(), "certgate-modes-"));
  const dataDir = join(dir, "data");
  const env = { ...process.env, ...QUICK_KEYS_ENV, CERTGATE_GATEWAY_PORTS: GATEWAY_PORTS };
  let child: ChildProcess | undefined;
  let output = () => "";
  let init: InitReport;
  let key: ApiKeyPair;
  let api = "";
  let previousUmask = 0;

  const start = async () => {
    const started = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], env, { onSpawn: (c) => (child = c) });
    output = started.output;
    api = `${started.url}/api/atlas/v1.0`;
  };

  before(async () => {
    // A permissive umask, as on many systems: certgate must not depend on the one it is given.
    previousUmask = process.umask(0o022);
    init = certgateInit(dataDir, env);
    key = { publicKey: init.publicKey, privateKey: init.privateKey };
    await start();
  });

  after(async () => {
    if (child) await stopCertgate(child);
    process.umask(previousUmask);
    rmSync(dir, { recursive: true, force: true });
  });

  test("after init, start and work (a cluster, a user, a certificate) every file is 0600 and every directory 0700", async () => {
    const group = `${api}/groups/${init.projectId}`;
    const cluster = await digestJson(`${group}/clusters`, key, { method: "POST", body: { name: "Modes0" } });
    assert.equal(cluster.status, 201, cluster.result.body);
    const { value: standard } = await eventually(async () => {
      const state = (await digestJson(`${group}/clusters/Modes0`, key)).json as { stateName: string; connectionStrings?: { standard: string } };
      assert.equal(state.stateName, "IDLE");
      assert.ok(state.connectionStrings);
      return state.connectionStrings.standard;
    }, 15_000);
    const user = await digestJson(`${group}/databaseUsers`, key, {
      method: "POST",
      body: { databaseName: "$external", username: "modes", x509Type: "MANAGED", roles: [{ roleName: "readWrite", databaseName: "app" }] },
    });
    assert.equal(user.status, 201, user.result.body);
    const issued = await digestRequest(`${group}/databaseUsers/modes/certs`, key, { method: "POST", body: {} });
    assert.equal(issued.status, 201);
    const certFile = join(dir, "modes.pem");
    writeFileSync(certFile, issued.body, { mode: 0o600 });
    const client = new MongoClient(`mongodb://127.0.0.1:${new URL(standard).port}/?tls=true&authMechanism=MONGODB-X509&serverSelectionTimeoutMS=5000`, {
      tlsCAFile: join(dataDir, "server-ca.pem"),
      tlsCertificateKeyFile: certFile,
    });
    try {
      await client.db("app").collection("things").insertOne({ written: true });
    } finally {
      await client.close();
    }

    const modes = assertPrivate(dataDir);
    for (const expected of ["certgate.db", "certgate.db-wal", "certgate.db-shm", "master.key", "initial-credentials.txt", "server-ca.pem", "clusters"]) {
      assert.ok(modes.has(expected), `${expected} is among ${[...modes.keys()].join(", ")}`);
    }
    assert.ok([...modes.keys()].some((p) => p.startsWith("clusters/") && p.endsWith(".sqlite")), "the embedded cluster's file exists");
  });

  test("files and directories left readable by others are tightened at the next start (master.key is refused instead)", async () => {
    if (child) await stopCertgate(child);
    child = undefined;
    const loosened = Object.entries(Object.fromEntries(modesBelow(dataDir))).filter(([path]) => path !== "master.key");
    for (const [path, { directory }] of loosened) chmodSync(join(dataDir, path), directory ? 0o755 : 0o644);
    await start();
    assertPrivate(dataDir);
    assert.match(output(), /removed group and other permissions from data files/);
  });
});
