import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Int32, type Document } from "bson";
import { bodyWithSequences, hasFlag, OP_MSG_FLAGS } from "../../../src/gateway/wire/op-msg.js";
import { startCaptureServer, type Captured, type CaptureServer } from "./capture-server.js";
import { createThrowawayPki, type ThrowawayPki } from "./throwaway-pki.js";

// Debian's python3-pymongo (installed by scripts/test-setup.mjs) under the system interpreter.
const PYTHON = "/usr/bin/python3";

const SCRIPT = `
import os, pymongo
client = pymongo.MongoClient("localhost", int(os.environ["PORT"]), directConnection=True, tls=True,
    tlsCAFile=os.environ["CA"], tlsCertificateKeyFile=os.environ["CERT"], authMechanism="MONGODB-X509",
    serverSelectionTimeoutMS=5000, appname="pymongo-capture")
orders = client.sales.orders
orders.insert_many([{"sku": "a"}, {"sku": "b"}])
orders.with_options(write_concern=pymongo.WriteConcern(w=0)).insert_one({"sku": "c"})
client.admin.command("ping")
client.close()
print(pymongo.version)
`;

function bodyOf(captured: Captured): Document {
  return captured.message.kind === "OP_MSG" ? captured.message.msg.body : captured.message.query.query;
}

describe("Debian's pymongo over mutual TLS with MONGODB-X509", () => {
  let pki: ThrowawayPki;
  let server: CaptureServer;
  let version = "";
  before(async () => {
    pki = createThrowawayPki();
    server = await startCaptureServer({ tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caFile } });
    const env = { ...process.env, PORT: String(server.port), CA: pki.caFile, CERT: pki.clientPemFile };
    const { stdout } = await promisify(execFile)(PYTHON, ["-c", SCRIPT], { env, timeout: 30_000 });
    version = stdout.trim();
  });
  after(async () => {
    await server.close();
    pki.cleanup();
  });

  test("the handshake is a legacy OP_QUERY ismaster with PyMongo metadata and speculative X.509", () => {
    assert.match(version, /^\d+\.\d+/);
    const hello = server.captured.find((c) => bodyOf(c).speculativeAuthenticate !== undefined);
    assert.ok(hello, "one handshake carries speculativeAuthenticate");
    assert.ok(hello.message.kind === "OP_QUERY");
    assert.equal(hello.message.query.fullCollectionName, "admin.$cmd");
    assert.deepEqual(bodyOf(hello).ismaster, new Int32(1));
    assert.equal(bodyOf(hello).client.driver.name, "PyMongo");
    assert.equal(bodyOf(hello).client.application.name, "pymongo-capture");
    assert.equal(bodyOf(hello).speculativeAuthenticate.mechanism, "MONGODB-X509");
    assert.equal(hello.peerSubject, pki.clientSubject);
  });

  test("insert_many sends its documents as an OP_MSG kind-1 sequence that splices into the body", () => {
    const inserts = server.captured.filter((c) => bodyOf(c).insert === "orders");
    assert.equal(inserts.length, 2);
    const [many, unacknowledged] = inserts;
    assert.ok(many.message.kind === "OP_MSG");
    assert.equal(bodyOf(many).documents, undefined, "documents are not in the body");
    assert.deepEqual(many.message.msg.sequences.map((s) => s.identifier), ["documents"]);
    const merged = bodyWithSequences(many.message.msg);
    assert.deepEqual(merged.documents.map((d: Document) => d.sku), ["a", "b"]);
    assert.equal(merged.$db, "sales");

    assert.ok(unacknowledged.message.kind === "OP_MSG");
    assert.ok(hasFlag(unacknowledged.message.msg.flagBits, OP_MSG_FLAGS.moreToCome), "w:0 sets moreToCome");
    assert.deepEqual(bodyWithSequences(unacknowledged.message.msg).documents.map((d: Document) => d.sku), ["c"]);
  });
});
