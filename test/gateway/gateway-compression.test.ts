/**
 * Wire compression with real drivers: a recording TLS relay between the driver and a real `certgate
 * start` shows that after the handshake the Node driver and pymongo, asking for compression, send their
 * commands in OP_COMPRESSED, and that the gateway answers them in OP_COMPRESSED with the same compressor.
 * The handshake and authentication stay uncompressed, as the compression spec requires. The Node driver
 * compresses snappy with the `snappy` package (a dev dependency; the gateway itself uses the pure-JS
 * `snappyjs`); a client asking for zstd first gets the next compressor it listed. pymongo is Debian's
 * (3.11, under /usr/bin/python3).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { MongoClient } from "mongodb";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { startRecordingRelay, type RecordedFrame, type RecordingRelay } from "./support/recording-tls-relay.js";
import { createThrowawayPki, type ThrowawayPki } from "./wire/throwaway-pki.js";

const OP_MSG = 2013;
const OP_COMPRESSED = 2012;
const SNAPPY = 1;
const ZLIB = 2;

/** Frames of one relay connection that carried an OP_MSG compressed with `compressorId`. */
const compressedMessages = (frames: RecordedFrame[], compressorId: number) =>
  frames.filter((f) => f.opCode === OP_COMPRESSED && f.originalOpCode === OP_MSG && f.compressorId === compressorId);
const zlibMessages = (frames: RecordedFrame[]) => compressedMessages(frames, ZLIB);

describe("wire compression through the gateway, seen on the wire", () => {
  let cg: CertgateProcess;
  let pki: ThrowawayPki;
  let relay: RecordingRelay;
  let certFile: string;

  before(async () => {
    cg = await startCertgate("27510-27519");
    const port = await cg.createCluster("Squeeze0");
    await cg.createUser("squeezer", "MANAGED", [{ roleName: "readWrite", databaseName: "squeeze" }]);
    certFile = (await cg.issueCert("squeezer", "squeezer.pem")).file;
    pki = createThrowawayPki();
    relay = await startRecordingRelay({ listen: { certFile: pki.serverCert, keyFile: pki.serverKey }, target: { port, caFile: cg.serverCaFile, clientPemFile: certFile } });
  });
  after(async () => {
    await relay?.close();
    await cg?.stop();
    pki?.cleanup();
  });

  for (const { compressors, agreed, compressorId } of [
    { compressors: "zstd,snappy,zlib", agreed: ["snappy", "zlib"], compressorId: SNAPPY },
    { compressors: "zstd,zlib", agreed: ["zlib"], compressorId: ZLIB },
  ]) {
    it(`the Node driver asking for ${compressors} is offered ${agreed.join(",")}: its commands and the gateway's replies travel compressed with ${agreed[0]}`, async () => {
      const earlier = new Set([...relay.fromClient, ...relay.fromServer].map((f) => f.connection));
      const uri = `mongodb://127.0.0.1:${relay.port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&compressors=${compressors}&maxPoolSize=1&serverSelectionTimeoutMS=5000&directConnection=true`;
      const client = new MongoClient(uri, { tlsCAFile: pki.caFile, tlsCertificateKeyFile: certFile, monitorCommands: true });
      try {
        const handshake = new Promise<unknown>((resolve) => client.once("serverHeartbeatSucceeded", (e) => resolve(e.reply)));
        const text = "compressible ".repeat(500);
        const items = client.db("squeeze").collection<{ _id: number; text: string }>(`items-${compressorId}`);
        await items.insertOne({ _id: 1, text });
        assert.deepEqual(await items.findOne({ _id: 1 }), { _id: 1, text });
        assert.deepEqual(((await handshake) as { compression?: string[] }).compression, agreed);
      } finally {
        await client.close();
      }
      const fromClient = relay.fromClient.filter((f) => !earlier.has(f.connection));
      const connections = new Set(compressedMessages(fromClient, compressorId).map((f) => f.connection));
      assert.ok(connections.size > 0, `no OP_COMPRESSED with compressor ${compressorId} from the driver: ${JSON.stringify(fromClient)}`);
      for (const connection of connections) {
        const sent = relay.fromClient.filter((f) => f.connection === connection);
        const answered = relay.fromServer.filter((f) => f.connection === connection);
        // The first message (the handshake's hello) is never compressed; a compressed request gets a compressed reply.
        assert.equal(sent[0]?.opCode !== OP_COMPRESSED, true);
        assert.equal(compressedMessages(answered, compressorId).length, compressedMessages(sent, compressorId).length, JSON.stringify({ sent, answered }));
      }
    });
  }

  it("pymongo with compressors=zlib sends and receives OP_COMPRESSED", async () => {
    const earlier = new Set([...relay.fromClient, ...relay.fromServer].map((f) => f.connection));
    const script = [
      "import os, pymongo",
      'c = pymongo.MongoClient("127.0.0.1", int(os.environ["PORT"]), tls=True, tlsCAFile=os.environ["CA"], tlsCertificateKeyFile=os.environ["CERT"],',
      '    authMechanism="MONGODB-X509", serverSelectionTimeoutMS=5000, directConnection=True, compressors="zlib")',
      'items = c["squeeze"]["py"]',
      'items.insert_one({"_id": 1, "text": "compressible " * 500})',
      'print(len(items.find_one({"_id": 1})["text"]))',
    ].join("\n");
    const { stdout } = await promisify(execFile)("/usr/bin/python3", ["-c", script], {
      env: { ...process.env, PORT: String(relay.port), CA: pki.caFile, CERT: certFile },
      timeout: 60_000,
    });
    assert.equal(stdout.trim(), String("compressible ".length * 500));
    const sent = relay.fromClient.filter((f) => !earlier.has(f.connection));
    const answered = relay.fromServer.filter((f) => !earlier.has(f.connection));
    assert.ok(zlibMessages(sent).length >= 2, `pymongo sent no zlib OP_COMPRESSED: ${JSON.stringify(sent)}`);
    assert.equal(zlibMessages(answered).length, zlibMessages(sent).length, JSON.stringify({ sent, answered }));
  });
});
