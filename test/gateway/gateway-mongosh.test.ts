/**
 * The data plane end to end with mongosh (npm): scripts run against a real `certgate start` over
 * mutual TLS with MONGODB-X509, using certificates issued through the Admin API and one from an
 * openssl-made customer CA.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { customerClient, customerRoot, type ClientPem } from "./support/customer-pki.js";

const MONGOSH = fileURLToPath(new URL("../../../node_modules/.bin/mongosh", import.meta.url));

describe("gateway with mongosh", () => {
  let cg: CertgateProcess;
  let port: number;
  const certs: Record<string, string> = {};
  let carol: ClientPem;

  before(async () => {
    cg = await startCertgate("27210-27219");
    port = await cg.createCluster("Cluster0");
    for (const [name, role] of [["writer", "readWrite"], ["reader", "read"], ["leaver", "readWrite"]] as const) {
      await cg.createUser(name, "MANAGED", [{ roleName: role, databaseName: "shop" }]);
      certs[name] = (await cg.issueCert(name, `${name}.pem`)).file;
    }
    const root = customerRoot(cg.dir, "shell-root");
    carol = customerClient(cg.dir, "carol", root);
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: root.pem } }, 202);
    await cg.createUser("CN=carol,O=certgate tests", "CUSTOMER", [{ roleName: "readWrite", databaseName: "shop" }]);
  });
  after(() => cg?.stop());

  function args(certFile: string, script: string): string[] {
    const uri = `mongodb://localhost:${port}/shop?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=3000`;
    return [uri, "--tlsCAFile", cg.serverCaFile, "--tlsCertificateKeyFile", certFile, "--quiet", "--norc", "--eval", script];
  }
  const env = () => ({ ...process.env, MONGOSH_NO_UPDATE_CHECK: "1", HOME: cg.dir });

  async function shell(certFile: string, script: string): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(MONGOSH, args(certFile, script), { env: env(), timeout: 60_000 });
      return { code: 0, out: `${stdout}${stderr}`.trim() };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, out: `${failed.stdout ?? ""}${failed.stderr ?? ""}`.trim() };
    }
  }

  it("runs CRUD and an aggregation for a readWrite user, and shows only its database", async () => {
    const result = await shell(
      certs.writer ?? "",
      [
        "db.items.insertMany([{ n: 1, k: 'a' }, { n: 2, k: 'b' }, { n: 3, k: 'a' }]);",
        "db.items.updateOne({ n: 2 }, { $set: { k: 'a' } });",
        "db.items.deleteOne({ n: 1 });",
        "print(JSON.stringify(db.items.aggregate([{ $group: { _id: '$k', s: { $sum: '$n' } } }]).toArray()));",
        "print(JSON.stringify(db.getMongo().getDBNames()));",
        "print(db.runCommand({ connectionStatus: 1 }).authInfo.authenticatedUsers[0].user);",
      ].join(" "),
    );
    assert.equal(result.code, 0, result.out);
    assert.equal(result.out, '[{"_id":"a","s":5}]\n["shop"]\nCN=writer');
  });

  it("refuses a read user's write with Unauthorized (13)", async () => {
    const result = await shell(
      certs.reader ?? "",
      "print(db.items.countDocuments()); try { db.items.insertOne({ n: 9 }); print('inserted') } catch (e) { print(e.code + ' ' + e.codeName) }",
    );
    assert.equal(result.code, 0, result.out);
    assert.equal(result.out, "2\n13 Unauthorized");
  });

  it("authenticates a customer-CA certificate as its subject", async () => {
    const result = await shell(carol.file, "db.items.insertOne({ by: 'carol' }); print(db.runCommand({ connectionStatus: 1 }).authInfo.authenticatedUsers[0].user)");
    assert.equal(result.code, 0, result.out);
    assert.equal(result.out, "CN=carol,O=certgate tests");
  });

  it("cannot connect with a revoked certificate", async () => {
    const revoked = await cg.issueCert("writer", "writer-revoked.pem");
    await cg.call("DELETE", `/databaseUsers/writer/certs/${revoked.serial}`);
    const result = await shell(revoked.file, "print('connected')");
    assert.notEqual(result.code, 0);
    assert.match(result.out, /MongoServerError: Authentication failed\./);
    assert.doesNotMatch(result.out, /connected/);
  });

  it("loses a deleted user's session within a second while the shell is connected", async () => {
    // The shell reads until it is refused (or 10 s pass), so the test sees when the refusal came.
    const script = [
      "db.items.findOne();",
      "print('READY');",
      "const deadline = Date.now() + 10000;",
      "let verdict = 'STILL ALLOWED';",
      "while (Date.now() < deadline) { try { db.items.findOne(); sleep(50); } catch (e) { verdict = 'REFUSED ' + e.codeName; break; } }",
      "print(verdict);",
    ].join(" ");
    const child = spawn(MONGOSH, args(certs.leaver ?? "", script), { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let refusedAt = 0;
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (out.includes("REFUSED") && refusedAt === 0) refusedAt = Date.now();
        if (out.includes("READY")) resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", () => reject(new Error(`mongosh did not get ready: ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await ready;
    await cg.call("DELETE", "/databaseUsers/$external/leaver", undefined, 204);
    const deletedAt = Date.now();
    await exited;
    assert.match(out, /REFUSED AuthenticationFailed/);
    assert.doesNotMatch(out, /STILL ALLOWED/);
    assert.ok(refusedAt - deletedAt < 1500, `refused ${refusedAt - deletedAt} ms after the deletion`);
  });
});
