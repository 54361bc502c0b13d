/**
 * Transactions against a real `certgate start` whose cluster has the embedded backend, which is a
 * standalone server: the Node driver over mutual TLS with MONGODB-X509 gets a standalone mongod's
 * answers (IllegalOperation for a transaction, CommandFailed for a bare commit or abort), never
 * CommandNotFound, because commitTransaction and abortTransaction are backend commands.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Long, UUID } from "bson";
import { MongoClient, MongoServerError, type CommandFailedEvent } from "mongodb";
import { encodeOpMsg } from "../../src/gateway/wire/op-msg.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { connectRaw } from "./support/raw-wire-client.js";
import { X509DriverClients } from "./support/x509-driver-clients.js";

let requestId = 0;
const msg = (body: Record<string, unknown>) => encodeOpMsg({ requestId: ++requestId, responseTo: 0, body });

describe("transactions through the gateway with the embedded (standalone) backend", () => {
  let cg: CertgateProcess;
  let port: number;
  let certFile: string;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);

  before(async () => {
    cg = await startCertgate("27320-27329");
    port = await cg.createCluster("Standalone0");
    await cg.createUser("teller", "MANAGED", [{ roleName: "readWrite", databaseName: "bank" }]);
    certFile = (await cg.issueCert("teller", "teller.pem")).file;
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  it("fails session.withTransaction with the standalone's IllegalOperation (20), and the driver's abort gets the same, not CommandNotFound", async () => {
    const uri = `mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=3000&maxPoolSize=1`;
    const client = drivers.track(new MongoClient(uri, { tlsCAFile: cg.serverCaFile, tlsCertificateKeyFile: certFile, monitorCommands: true }));
    const failures: CommandFailedEvent[] = [];
    client.on("commandFailed", (event: CommandFailedEvent) => failures.push(event));
    await client.connect();
    const accounts = client.db("bank").collection("accounts");
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
    // The driver words code 20 on a write as "does not support retryable writes" and keeps the server's error beside it.
    assert.ok(error instanceof MongoServerError, `withTransaction failed with ${String(error)}`);
    const original = (error as MongoServerError & { originalError?: MongoServerError }).originalError;
    assert.deepEqual([original?.code, original?.codeName, original?.message], [20, "IllegalOperation", "Transaction numbers are only allowed on a replica set member or mongos"]);
    const failed = failures.map((event) => [event.commandName, (event.failure as MongoServerError).code, (event.failure as MongoServerError).codeName]);
    assert.deepEqual(failed, [["insert", 20, "IllegalOperation"], ["abortTransaction", 20, "IllegalOperation"]]);
    assert.equal(await accounts.countDocuments({}), 0, "nothing was written");
  });

  it("answers commitTransaction and abortTransaction as a standalone: 20 with txnNumber, 72 with autocommit alone, 125 without either", async () => {
    // Hand-built commands: the driver itself always adds txnNumber and autocommit to these two.
    const c = await connectRaw(port, cg.serverCaFile, certFile);
    try {
      const auth = await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }));
      assert.equal(auth.doc.ok, 1);
      const lsid = { id: new UUID().toBinary() };
      for (const name of ["commitTransaction", "abortTransaction"]) {
        const answers = [];
        for (const fields of [{ lsid, txnNumber: Long.fromNumber(1), autocommit: false }, { lsid, autocommit: false }, { lsid, startTransaction: true }, { lsid }, {}]) {
          const { doc } = await c.request(msg({ [name]: 1, ...fields, $db: "admin" }));
          answers.push([doc.ok, doc.code, doc.codeName, doc.errmsg]);
        }
        assert.deepEqual(answers, [
          [0, 20, "IllegalOperation", "Transaction numbers are only allowed on a replica set member or mongos"],
          [0, 72, "InvalidOptions", "'autocommit' field requires a transaction number to also be specified"],
          [0, 72, "InvalidOptions", "'startTransaction' field requires 'autocommit' field to also be specified"],
          [0, 125, "CommandFailed", `${name} must be run within a transaction`],
          [0, 125, "CommandFailed", `${name} must be run within a transaction`],
        ]);
      }
    } finally {
      c.close();
    }
  });
});
