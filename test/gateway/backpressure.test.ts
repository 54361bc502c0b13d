/**
 * Backpressure and pre-authentication limits, with the gateway in this process so its connections can
 * be inspected: a client that never reads its replies makes the gateway stop reading its requests
 * instead of queueing replies in memory; unauthenticated clients can neither queue work nor send large
 * messages, and are closed when idle or stuck in the TLS handshake.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { pino } from "pino";
import { createClusterService } from "../../src/core/clusters.js";
import { Gateway } from "../../src/gateway/server/gateway.js";
import { PRE_AUTH_MAX_MESSAGE_BYTES } from "../../src/gateway/server/gateway-connection.js";
import { REPLY_SLICE_BYTES } from "../../src/gateway/server/sliced-write.js";
import { loadGatewayTls } from "../../src/server/gateway-tls.js";
import { encodeOpMsg } from "../../src/gateway/wire/op-msg.js";
import { DEFAULT_GATEWAY_LIMITS } from "../../src/shared/gateway-limits.js";
import { openStore, type Store } from "../../src/store/index.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { eventually } from "./support/eventually.js";
import { managedUserPemFile } from "./support/managed-user-pem.js";
import { connectRaw, type RawWireClient } from "./support/raw-wire-client.js";

const FOUR_MB = 4 * 1024 * 1024;
let requestId = 0;
const msg = (body: Record<string, unknown>): Buffer => encodeOpMsg({ requestId: ++requestId, responseTo: 0, body, flagBits: 0, checksum: false });

describe("gateway backpressure and pre-authentication limits", () => {
  let dir: string;
  let store: Store;
  let fixture: CoreFixture;
  let gateway: Gateway;
  let port: number;
  let caFile: string;
  let certFile: string;
  const raws: RawWireClient[] = [];
  let driver: MongoClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-gw-bp-"));
    store = await openStore({ sqlitePath: join(dir, "certgate.db") });
    fixture = await makeCoreFixture(store);
    const clusters = createClusterService({ core: fixture.core, store, ports: { first: 27410, last: 27419 }, publicHost: "localhost" });
    const tls = await loadGatewayTls({ store, masterKey: fixture.masterKey, dataDir: dir, caKeyAlgorithm: "EC_P256", hosts: ["localhost", "127.0.0.1"] });
    const limits = { ...DEFAULT_GATEWAY_LIMITS, unauthenticatedIdleMs: 3000, handshakeTimeoutMs: 1000 };
    gateway = await Gateway.start({ core: fixture.core, clusters, tls, host: "127.0.0.1", dataDir: dir, log: pino({ level: "silent" }), limits });
    await clusters.create(fixture.owner, fixture.projectId, { name: "Pressure0" });
    const { value: standard } = await eventually(async () => {
      const cluster = await clusters.get(fixture.owner, fixture.projectId, "Pressure0");
      assert.ok(cluster.connectionStrings, "the cluster is not IDLE yet");
      return cluster.connectionStrings.standard;
    }, 10_000);
    port = Number(new URL(standard).port);
    ({ file: certFile } = await managedUserPemFile(fixture, dir, "reader", "bp"));
    caFile = join(dir, "server-ca.pem");
    driver = new MongoClient(`mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&maxPoolSize=1`, {
      tlsCAFile: caFile,
      tlsCertificateKeyFile: certFile,
    });
    await eventually(() => driver.connect(), 10_000);
    await driver.db("bp").collection("big").insertOne({ _id: 1 as never, payload: "x".repeat(FOUR_MB) });
  });
  after(async () => {
    for (const raw of raws) raw.close();
    await driver?.close(true);
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function raw(): Promise<RawWireClient> {
    const client = await connectRaw(port, caFile, certFile);
    raws.push(client);
    return client;
  }

  /** The gateway's side of `client`'s connection. */
  const serverSideOf = async (client: RawWireClient) => {
    const { value } = await eventually(async () => {
      const found = gateway.connections.find((c) => c.state.remote.endsWith(`:${client.localPort}`));
      assert.ok(found, `the gateway has no connection from port ${client.localPort}: ${gateway.connections.map((c) => c.state.remote).join(", ")}`);
      return found;
    }, 5000);
    return value;
  };

  it("stops reading a client's requests while it leaves 2,000 replies of a 4 MB document unread", async () => {
    const client = await raw();
    const auth = await client.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }));
    assert.equal(auth.doc["ok"], 1);
    const server = await serverSideOf(client);
    const rssBefore = process.memoryUsage().rss;
    client.pause();
    const finds = Buffer.concat(Array.from({ length: 2000 }, () => msg({ find: "big", filter: { _id: 1 }, $db: "bp" })));
    client.write(finds);
    await eventually(async () => assert.ok(server.awaitingDrain, "the gateway is still writing replies"), 20_000);
    // Held by the gateway now: the requests of the chunks it read, one reply being written, nothing more.
    assert.ok(server.bufferedBytes < 3 * FOUR_MB, `the gateway holds ${server.bufferedBytes} bytes for this connection`);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    assert.ok(grownMb < 100, `the process grew by ${grownMb.toFixed(0)} MB`);
    // Another client is served meanwhile.
    assert.equal((await driver.db("bp").collection("big").findOne({ _id: 1 as never }, { projection: { _id: 1 } }))?.["_id"], 1);
    client.close();
  });

  it("hands a large reply to TLS one slice at a time while its client does not read, and completes it once it does", async () => {
    const client = await raw();
    const auth = await client.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }));
    assert.equal(auth.doc["ok"], 1);
    const server = await serverSideOf(client);
    client.pause();
    const replies = [client.request(msg({ find: "big", filter: { _id: 1 }, $db: "bp" })), client.request(msg({ find: "big", filter: { _id: 1 }, $db: "bp" }))];
    await eventually(async () => assert.ok(server.awaitingDrain, "the gateway is still writing the first reply"), 20_000);
    // Encrypted ahead of the client: one slice, not the 4 MB reply (the rest stays in the reply's buffer).
    assert.ok(server.socketBytes <= REPLY_SLICE_BYTES, `${server.socketBytes} bytes were handed to the socket at once`);
    client.resume();
    for (const reply of await Promise.all(replies)) {
      const batch = (reply.doc["cursor"] as { firstBatch: Array<{ payload: string }> }).firstBatch;
      assert.equal(batch[0]?.payload.length, FOUR_MB);
    }
    client.close();
  });

  it("bounds what an unauthenticated client can queue with pipelined hellos it never reads, then drops it", async () => {
    const client = await raw();
    assert.equal((await client.request(msg({ hello: 1, $db: "admin" }))).doc["ok"], 1);
    const rssBefore = process.memoryUsage().rss;
    client.pause();
    client.write(Buffer.concat(Array.from({ length: 200_000 }, () => msg({ hello: 1, $db: "admin" }))));
    // The gateway stops reading once its replies back up, and the unauthenticated connection then
    // falls silent until the idle limit closes it.
    await client.closed;
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    assert.ok(grownMb < 100, `the process grew by ${grownMb.toFixed(0)} MB`);
  });

  it("closes an unauthenticated connection that sends a message larger than the pre-authentication limit", async () => {
    const client = await raw();
    client.write(msg({ hello: 1, padding: "p".repeat(PRE_AUTH_MAX_MESSAGE_BYTES), $db: "admin" }));
    await client.closed;
  });

  it("closes an idle unauthenticated connection but keeps an idle authenticated one", async () => {
    const idle = await raw();
    const authenticated = await raw();
    const auth = await authenticated.request(msg({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }));
    assert.equal(auth.doc["ok"], 1);
    await idle.closed;
    const ping = await authenticated.request(msg({ ping: 1, $db: "admin" }));
    assert.equal(ping.doc["ok"], 1);
  });

  it("drops a TCP client that never completes the TLS handshake", async () => {
    const socket = netConnect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    await once(socket, "connect");
    await once(socket, "close");
  });
});
