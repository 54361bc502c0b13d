/**
 * The data plane end to end with Debian's pymongo (3.11, under /usr/bin/python3): the legacy
 * OP_QUERY handshake, OP_MSG document sequences for writes, and live CA removal, against a real
 * `certgate start`.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { customerClient, customerRoot, type ClientPem } from "./support/customer-pki.js";

const PYTHON = "/usr/bin/python3";

const PRELUDE = `
import json, os, sys, pymongo
from pymongo.errors import OperationFailure, ServerSelectionTimeoutError
def connect(cert, selection_ms=1500):
    return pymongo.MongoClient("localhost", int(os.environ["PORT"]), tls=True, tlsCAFile=os.environ["CA"],
        tlsCertificateKeyFile=cert, authMechanism="MONGODB-X509", serverSelectionTimeoutMS=selection_ms, maxPoolSize=1, retryReads=False)
def out(value):
    print(json.dumps(value), flush=True)
`;

describe("gateway with pymongo", () => {
  let cg: CertgateProcess;
  let port: number;
  const certs: Record<string, string> = {};
  let dave: ClientPem;
  let stranger: ClientPem;

  before(async () => {
    cg = await startCertgate("27220-27229");
    port = await cg.createCluster("Cluster0");
    await cg.createUser("etl", "MANAGED", [{ roleName: "readWrite", databaseName: "lake" }]);
    await cg.createUser("viewer", "MANAGED", [
      { roleName: "read", databaseName: "lake", collectionName: "events" },
      { roleName: "readWrite", databaseName: "lake", collectionName: "notes" },
    ]);
    for (const name of ["etl", "viewer"]) certs[name] = (await cg.issueCert(name, `${name}.pem`)).file;
    const root = customerRoot(cg.dir, "py-root");
    dave = customerClient(cg.dir, "dave", root);
    stranger = customerClient(cg.dir, "stranger", customerRoot(cg.dir, "py-other-root"));
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: root.pem } }, 202);
    await cg.createUser("CN=dave,O=certgate tests", "CUSTOMER", [{ roleName: "readWrite", databaseName: "lake" }]);
  });
  after(() => cg?.stop());

  /** Runs a Python script; `onLine` sees each stdout line as it arrives. */
  function python(script: string, onLine: (line: string) => void = () => undefined): Promise<{ code: number | null; lines: unknown[]; stderr: string }> {
    const child = spawn(PYTHON, ["-c", PRELUDE + script], { env: { ...process.env, PORT: String(port), CA: cg.serverCaFile }, stdio: ["ignore", "pipe", "pipe"] });
    const lines: unknown[] = [];
    let pending = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        lines.push(JSON.parse(line));
        onLine(line);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    return new Promise((resolve) => child.once("exit", (code) => resolve({ code, lines, stderr })));
  }

  it("inserts (as document sequences), queries and aggregates for a readWrite user", async () => {
    const result = await python(`
c = connect("${certs.etl}")
events = c.lake.events
events.insert_many([{"kind": k, "n": i} for i, k in enumerate("abcab")])
events.with_options(write_concern=pymongo.WriteConcern(w=0)).insert_one({"kind": "z", "n": 99})
events.update_many({"kind": "a"}, {"$inc": {"n": 10}})
out(events.count_documents({}))
out(list(events.aggregate([{"$match": {"kind": {"$ne": "z"}}}, {"$group": {"_id": "$kind", "t": {"$sum": "$n"}}}, {"$sort": {"_id": 1}}])))
out(c.admin.command("connectionStatus")["authInfo"]["authenticatedUsers"])
`);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.lines, [
      6,
      [{ _id: "a", t: 23 }, { _id: "b", t: 5 }, { _id: "c", t: 2 }],
      [{ user: "CN=etl", db: "$external" }],
    ]);
  });

  it("applies collection-scoped roles: reads one collection, writes another, refused elsewhere (13)", async () => {
    const result = await python(`
c = connect("${certs.viewer}")
out(c.lake.events.count_documents({}) > 0)
c.lake.notes.insert_one({"text": "hello"})
for attempt in (lambda: c.lake.events.insert_one({"x": 1}), lambda: c.lake.other.find_one()):
    try:
        attempt()
        out("allowed")
    except OperationFailure as e:
        out([e.code, e.details["codeName"]])
out(sorted(c.lake.list_collection_names(authorizedCollections=True)))
`);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.lines, [true, [13, "Unauthorized"], [13, "Unauthorized"], ["events", "notes"]]);
  });

  it("refuses a certificate from an untrusted CA", async () => {
    const result = await python(`
try:
    connect("${stranger.file}").admin.command("ping")
    out("connected")
except ServerSelectionTimeoutError:
    out("refused")
`);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.lines, ["refused"]);
  });

  it("cuts a customer user off within a second when the customer CAs are removed while it is connected", async () => {
    let removedAt = 0;
    let refusedAt = 0;
    let removal: Promise<unknown> | undefined;
    const result = await python(
      `
import time
c = connect("${dave.file}", 300)
c.lake.events.find_one()
out(c.admin.command("connectionStatus")["authInfo"]["authenticatedUsers"][0]["user"])
deadline = time.time() + 10
while time.time() < deadline:
    try:
        c.lake.events.find_one()
        time.sleep(0.05)
    except Exception as e:
        out(["refused", type(e).__name__])
        break
`,
      (line) => {
        if (line.includes("CN=dave")) {
          removal = cg.call("DELETE", "/userSecurity/customerX509", undefined, 202).then(() => (removedAt = Date.now()));
        }
        if (line.includes("refused")) refusedAt = Date.now();
      },
    );
    await removal;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.lines[0], "CN=dave,O=certgate tests");
    assert.deepEqual((result.lines[1] as string[])[0], "refused");
    // pymongo reports the closed connection itself (AutoReconnect), or, when its streaming monitor
    // saw the close first, fails the next server selection (300 ms here).
    assert.ok(["AutoReconnect", "ServerSelectionTimeoutError"].includes((result.lines[1] as string[])[1] ?? ""), JSON.stringify(result.lines[1]));
    assert.ok(refusedAt - removedAt < 1300, `refused ${refusedAt - removedAt} ms after the removal`);
  });
});
