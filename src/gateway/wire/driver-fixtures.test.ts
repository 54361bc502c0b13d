import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Int32 } from "bson";
import { MessageReader } from "./message-reader.js";
import { hasFlag, OP_MSG_FLAGS } from "./op-msg.js";
import type { WireMessage } from "./wire-message.js";

// Bytes captured from the Node driver 7.9 by test/gateway/wire/capture-fixtures.ts (mutual TLS,
// authMechanism=MONGODB-X509, appName=fixture).
const TESTDATA = new URL("../../../../src/gateway/wire/testdata/", import.meta.url);

function fixture(name: string): Buffer {
  return Buffer.from(readFileSync(fileURLToPath(new URL(name, TESTDATA)), "utf8").replace(/\s+/g, ""), "hex");
}

function readOne(bytes: Buffer): WireMessage {
  const results = new MessageReader().push(bytes);
  assert.equal(results.length, 1);
  const [result] = results;
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  assert.deepEqual(result.frame, bytes);
  return result.message;
}

test("fixture: the driver's handshake is an OP_QUERY ismaster with speculative X.509 authentication", () => {
  const message = readOne(fixture("node-driver-hello-x509.hex"));
  assert.ok(message.kind === "OP_QUERY");
  assert.equal(message.header.responseTo, 0);
  const { query } = message;
  assert.equal(query.fullCollectionName, "admin.$cmd");
  assert.equal(query.numberToSkip, 0);
  assert.equal(query.numberToReturn, -1);
  assert.equal(query.returnFieldsSelector, undefined);
  assert.deepEqual(Object.keys(query.query).slice(0, 3), ["ismaster", "backpressure", "helloOk"]);
  assert.deepEqual(query.query.ismaster, new Int32(1));
  assert.equal(query.query.helloOk, true);
  assert.equal(query.query.client.driver.name, "nodejs");
  assert.equal(query.query.client.application.name, "fixture");
  // Driver 7.9 lists "none" when no compressor is configured (not an empty array).
  assert.deepEqual(query.query.compression, ["none"]);
  assert.deepEqual(query.query.speculativeAuthenticate, { authenticate: new Int32(1), mechanism: "MONGODB-X509" });
});

test("fixture: the explicit authenticate is an OP_MSG to $external without a user", () => {
  const message = readOne(fixture("node-driver-authenticate.hex"));
  assert.ok(message.kind === "OP_MSG");
  assert.equal(message.msg.flagBits, 0);
  assert.deepEqual(message.msg.body, { authenticate: new Int32(1), mechanism: "MONGODB-X509", $db: "$external" });
});

test("fixture: an unacknowledged insert sets moreToCome and carries its documents", () => {
  const message = readOne(fixture("node-driver-insert-w0.hex"));
  assert.ok(message.kind === "OP_MSG");
  assert.ok(hasFlag(message.msg.flagBits, OP_MSG_FLAGS.moreToCome));
  assert.ok(!hasFlag(message.msg.flagBits, OP_MSG_FLAGS.checksumPresent | OP_MSG_FLAGS.exhaustAllowed));
  assert.equal(message.msg.body.insert, "orders");
  assert.equal(message.msg.body.$db, "sales");
  assert.equal(message.msg.body.writeConcern.w.valueOf(), 0);
  // Driver 7.9 still sends insert documents inside the body, not as a kind-1 sequence (pymongo does).
  assert.deepEqual(message.msg.sequences, []);
  assert.equal(message.msg.body.documents[0].sku, "a");
  assert.equal(message.msg.body.lsid, undefined, "unacknowledged writes carry no implicit session");
});
