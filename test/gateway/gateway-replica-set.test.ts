/**
 * The embedded backend through a real `certgate start`, as the single-member replica set it presents:
 * the Node driver over mutual TLS with MONGODB-X509 discovers a replica set whose one member is the
 * address it dialed, uses retryable writes, and a write whose reply was lost on the network is retried
 * by the driver and applied once. Transactions are refused with CommandNotSupported (115),
 * never CommandNotFound, because commitTransaction and abortTransaction are backend commands.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Long, UUID, type Document } from "bson";
import { MongoClient, MongoServerError, type CommandFailedEvent, type CommandStartedEvent, type TopologyDescription } from "mongodb";
import { encodeOpMsg } from "../../src/gateway/wire/op-msg.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { connectRaw } from "./support/raw-wire-client.js";
import { startReplyDroppingRelay, type ReplyDroppingRelay } from "./support/reply-dropping-relay.js";
import { X509DriverClients } from "./support/x509-driver-clients.js";
import { createThrowawayPki, type ThrowawayPki } from "./wire/throwaway-pki.js";

let requestId = 0;
const msg = (body: Record<string, unknown>) => encodeOpMsg({ requestId: ++requestId, responseTo: 0, body });
const CLUSTER = "Replica0";

describe("the embedded backend as a single-member replica set", () => {
  let cg: CertgateProcess;
  let port: number;
  let certFile: string;
  let pki: ThrowawayPki;
  let relay: ReplyDroppingRelay | undefined;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);
  const uri = (host: string, extra = "") =>
    `mongodb://${host}:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=3000&maxPoolSize=1${extra}`;

  before(async () => {
    cg = await startCertgate("27320-27329");
    port = await cg.createCluster(CLUSTER);
    await cg.createUser("teller", "MANAGED", [{ roleName: "readWrite", databaseName: "bank" }]);
    certFile = (await cg.issueCert("teller", "teller.pem")).file;
    pki = createThrowawayPki();
  });

  after(async () => {
    await relay?.close();
    await drivers.closeAll();
    await cg?.stop();
    pki?.cleanup();
  });

  for (const host of ["localhost", "127.0.0.1"]) {
    it(`discovers a replica set named after the cluster whose one member is the address dialed (${host}), and writes with retryable writes`, async () => {
      const client = drivers.track(new MongoClient(uri(host), { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: certFile, monitorCommands: true }));
      const started: CommandStartedEvent[] = [];
      client.on("commandStarted", (event: CommandStartedEvent) => started.push(event));
      let topology: TopologyDescription | undefined;
      client.on("topologyDescriptionChanged", (event) => (topology = event.newDescription));
      await client.connect();
      const accounts = client.db("bank").collection<{ _id: string; balance: number }>(`accounts_${host.replace(/\W/g, "_")}`);
      await accounts.insertOne({ _id: "a", balance: 10 });
      await accounts.updateOne({ _id: "a" }, { $inc: { balance: -1 } });
      const after = await accounts.findOneAndUpdate({ _id: "a" }, { $inc: { balance: -1 } }, { returnDocument: "after" });
      await accounts.updateMany({}, { $set: { audited: true } });
      assert.equal(after?.balance, 8);
      assert.equal(topology?.type, "ReplicaSetWithPrimary");
      assert.equal(topology?.setName, CLUSTER);
      assert.deepEqual([...(topology?.servers.keys() ?? [])], [`${host}:${port}`], "the seed stays the only member");
      assert.equal(topology?.servers.get(`${host}:${port}`)?.type, "RSPrimary");
      const txnNumbers = started
        .filter((event) => ["insert", "update", "findAndModify"].includes(event.commandName))
        .map((event) => [event.commandName, event.command.txnNumber === undefined ? "none" : "txnNumber"]);
      // updateMany is not a retryable write, so the driver sends it without a transaction number.
      assert.deepEqual(txnNumbers, [["insert", "txnNumber"], ["update", "txnNumber"], ["findAndModify", "txnNumber"], ["update", "none"]]);
    });
  }

  it("applies a write once when its reply is lost and the driver retries it with the same lsid and txnNumber", async () => {
    relay = await startReplyDroppingRelay({
      listen: { certFile: pki.serverCert, keyFile: pki.serverKey },
      target: { port, caFile: cg.serverCaFile, clientPemFile: certFile },
      isVictim: (command) => command.update === "lossy" && command.txnNumber !== undefined,
    });
    // Through a relay the dialed address is the relay's, which the gateway cannot know: directConnection, as for any proxied replica set.
    const relayUri = `mongodb://127.0.0.1:${relay.port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&directConnection=true&serverSelectionTimeoutMS=3000&maxPoolSize=1`;
    const client = drivers.track(new MongoClient(relayUri, { tlsCAFile: pki.caFile, tlsCertificateKeyFile: certFile }));
    await client.connect();
    const lossy = client.db("bank").collection<{ _id: string; n: number }>("lossy");
    const result = await lossy.updateOne({ _id: "k" }, { $inc: { n: 1 } }, { upsert: true });
    assert.ok(relay.dropped(), "the first reply was lost on the way");
    const updates = relay.commands.filter((command) => command.update === "lossy");
    assert.equal(updates.length, 2, "the driver sent the write again");
    assert.ok(updates[0]?.txnNumber instanceof Long && updates[0].txnNumber.equals(updates[1]?.txnNumber as Long), "with the same txnNumber");
    assert.deepEqual(updates[0]?.lsid, updates[1]?.lsid, "in the same session");
    assert.equal(result.upsertedCount, 1, "the retry answered what the first attempt did");
    const direct = drivers.client(certFile);
    assert.deepEqual(await direct.db("bank").collection("lossy").find().toArray(), [{ _id: "k", n: 1 }], "applied once");
  });

  it("answers a retried write from the record on another connection, and an older txnNumber with TransactionTooOld (225)", async () => {
    const lsid = { id: new UUID().toBinary() };
    const write = (txnNumber: number): Document => ({
      update: "raw",
      updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }],
      lsid,
      txnNumber: Long.fromNumber(txnNumber),
      $db: "bank",
    });
    const replies: Document[] = [];
    for (const txnNumber of [1, 1, 2, 1]) {
      const c = await connectRaw(port, cg.serverCaFile, certFile);
      try {
        assert.equal((await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }))).doc.ok, 1);
        replies.push((await c.request(msg(write(txnNumber)))).doc);
      } finally {
        c.close();
      }
    }
    assert.deepEqual(replies.map((reply) => [reply.ok, reply.n, reply.nModified, reply.code]), [
      [1, 1, 0, undefined],
      [1, 1, 0, undefined],
      [1, 1, 1, undefined],
      [0, undefined, undefined, 225],
    ]);
    const direct = drivers.client(certFile);
    assert.deepEqual(await direct.db("bank").collection("raw").find().toArray(), [{ _id: "k", n: 2 }]);
  });

  it("fails session.withTransaction with CommandNotSupported (115), and the driver's abort gets the same, not CommandNotFound", async () => {
    const client = drivers.track(new MongoClient(uri("localhost"), { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: certFile, monitorCommands: true }));
    const failures: CommandFailedEvent[] = [];
    client.on("commandFailed", (event: CommandFailedEvent) => failures.push(event));
    await client.connect();
    const accounts = client.db("bank").collection("txn_accounts");
    const session = client.startSession();
    let error: unknown;
    try {
      await session.withTransaction(async () => {
        await accounts.insertOne({ _id: "a" as never, balance: 10 }, { session });
        await accounts.updateOne({ _id: "a" as never }, { $inc: { balance: -1 } }, { session });
      });
    } catch (caught) {
      error = caught;
    } finally {
      await session.endSession();
    }
    assert.ok(error instanceof MongoServerError, `withTransaction failed with ${String(error)}`);
    assert.deepEqual([error.code, error.codeName], [115, "CommandNotSupported"]);
    assert.match(error.message, /^Multi-document transactions are not supported by the embedded backend/);
    const failed = failures.map((event) => [event.commandName, (event.failure as MongoServerError).code, (event.failure as MongoServerError).codeName]);
    assert.deepEqual(failed, [["insert", 115, "CommandNotSupported"], ["abortTransaction", 115, "CommandNotSupported"]]);
    assert.equal(await accounts.countDocuments({}), 0, "nothing was written");
  });

  it("answers hand-built commitTransaction and abortTransaction: 115 in a transaction, 50768 with txnNumber alone, 72 with autocommit alone, 125 without either", async () => {
    // Hand-built commands: the driver itself always adds txnNumber and autocommit to these two.
    const c = await connectRaw(port, cg.serverCaFile, certFile);
    try {
      const auth = await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }));
      assert.equal(auth.doc.ok, 1);
      const lsid = { id: new UUID().toBinary() };
      for (const name of ["commitTransaction", "abortTransaction"]) {
        const answers = [];
        const txnNumber = Long.fromNumber(1);
        for (const fields of [{ lsid, txnNumber, autocommit: false }, { lsid, txnNumber }, { lsid, autocommit: false }, { lsid, startTransaction: true }, { lsid }, {}]) {
          const { doc } = await c.request(msg({ [name]: 1, ...fields, $db: "admin" }));
          answers.push([doc.ok, doc.code, doc.codeName]);
        }
        assert.deepEqual(answers, [
          [0, 115, "CommandNotSupported"],
          [0, 50768, "Location50768"],
          [0, 72, "InvalidOptions"],
          [0, 72, "InvalidOptions"],
          [0, 125, "CommandFailed"],
          [0, 125, "CommandFailed"],
        ]);
      }
    } finally {
      c.close();
    }
  });
});
