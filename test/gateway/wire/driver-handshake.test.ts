import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { MongoClient } from "mongodb";
import { Int32, type Document } from "bson";
import { COMPRESSOR_IDS } from "../../../src/gateway/wire/op-compressed.js";
import { hasFlag, OP_MSG_FLAGS } from "../../../src/gateway/wire/op-msg.js";
import { OP_CODES } from "../../../src/gateway/wire/msg-header.js";
import { startCaptureServer, type Captured, type CaptureServer } from "./capture-server.js";
import { createThrowawayPki, type ThrowawayPki } from "./throwaway-pki.js";

const DRIVER_OPTIONS = { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000, heartbeatFrequencyMS: 60000 };

function bodyOf(captured: Captured): Document {
  return captured.message.kind === "OP_MSG" ? captured.message.msg.body : captured.message.query.query;
}

function isHello(body: Document): boolean {
  return body.hello !== undefined || body.ismaster !== undefined || body.isMaster !== undefined;
}

describe("the real Node driver over plain TCP", () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer({ compression: ["zlib"] });
  });
  after(async () => {
    await server.close();
  });

  test("opens with a legacy OP_QUERY ismaster on admin.$cmd carrying helloOk and client metadata", async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${server.port}/?directConnection=true&appName=wire-capture`, DRIVER_OPTIONS);
    try {
      await client.db("admin").command({ ping: 1 });
    } finally {
      await client.close();
    }
    const first = server.captured[0];
    assert.equal(first.message.kind, "OP_QUERY");
    assert.equal(first.raw.readInt32LE(12), OP_CODES.OP_QUERY);
    assert.equal(first.raw.readInt32LE(0), first.raw.length);
    assert.ok(first.message.kind === "OP_QUERY");
    const query = first.message.query;
    assert.equal(query.fullCollectionName, "admin.$cmd");
    assert.equal(query.numberToReturn, -1);
    assert.deepEqual(query.query.ismaster, new Int32(1));
    assert.equal(query.query.helloOk, true);
    assert.equal(query.query.client.driver.name, "nodejs");
    assert.match(query.query.client.driver.version, /^7\./);
    assert.equal(query.query.client.application.name, "wire-capture");
    assert.equal(query.query.speculativeAuthenticate, undefined, "no credentials, no speculative auth");

    const ping = server.captured.find((c) => bodyOf(c).ping !== undefined);
    assert.ok(ping, "ping was received");
    assert.equal(ping.message.kind, "OP_MSG");
    assert.equal(bodyOf(ping).$db, "admin");
    assert.ok(bodyOf(ping).lsid, "sessions are attached because the hello reply had logicalSessionTimeoutMinutes");
    assert.ok(ping.message.kind === "OP_MSG" && !hasFlag(ping.message.msg.flagBits, OP_MSG_FLAGS.checksumPresent), "the driver sends no checksum");
  });

  test("with compressors=zlib the driver compresses commands after hello and accepts compressed replies", async () => {
    server.captured.length = 0;
    const client = new MongoClient(`mongodb://127.0.0.1:${server.port}/?directConnection=true&compressors=zlib`, DRIVER_OPTIONS);
    try {
      const reply = await client.db("sales").command({ count: "orders" });
      assert.equal(reply.ok, 1);
    } finally {
      await client.close();
    }
    const hello = server.captured.find((c) => isHello(bodyOf(c)));
    assert.deepEqual(hello && bodyOf(hello).compression, ["zlib"]);
    const count = server.captured.find((c) => bodyOf(c).count !== undefined);
    assert.ok(count, "count was received");
    assert.equal(count.raw.readInt32LE(12), OP_CODES.OP_COMPRESSED);
    assert.equal(count.message.compressorId, COMPRESSOR_IDS.zlib);
    assert.equal(bodyOf(count).$db, "sales");
  });
});

describe("the real Node driver over mutual TLS with MONGODB-X509", () => {
  let pki: ThrowawayPki;
  let server: CaptureServer;
  before(async () => {
    pki = createThrowawayPki();
    server = await startCaptureServer({ tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caFile } });
  });
  after(async () => {
    await server.close();
    pki.cleanup();
  });

  test("speculativeAuthenticate rides in the handshake, authenticate follows, w:0 sets moreToCome", async () => {
    const uri = `mongodb://localhost:${server.port}/?directConnection=true&tls=true&authMechanism=MONGODB-X509`;
    const client = new MongoClient(uri, { ...DRIVER_OPTIONS, tlsCAFile: pki.caFile, tlsCertificateKeyFile: pki.clientPemFile });
    try {
      await client.db("sales").collection("orders").insertOne({ sku: "a" }, { writeConcern: { w: 0 } });
      await client.db("admin").command({ ping: 1 });
    } finally {
      await client.close();
    }
    const hellos = server.captured.filter((c) => isHello(bodyOf(c)));
    const speculative = hellos.find((c) => bodyOf(c).speculativeAuthenticate !== undefined);
    assert.ok(speculative, "one handshake carries speculativeAuthenticate");
    assert.equal(speculative.message.kind, "OP_QUERY");
    assert.equal(speculative.peerSubject, pki.clientSubject, "the client presented the throwaway certificate");
    const spec = bodyOf(speculative).speculativeAuthenticate as Document;
    assert.deepEqual(Object.keys(spec), ["authenticate", "mechanism"], "no user field when the URI has no username");
    assert.deepEqual(spec.authenticate, new Int32(1));
    assert.equal(spec.mechanism, "MONGODB-X509");
    assert.ok(hellos.some((c) => bodyOf(c).speculativeAuthenticate === undefined), "the monitoring socket does not authenticate");

    // The capture server omits speculativeAuthenticate from its reply, so the driver must authenticate.
    const authenticate = server.captured.find((c) => bodyOf(c).authenticate !== undefined);
    assert.ok(authenticate && authenticate.message.kind === "OP_MSG");
    assert.equal(authenticate.connection, speculative.connection);
    assert.equal(bodyOf(authenticate).mechanism, "MONGODB-X509");
    assert.equal(bodyOf(authenticate).$db, "$external");

    const insert = server.captured.find((c) => bodyOf(c).insert !== undefined);
    assert.ok(insert && insert.message.kind === "OP_MSG");
    assert.ok(hasFlag(insert.message.msg.flagBits, OP_MSG_FLAGS.moreToCome), "unacknowledged write sets moreToCome");
    assert.equal(bodyOf(insert).$db, "sales");
    const documents = bodyOf(insert).documents ?? insert.message.msg.sequences.find((s) => s.identifier === "documents")?.documents;
    assert.equal(documents?.[0]?.sku, "a");
  });
});
