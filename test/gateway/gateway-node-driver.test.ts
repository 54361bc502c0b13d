/**
 * The data plane end to end with the official Node driver: a real `certgate start`, a cluster made
 * through the Admin API, managed certificates issued by the API and a customer CA made by openssl.
 * Each client connects over real mutual TLS with MONGODB-X509 and is allowed or refused by its roles.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MongoClient, type Document } from "mongodb";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { customerClient, customerRoot, type ClientPem } from "./support/customer-pki.js";
import { refusal, X509DriverClients } from "./support/x509-driver-clients.js";
import { eventually } from "./support/eventually.js";

const CUSTOMER_SUBJECT = "CN=carol,O=certgate tests";

describe("gateway with the Node driver", () => {
  let cg: CertgateProcess;
  let port: number;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);
  const client = drivers.client.bind(drivers);
  const certs: Record<string, string> = {};
  let carol: ClientPem;
  let stranger: ClientPem;
  let expired: ClientPem;
  let nobody: ClientPem;

  before(async () => {
    cg = await startCertgate("27200-27209");
    port = await cg.createCluster("Cluster0");
    await cg.call("POST", "/customDBRoles/roles", { roleName: "ordersAuditor", actions: [{ action: "FIND", resources: [{ db: "sales", collection: "orders" }] }] });
    const users: Array<[string, Array<{ roleName: string; databaseName: string; collectionName?: string }>]> = [
      ["app", [{ roleName: "readWrite", databaseName: "sales" }]],
      ["reader", [{ roleName: "read", databaseName: "sales" }]],
      ["scoped", [{ roleName: "read", databaseName: "sales", collectionName: "orders" }]],
      ["auditor", [{ roleName: "ordersAuditor", databaseName: "admin" }]],
      ["temp", [{ roleName: "readWrite", databaseName: "sales" }]],
      ["shrink", [{ roleName: "readWrite", databaseName: "sales" }]],
    ];
    for (const [name, roles] of users) {
      await cg.createUser(name, "MANAGED", roles);
      certs[name] = (await cg.issueCert(name, `${name}.pem`)).file;
    }
    const root = customerRoot(cg.dir, "acme-root");
    const otherRoot = customerRoot(cg.dir, "untrusted-root");
    carol = customerClient(cg.dir, "carol", root);
    nobody = customerClient(cg.dir, "nobody", root);
    expired = customerClient(cg.dir, "expired", root, -1);
    stranger = customerClient(cg.dir, "stranger", otherRoot);
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: root.pem } }, 202);
    await cg.createUser(CUSTOMER_SUBJECT, "CUSTOMER", [{ roleName: "readWrite", databaseName: "sales" }]);
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  it("lets a readWrite user insert, find, update, delete and aggregate (with $lookup) and page a cursor", async () => {
    const db = (await client(certs.app ?? "").connect()).db("sales");
    const orders = db.collection("orders");
    await orders.insertMany(Array.from({ length: 7 }, (_, i) => ({ _id: i as never, sku: `s${i % 3}`, qty: i })));
    await db.collection("skus").insertMany([{ _id: "s0" as never, label: "zero" }, { _id: "s1" as never, label: "one" }]);
    assert.deepEqual((await orders.find({ qty: { $gte: 5 } }).sort({ qty: -1 }).toArray()).map((d) => d.qty), [6, 5]);
    const paged = await orders.find({}, { batchSize: 2 }).toArray();
    assert.equal(paged.length, 7);
    assert.equal((await orders.updateOne({ _id: 1 as never }, { $set: { qty: 100 } })).modifiedCount, 1);
    assert.equal((await orders.deleteOne({ _id: 0 as never })).deletedCount, 1);
    const totals = await orders.aggregate<Document>([{ $group: { _id: "$sku", total: { $sum: "$qty" } } }, { $sort: { _id: 1 } }]).toArray();
    assert.deepEqual(totals, [{ _id: "s0", total: 9 }, { _id: "s1", total: 104 }, { _id: "s2", total: 7 }]);
    const joined = await orders.aggregate<Document>([{ $match: { _id: 4 } }, { $lookup: { from: "skus", localField: "sku", foreignField: "_id", as: "s" } }]).toArray();
    assert.equal(joined[0]?.s[0]?.label, "one");
  });

  it("reports the managed user as mongod would: CN=<name> in $external with its roles", async () => {
    const status = await (await client(certs.app ?? "").connect()).db("admin").command({ connectionStatus: 1 });
    assert.deepEqual(status.authInfo, { authenticatedUsers: [{ user: "CN=app", db: "$external" }], authenticatedUserRoles: [{ role: "readWrite", db: "sales" }] });
  });

  it("refuses writes to a read user with mongod's Unauthorized (13) and lists only its databases", async () => {
    const c = await client(certs.reader ?? "").connect();
    assert.ok((await c.db("sales").collection("orders").countDocuments()) > 0);
    const error = await refusal(c.db("sales").collection("orders").insertOne({ sku: "x" }));
    assert.equal(error.code, 13);
    assert.equal(error.codeName, "Unauthorized");
    assert.match(error.message, /^not authorized on sales to execute command \{ insert: "orders", documents: \[/);
    const dbs = await c.db("admin").admin().listDatabases({ nameOnly: true });
    assert.deepEqual(dbs.databases.map((d) => d.name), ["sales"]);
  });

  it("confines a collection-scoped read user to its collection", async () => {
    const db = (await client(certs.scoped ?? "").connect()).db("sales");
    assert.ok((await db.collection("orders").find().toArray()).length > 0);
    assert.equal((await refusal(db.collection("skus").findOne({}))).code, 13);
    const names = await db.listCollections({}, { nameOnly: true, authorizedCollections: true }).toArray();
    assert.deepEqual(names.map((n) => n.name), ["orders"]);
  });

  it("grants a custom role's actions and nothing more", async () => {
    const db = (await client(certs.auditor ?? "").connect()).db("sales");
    assert.ok((await db.collection("orders").find().toArray()).length > 0);
    assert.equal((await refusal(db.collection("orders").insertOne({ x: 1 }))).code, 13);
    assert.equal((await refusal(db.collection("skus").findOne({}))).code, 13);
  });

  it("authenticates a customer-CA certificate as its RFC 2253 subject", async () => {
    const c = await client(carol.file).connect();
    await c.db("sales").collection("customer").insertOne({ by: "carol" });
    const status = await c.db("admin").command({ connectionStatus: 1 });
    assert.deepEqual(status.authInfo.authenticatedUsers, [{ user: CUSTOMER_SUBJECT, db: "$external" }]);
  });

  it("refuses a certificate from a CA the project does not trust, and an expired one, at the TLS handshake", async () => {
    for (const refused of [stranger, expired]) {
      await assert.rejects(client(refused.file, 1000).connect(), (e: Error & { reason?: { servers?: Map<string, { error?: Error }> } }) => {
        const cause = [...(e.reason?.servers?.values() ?? [])][0]?.error;
        // Under TLS 1.3 the client learns of the refusal only as the server closing the connection.
        return e.name === "MongoServerSelectionError" && cause?.name === "MongoNetworkError" && /closed|alert|certificate/.test(cause.message);
      });
    }
  });

  it("refuses a user name that is not the certificate's subject (18) and a certificate without a user (11)", async () => {
    const named = new MongoClient(
      `mongodb://${encodeURIComponent("CN=mallory,O=certgate tests")}@localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=3000`,
      { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: carol.file },
    );
    drivers.track(named);
    const wrongName = await refusal(named.connect());
    assert.equal(wrongName.code, 18);
    assert.equal(wrongName.message, "Authentication failed.");
    const unknown = await refusal(client(nobody.file).connect());
    assert.equal(unknown.code, 11);
    assert.equal(unknown.message, 'Could not find user "CN=nobody,O=certgate tests" for db "$external"');
  });

  it("answers unknown commands with CommandNotFound (59) and unauthenticated commands with 13", async () => {
    const authed = await client(certs.app ?? "").connect();
    const notFound = await refusal(authed.db("sales").command({ frobnicate: 1 }));
    assert.deepEqual([notFound.code, notFound.message], [59, "no such command: 'frobnicate'"]);
    const anonymous = new MongoClient(`mongodb://localhost:${port}/?tls=true&serverSelectionTimeoutMS=3000`, {
      tlsCAFile: cg.serverCaFile,
      tlsCertificateKeyFile: certs.app ?? "",
    });
    drivers.track(anonymous);
    await anonymous.connect();
    assert.equal((await anonymous.db("admin").command({ ping: 1 })).ok, 1);
    const needsAuth = await refusal(anonymous.db("sales").collection("orders").findOne({}));
    assert.deepEqual([needsAuth.code, needsAuth.message], [13, "Command find requires authentication"]);
  });

  it("keeps a cursor to the user that opened it", async () => {
    const owner = await client(certs.app ?? "").connect();
    const first = await owner.db("sales").command({ find: "orders", batchSize: 1 });
    const id = first.cursor.id;
    assert.notEqual(String(id), "0");
    const other = await client(certs.reader ?? "").connect();
    const error = await refusal(other.db("sales").command({ getMore: id, collection: "orders" }));
    assert.equal(error.code, 13);
    assert.equal(error.message, `cursor id ${String(id)} was not created by the authenticated user`);
    const next = await owner.db("sales").command({ getMore: id, collection: "orders" });
    assert.ok(next.cursor.nextBatch.length > 0);
  });

  it("refuses a revoked certificate, and closes a connection whose certificate is revoked within a second", async () => {
    const second = await cg.issueCert("app", "app-second.pem");
    const c = await client(second.file).connect();
    await c.db("sales").collection("orders").findOne({});
    await cg.call("DELETE", `/databaseUsers/app/certs/${second.serial}`);
    await eventually(() => assert.rejects(c.db("sales").collection("orders").findOne({})), 1000);
    const again = await refusal(client(second.file).connect());
    assert.deepEqual([again.code, again.message], [18, "Authentication failed."]);
  });

  it("cuts a deleted user's open connection off within a second and refuses it afterwards", async () => {
    const c = await client(certs.temp ?? "").connect();
    await c.db("sales").collection("orders").findOne({});
    await cg.call("DELETE", "/databaseUsers/$external/temp", undefined, 204);
    // Deleting a user also revokes its certificates, so the gateway closes the connection; the
    // driver's reconnect then fails authentication.
    const { value } = await eventually(() => refusal(c.db("sales").collection("orders").findOne({})), 1000);
    assert.deepEqual([value.code, value.message], [18, "Authentication failed."]);
    const later = await refusal(client(certs.temp ?? "").connect());
    assert.equal(later.code, 18);
  });

  it("applies narrowed roles to an open connection at its next command", async () => {
    const orders = (await client(certs.shrink ?? "").connect()).db("sales").collection("orders");
    await orders.insertOne({ by: "shrink" });
    await cg.call("PATCH", "/databaseUsers/$external/shrink", { roles: [{ roleName: "read", databaseName: "sales" }] });
    const { value } = await eventually(() => refusal(orders.insertOne({ by: "shrink again" })), 1000);
    assert.equal(value.code, 13);
    assert.ok((await orders.countDocuments({ by: "shrink" })) === 1);
  });

  it("closes a customer user's connection within a second when the project's customer CAs are removed", async () => {
    const c = await client(carol.file, 300).connect();
    await c.db("sales").collection("customer").findOne({});
    await cg.call("DELETE", "/userSecurity/customerX509", undefined, 202);
    const removedAt = Date.now();
    await eventually(() => assert.rejects(c.db("sales").collection("customer").findOne({})), 1000);
    // The connection is closed within the second; the driver then fails after its 300 ms server selection.
    assert.ok(Date.now() - removedAt < 1500, `refused after ${Date.now() - removedAt} ms`);
    await assert.rejects(client(carol.file, 1000).connect(), (e: Error) => e.name === "MongoServerSelectionError");
  });
});
