/**
 * The gateway's wire protocol seen byte by byte (legacy OP_QUERY handshake, OP_MSG rules, malformed
 * input) and the clusters API that starts and stops listeners, against a real `certgate start`.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Double, Int32 } from "bson";
import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { encodeOpMsg, OP_MSG_FLAGS } from "../../src/gateway/wire/op-msg.js";
import { encodeOpQuery } from "../../src/gateway/wire/op-query.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { customerClientWithSubject, customerRoot, type ClientPem } from "./support/customer-pki.js";
import { eventually } from "./support/eventually.js";
import { connectRaw, type RawWireClient } from "./support/raw-wire-client.js";

let requestId = 100;
const msg = (body: Record<string, unknown>, flagBits = 0, checksum = false) => encodeOpMsg({ requestId: ++requestId, responseTo: 0, body, flagBits, checksum });
const query = (fullCollectionName: string, body: Record<string, unknown>) =>
  encodeOpQuery({ requestId: ++requestId, flags: 0, fullCollectionName, numberToSkip: 0, numberToReturn: -1, query: body });

describe("gateway wire protocol and clusters API", () => {
  let cg: CertgateProcess;
  let port: number;
  let wireCert: string;
  let member: ClientPem;
  const open: RawWireClient[] = [];

  before(async () => {
    cg = await startCertgate("27270-27279");
    port = await cg.createCluster("Wire0");
    await cg.createUser("wire", "MANAGED", [{ roleName: "readWrite", databaseName: "w" }]);
    wireCert = (await cg.issueCert("wire", "wire.pem")).file;
    const root = customerRoot(cg.dir, "wire-root");
    member = customerClientWithSubject(cg.dir, "member", root, "/O=certgate deployment/OU=gateway/CN=member");
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: root.pem } }, 202);
    await cg.createUser("CN=member,OU=gateway,O=certgate deployment", "CUSTOMER", [{ roleName: "readWrite", databaseName: "w" }]);
  });
  after(async () => {
    for (const c of open) c.close();
    await cg?.stop();
  });

  async function raw(certFile = wireCert): Promise<RawWireClient> {
    const c = await connectRaw(port, cg.serverCaFile, certFile);
    open.push(c);
    return c;
  }

  it("answers a legacy OP_QUERY isMaster with OP_REPLY in mongod's field order, authenticating speculatively", async () => {
    const c = await raw();
    const frame = query("admin.$cmd", {
      isMaster: 1,
      helloOk: true,
      client: { driver: { name: "raw", version: "1" } },
      compression: ["zstd", "zlib", "snappy"],
      speculativeAuthenticate: { authenticate: 1, mechanism: "MONGODB-X509" },
    });
    const reply = await c.request(frame);
    assert.equal(reply.opCode, 1);
    assert.equal(reply.responseTo, frame.readInt32LE(4));
    assert.deepEqual(Object.keys(reply.doc), [
      "helloOk", "topologyVersion", "hosts", "setName", "setVersion", "ismaster", "secondary", "primary", "me", "electionId", "maxBsonObjectSize", "maxMessageSizeBytes", "maxWriteBatchSize", "localTime",
      "logicalSessionTimeoutMinutes", "connectionId", "minWireVersion", "maxWireVersion", "readOnly", "compression",
      "speculativeAuthenticate", "ok",
    ]);
    assert.deepEqual(reply.doc.compression, ["zlib", "snappy"], "the client's order, without zstd");
    const member = `localhost:${port}`;
    assert.deepEqual(
      [reply.doc.hosts, reply.doc.setName, reply.doc.setVersion, reply.doc.ismaster, reply.doc.secondary, reply.doc.primary, reply.doc.me, String(reply.doc.electionId)],
      [[member], "Wire0", 1, true, false, member, member, "7fffffff0000000000000001"],
      "a replica set of one member, named as the client dialed it (SNI localhost)",
    );
    assert.deepEqual(reply.doc.speculativeAuthenticate, { dbname: "$external", user: "CN=wire" });
    assert.equal(reply.doc.maxWireVersion, 21);
    const status = await c.request(msg({ connectionStatus: 1, $db: "admin" }));
    assert.equal(status.opCode, 2013);
    assert.deepEqual(status.doc.authInfo.authenticatedUsers, [{ user: "CN=wire", db: "$external" }]);
    const again = await c.request(msg({ hello: 1, client: { driver: { name: "raw", version: "1" } }, $db: "admin" }));
    assert.deepEqual([again.doc.code, again.doc.codeName], [186, "ClientMetadataCannotBeMutated"]);
    const hello = await c.request(msg({ hello: 1, $db: "admin" }));
    assert.equal(hello.doc.isWritablePrimary, true);
    assert.equal(hello.doc.ismaster, undefined);
    assert.deepEqual(hello.doc.topologyVersion, reply.doc.topologyVersion);
  });

  it("holds an awaitable hello for maxAwaitTimeMS when the client knows the current topology version", async () => {
    const c = await raw();
    const first = await c.request(msg({ hello: 1, $db: "admin" }));
    const known = first.doc.topologyVersion as { processId: unknown; counter: unknown };
    const started = Date.now();
    const awaited = await c.request(encodeOpMsg({ requestId: ++requestId, responseTo: 0, body: { hello: 1, topologyVersion: known, maxAwaitTimeMS: new Int32(400), $db: "admin" } }));
    assert.ok(Date.now() - started >= 390, `answered after ${Date.now() - started} ms`);
    assert.equal(awaited.doc.isWritablePrimary, true);
    const missing = await c.request(msg({ hello: 1, maxAwaitTimeMS: 100, $db: "admin" }));
    assert.deepEqual([missing.doc.code, missing.doc.errmsg], [2, "A request with 'maxAwaitTimeMS' must include a 'topologyVersion'"]);
  });

  it("refuses OP_QUERY commands other than the handshake (352) and OP_MSG without $db (40571)", async () => {
    const c = await raw();
    const legacyFind = await c.request(query("w.$cmd", { find: "things" }));
    assert.equal(legacyFind.doc.code, 352);
    assert.match(legacyFind.doc.errmsg, /^Unsupported OP_QUERY command: find\. The client driver may require an upgrade/);
    const noDb = await c.request(msg({ ping: 1 }));
    assert.deepEqual([noDb.doc.code, noDb.doc.errmsg], [40571, "OP_MSG requests require a $db argument"]);
  });

  it("authenticates only on $external (17) and runs fire-and-forget writes (moreToCome) without a reply", async () => {
    const c = await raw();
    const wrongDb = await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "admin" }));
    assert.deepEqual([wrongDb.doc.code, wrongDb.doc.codeName], [17, "ProtocolError"]);
    const ok = await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }, 0, true));
    assert.deepEqual({ ...ok.doc }, { dbname: "$external", user: "CN=wire", ok: 1 });
    c.write(msg({ insert: "t", documents: [{ _id: 1 }], writeConcern: { w: 0 }, $db: "w" }, OP_MSG_FLAGS.moreToCome));
    const found = await c.request(msg({ find: "t", filter: {}, $db: "w" }));
    assert.deepEqual(found.doc.cursor.firstBatch, [{ _id: 1 }]);
  });

  it("writes ok as a BSON double (1.0 and 0.0) and code as int32 in every reply, as mongod does", async () => {
    const c = await raw();
    const replies = {
      legacyHandshake: await c.request(query("admin.$cmd", { isMaster: 1 })),
      authenticate: await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" })),
      ping: await c.request(msg({ ping: 1, $db: "admin" })),
      insert: await c.request(msg({ insert: "doubles", documents: [{ _id: 1 }], $db: "w" })),
      duplicate: await c.request(msg({ insert: "doubles", documents: [{ _id: 1 }], $db: "w" })),
      count: await c.request(msg({ count: "doubles", $db: "w" })),
      find: await c.request(msg({ find: "doubles", filter: {}, $db: "w" })),
      refused: await c.request(msg({ find: "doubles", filter: {}, $db: "elsewhere" })),
      unknown: await c.request(msg({ noSuchCommand: 1, $db: "w" })),
      badValue: await c.request(msg({ find: "doubles", filter: { a: { $nope: 1 } }, $db: "w" })),
      legacyRefused: await c.request(query("w.$cmd", { find: "doubles" })),
    };
    for (const [name, reply] of Object.entries(replies)) {
      assert.ok(reply.typed.ok instanceof Double, `${name}: ok is ${String(reply.typed.ok?._bsontype ?? typeof reply.typed.ok)}`);
      if (reply.doc.ok === 0) assert.ok(reply.typed.code instanceof Int32, `${name}: code is ${String(reply.typed.code?._bsontype)}`);
    }
    assert.deepEqual(
      Object.fromEntries(Object.entries(replies).map(([name, reply]) => [name, reply.doc.ok === 1 ? 1 : reply.doc.code])),
      { legacyHandshake: 1, authenticate: 1, ping: 1, insert: 1, duplicate: 1, count: 1, find: 1, refused: 13, unknown: 59, badValue: 2, legacyRefused: 352 },
    );
    assert.equal(replies.duplicate.doc.writeErrors[0].code, 11000);
  });

  it("closes connections that send malformed frames, and keeps serving everyone else", async () => {
    const survivor = await raw();
    const badLength = await raw();
    badLength.write(Buffer.from([0x03, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff]));
    await badLength.closed;
    const huge = await raw();
    const header = Buffer.alloc(16);
    header.writeInt32LE(48_000_001, 0);
    huge.write(header);
    await huge.closed;
    const badBson = await raw();
    const frame = msg({ ping: 1, $db: "admin" });
    frame.writeInt32LE(0x7fff, 21);
    badBson.write(frame);
    await badBson.closed;
    const badChecksum = await raw();
    const summed = msg({ ping: 1, $db: "admin" }, 0, true);
    summed.writeUInt32LE((summed.readUInt32LE(summed.length - 4) ^ 1) >>> 0, summed.length - 4);
    badChecksum.write(summed);
    await badChecksum.closed;
    const pong = await survivor.request(msg({ ping: 1, $db: "admin" }));
    assert.equal(pong.doc.ok, 1);
    assert.ok(!cg.output().includes('"level":50'), "no error was logged");
  });

  it("never resumes a TLS session: every connection is a full handshake with the certificate checked", async () => {
    const pem = readFileSync(wireCert, "utf8");
    const options = { host: "localhost", port, servername: "localhost", ca: readFileSync(cg.serverCaFile), cert: pem, key: pem };
    const handshake = (session?: Buffer): Promise<{ reused: boolean; tickets: Buffer[] }> =>
      new Promise((resolve, reject) => {
        const tickets: Buffer[] = [];
        const socket = tlsConnect({ ...options, ...(session === undefined ? {} : { session }) });
        socket.on("session", (ticket: Buffer) => tickets.push(ticket));
        socket.once("error", reject);
        socket.once("secureConnect", () => {
          // TLS 1.3 tickets arrive after the handshake, with the first reply.
          socket.write(msg({ ping: 1, $db: "admin" }));
          socket.once("data", () => {
            resolve({ reused: socket.isSessionReused(), tickets });
            socket.destroy();
          });
        });
      });
    const first = await handshake();
    assert.equal(first.reused, false);
    for (const ticket of first.tickets) assert.equal((await handshake(ticket)).reused, false, "a ticket from the gateway resumed a session");
  });

  it("refuses a certificate that looks like a member of the gateway's own cluster (18)", async () => {
    const c = await raw(member.file);
    const reply = await c.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }));
    assert.deepEqual([reply.doc.code, reply.doc.errmsg], [18, "Authentication failed."]);
  });

  it("creates, lists, describes and deletes clusters in Atlas's shape", async () => {
    const created = (await cg.call("POST", "/clusters", { name: "Second-1" }, 201)) as Record<string, unknown>;
    assert.equal(created.name, "Second-1");
    assert.equal(created.stateName, "CREATING");
    assert.equal(created.connectionStrings, undefined);
    assert.deepEqual(created.backend, { embedded: {} });
    const { value: second } = await eventually(async () => {
      const c = (await cg.call("GET", "/clusters/Second-1")) as { stateName: string; connectionStrings: { standard: string } };
      assert.equal(c.stateName, "IDLE");
      return c;
    }, 3000);
    const secondPort = Number(new URL(second.connectionStrings.standard).port);
    assert.ok(secondPort >= 27270 && secondPort <= 27279 && secondPort !== port);
    assert.equal(second.connectionStrings.standard, `mongodb://localhost:${secondPort}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external`);
    const list = (await cg.call("GET", "/clusters")) as { totalCount: number; results: Array<{ name: string }> };
    assert.deepEqual([list.totalCount, list.results.map((r) => r.name)], [2, ["Wire0", "Second-1"]]);
    await cg.call("POST", "/clusters", { name: "Second-1" }, 400).then((body) => assert.equal((body as { errorCode: string }).errorCode, "DUPLICATE_CLUSTER_NAME"));
    await cg.call("POST", "/clusters", { name: "-bad name" }, 400).then((body) => assert.equal((body as { errorCode: string }).errorCode, "INVALID_ATTRIBUTE"));
    const ca = await fetchText(`${cg.api}/groups/${cg.projectId}/clusters/Second-1/tlsCA`);
    assert.equal(ca, readFileSync(cg.serverCaFile, "utf8"));
    assert.equal(ca, cg.serverCaAfterInit, "certgate init created the server CA and start kept it");
    await cg.call("DELETE", "/clusters/Second-1", undefined, 204);
    await cg.call("GET", "/clusters/Second-1", undefined, 404).then((body) => assert.equal((body as { errorCode: string }).errorCode, "CLUSTER_NOT_FOUND"));
    await eventually(() => assert.rejects(tcpConnect(secondPort)), 2000);
  });

  async function fetchText(url: string): Promise<string> {
    const { digestRequest } = await import("../api/digest-client.js");
    const result = await digestRequest(url, cg.key);
    assert.equal(result.status, 200, result.body);
    return result.body;
  }
});

function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve();
    });
    socket.once("error", reject);
  });
}

