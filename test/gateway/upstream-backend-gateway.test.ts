/**
 * The upstream backend end to end: one real `certgate start` with two clusters, the second one's
 * backend forwarding to the first over mutual TLS, authenticated with MONGODB-X509 as a database
 * user certgate issued. The Node driver talks to the second cluster; every result is checked on the
 * first one directly as well, so the data provably went through the forwarding path.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient, MongoServerError, type TopologyDescription } from "mongodb";
import { crudSuite } from "../support/crud-suite.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { eventually } from "./support/eventually.js";

describe("upstream backend through real TLS gateways", () => {
  let cg: CertgateProcess;
  let primaryPort: number;
  let forwarderPort: number;
  const clients: MongoClient[] = [];
  const certs: Record<string, string> = {};

  function client(port: number, certFile: string): MongoClient {
    const uri = `mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=5000`;
    const c = new MongoClient(uri, { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: certFile });
    clients.push(c);
    return c;
  }

  function upstreamUri(port: number, certFile: string): string {
    const options = `tls=true&authMechanism=MONGODB-X509&tlsCAFile=${encodeURIComponent(cg.serverCaFile)}&tlsCertificateKeyFile=${encodeURIComponent(certFile)}`;
    return `mongodb://localhost:${port}/?${options}&connectTimeoutMS=3000`;
  }

  async function createUpstreamCluster(name: string, connectionString: string): Promise<number> {
    await cg.call("POST", "/clusters", { name, backend: { upstream: { connectionString } } }, 201);
    const { value } = await eventually(async () => {
      const cluster = (await cg.call("GET", `/clusters/${name}`)) as { stateName: string; connectionStrings?: { standard: string }; backend: unknown };
      assert.ok(cluster.stateName === "IDLE" && cluster.connectionStrings, `cluster ${name} is ${cluster.stateName}`);
      assert.deepEqual(cluster.backend, { upstream: { connectionString } });
      return Number(new URL(cluster.connectionStrings.standard).port);
    }, 10_000);
    return value;
  }

  before(async () => {
    cg = await startCertgate("27230-27239");
    primaryPort = await cg.createCluster("Primary");
    await cg.createUser("gateway-service", "MANAGED", [{ roleName: "readWriteAnyDatabase", databaseName: "admin" }]);
    await cg.createUser("app", "MANAGED", [{ roleName: "readWrite", databaseName: "shop" }]);
    await cg.createUser("viewer", "MANAGED", [{ roleName: "read", databaseName: "shop" }]);
    await cg.createUser("ghost", "MANAGED", [{ roleName: "readWriteAnyDatabase", databaseName: "admin" }]);
    for (const name of ["gateway-service", "app", "viewer", "ghost"]) certs[name] = (await cg.issueCert(name, `${name}.pem`)).file;
    forwarderPort = await createUpstreamCluster("Forwarder", upstreamUri(primaryPort, certs["gateway-service"] ?? ""));
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close(true).catch(() => undefined)));
    await cg?.stop();
  });

  describe("CRUD through the forwarder", () => {
    let forwarded: MongoClient;
    let direct: MongoClient;
    before(async () => {
      forwarded = await client(forwarderPort, certs.app ?? "").connect();
      direct = await client(primaryPort, certs["gateway-service"] ?? "").connect();
    });
    crudSuite({ forwarded: () => forwarded.db("shop"), direct: () => direct.db("shop") });
  });

  it("the Clusters API's clusterType and the topology a driver discovers from hello agree, for the embedded and the upstream backend, and the docs say the same", async () => {
    const docs = ["decisions.md", "embedded-backend.md", "upstream-backend.md"].map((file) => readFileSync(join("docs", file), "utf8")).join("\n");
    assert.match(docs, /## Every cluster is a replica set of one member/);
    assert.doesNotMatch(docs, /embedded backend is a standalone/i, "no doc still calls the embedded backend a standalone");
    for (const [name, backend] of [["Primary", "embedded"], ["Forwarder", "upstream"]] as const) {
      const cluster = (await cg.call("GET", `/clusters/${name}`)) as { clusterType: string; backend: Record<string, unknown>; connectionStrings: { standard: string } };
      assert.deepEqual([cluster.clusterType, Object.keys(cluster.backend)], ["REPLICASET", [backend]]);
      // The operator's connection string as the API gives it, without directConnection: the driver discovers the topology.
      const standard = new URL(cluster.connectionStrings.standard);
      const c = new MongoClient(`${cluster.connectionStrings.standard}&serverSelectionTimeoutMS=5000`, { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: certs.app ?? "" });
      clients.push(c);
      let topology: TopologyDescription | undefined;
      c.on("topologyDescriptionChanged", (event) => (topology = event.newDescription));
      await c.db("shop").command({ ping: 1 });
      assert.equal(topology?.type, "ReplicaSetWithPrimary", `${name}: a replica set, as clusterType says`);
      assert.equal(topology?.setName, name);
      assert.deepEqual([...(topology?.servers.keys() ?? [])], [standard.host], `${name}: one member, the connection string's host`);
    }
  });

  it("authorizes at the forwarder with its own users: a read user cannot write though the service identity could", async () => {
    const viewer = await client(forwarderPort, certs.viewer ?? "").connect();
    assert.ok((await viewer.db("shop").collection("orders").countDocuments()) > 0);
    await assert.rejects(viewer.db("shop").collection("orders").insertOne({ item: "walnuts" }), (err: unknown) => {
      assert.ok(err instanceof MongoServerError);
      assert.equal(err.code, 13);
      return true;
    });
    await assert.rejects(viewer.db("other").collection("x").findOne({}), (err: unknown) => err instanceof MongoServerError && err.code === 13);
  });

  it("serves pymongo through the forwarder: document sequences, an unacknowledged write, getMore batches", async () => {
    const script = `
import json, os, pymongo
c = pymongo.MongoClient("localhost", int(os.environ["PORT"]), tls=True, tlsCAFile=os.environ["CA"], tlsCertificateKeyFile=os.environ["CERT"],
    authMechanism="MONGODB-X509", serverSelectionTimeoutMS=5000)
notes = c.shop.py_notes
notes.insert_many([{"_id": i, "k": i % 3} for i in range(120)])
notes.with_options(write_concern=pymongo.WriteConcern(w=0)).insert_one({"_id": 500, "k": 9})
notes.update_many({"k": 0}, {"$set": {"zero": True}})
notes.delete_many({"k": 2})
seen = [d["_id"] for d in notes.find({}, batch_size=25).sort("_id", 1)]
print(json.dumps({"count": len(seen), "last": seen[-1], "zeros": notes.count_documents({"zero": True})}))
`;
    const child = spawn("/usr/bin/python3", ["-c", script], {
      env: { ...process.env, PORT: String(forwarderPort), CA: cg.serverCaFile, CERT: certs.app ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 0, stderr);
    // 120 inserted, 40 with k = 2 deleted, plus the unacknowledged one (sent before the reads on the same connection).
    assert.deepEqual(JSON.parse(stdout), { count: 81, last: 500, zeros: 40 });
    const direct = await client(primaryPort, certs["gateway-service"] ?? "").connect();
    assert.equal(await direct.db("shop").collection("py_notes").countDocuments(), 81);
  });

  it("refuses at creation a connection string the upstream backend cannot use", async () => {
    const refused = (await cg.call("POST", "/clusters", { name: "Bad", backend: { upstream: { connectionString: "mongodb://localhost:1/?tls=true&frobnicate=1" } } }, 400)) as {
      errorCode: string;
      detail: string;
    };
    assert.equal(refused.errorCode, "INVALID_ATTRIBUTE");
    assert.match(refused.detail, /backend\.upstream\.connectionString.*frobnicate is not understood/);
    const x509WithoutCert = (await cg.call("POST", "/clusters", { name: "Bad", backend: { upstream: { connectionString: "mongodb://localhost:1/?tls=true&authMechanism=MONGODB-X509" } } }, 400)) as {
      detail: string;
    };
    assert.match(x509WithoutCert.detail, /tlsCertificateKeyFile/);
  });

  it("names the failed step when the forwarder's own identity is refused upstream", async () => {
    await cg.call("DELETE", "/databaseUsers/%24external/ghost", undefined, 204);
    const port = await createUpstreamCluster("Refused", upstreamUri(primaryPort, certs.ghost ?? ""));
    const app = await client(port, certs.app ?? "").connect();
    await assert.rejects(app.db("shop").collection("orders").findOne({}), (err: unknown) => {
      assert.ok(err instanceof MongoServerError, String(err));
      assert.equal(err.code, 6);
      assert.equal(err.codeName, "HostUnreachable");
      assert.match(err.message, new RegExp(`localhost:${primaryPort}: X\\.509 authentication failed`));
      return true;
    });
  });

  it("answers HostUnreachable once the upstream cluster is gone", async () => {
    const app = await client(forwarderPort, certs.app ?? "").connect();
    assert.ok((await app.db("shop").collection("orders").findOne({})) !== null);
    await cg.call("DELETE", "/clusters/Primary", undefined, 204);
    await eventually(async () => {
      const reply = await app.db("shop").command({ find: "orders", filter: {} }).then(
        () => assert.fail("the forwarder still reached the deleted cluster"),
        (err: unknown) => err,
      );
      assert.ok(reply instanceof MongoServerError, String(reply));
      assert.equal(reply.code, 6);
    }, 10_000);
  });
});
