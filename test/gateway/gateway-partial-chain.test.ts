/**
 * A customer bundle that holds an intermediate CA without its root: clients whose certificates that
 * intermediate signed authenticate whether they connect by host name (the TLS server name selects the
 * SNI context) or by IP address (no server name: the listener's default context).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MongoClient } from "mongodb";
import { caExtensions, makeSigned } from "../pki/openssl-hierarchy.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { customerClient, customerRoot, type ClientPem } from "./support/customer-pki.js";

describe("gateway with an intermediate-only customer CA", () => {
  let cg: CertgateProcess;
  let port: number;
  let alice: ClientPem;
  const clients: MongoClient[] = [];

  before(async () => {
    cg = await startCertgate("27330-27339");
    port = await cg.createCluster("Cluster0");
    const root = customerRoot(cg.dir, "hidden-root");
    const intermediate = makeSigned(cg.dir, "team-intermediate", root, caExtensions(0), 20);
    alice = customerClient(cg.dir, "alice", intermediate);
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: intermediate.pem } }, 202);
    await cg.createUser("CN=alice,O=certgate tests", "CUSTOMER", [{ roleName: "readWrite", databaseName: "sales" }]);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close(true).catch(() => undefined)));
    await cg?.stop();
  });

  for (const host of ["localhost", "127.0.0.1"]) {
    it(`authenticates a client that connects by ${host === "localhost" ? "host name (SNI)" : "IP address (no SNI)"}`, async () => {
      const uri = `mongodb://${host}:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=5000&maxPoolSize=1`;
      const client = new MongoClient(uri, { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: alice.file });
      clients.push(client);
      const orders = client.db("sales").collection("orders");
      await orders.insertOne({ via: host });
      assert.equal(await orders.countDocuments({ via: host }), 1);
      const status = await client.db("admin").command({ connectionStatus: 1 });
      assert.deepEqual(status.authInfo.authenticatedUsers, [{ user: "CN=alice,O=certgate tests", db: "$external" }]);
    });
  }
});
