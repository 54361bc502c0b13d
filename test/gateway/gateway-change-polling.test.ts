/**
 * Changes made by another instance: the gateway runs on one core while the changes are made through
 * a second core over the same store, whose change events never reach the gateway. Only the poll of
 * the store's change counters can tell it, and it must still act within a second.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { pino } from "pino";
import { createClusterService } from "../../src/core/clusters.js";
import { createCore, type Core } from "../../src/core/index.js";
import { Gateway } from "../../src/gateway/server/gateway.js";
import { loadGatewayTls } from "../../src/server/gateway-tls.js";
import { openStore, type Store } from "../../src/store/index.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { eventually } from "./support/eventually.js";

describe("gateway learning of another instance's changes by polling", () => {
  let dir: string;
  let store: Store;
  let fixture: CoreFixture;
  let other: Core;
  let gateway: Gateway;
  let port: number;
  const clients: MongoClient[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-gw-poll-"));
    store = await openStore({ sqlitePath: join(dir, "certgate.db") });
    fixture = await makeCoreFixture(store);
    other = createCore({ store, masterKey: fixture.masterKey, clock: fixture.clock, userKeyAlgorithm: "EC_P256", caKeyAlgorithm: "EC_P256" });
    const clusters = createClusterService({ core: fixture.core, store, ports: { first: 27280, last: 27289 }, publicHost: "localhost" });
    const tls = await loadGatewayTls({ store, masterKey: fixture.masterKey, dataDir: dir, caKeyAlgorithm: "EC_P256", hosts: ["localhost", "127.0.0.1"] });
    gateway = await Gateway.start({ core: fixture.core, clusters, tls, host: "127.0.0.1", dataDir: dir, log: pino({ level: "silent" }) });
    await clusters.create(fixture.owner, fixture.projectId, { name: "Poll0" });
    const { value: standard } = await eventually(async () => {
      const cluster = await clusters.get(fixture.owner, fixture.projectId, "Poll0");
      assert.ok(cluster.connectionStrings, "the cluster is not IDLE yet");
      return cluster.connectionStrings.standard;
    }, 10_000);
    port = Number(new URL(standard).port);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close(true)));
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connectAs(username: string): Promise<{ client: MongoClient; serial: bigint }> {
    await other.databaseUsers.create(fixture.owner, fixture.projectId, {
      databaseName: "$external",
      username,
      x509Type: "MANAGED",
      roles: [{ roleName: "readWrite", databaseName: "poll" }],
    });
    const issued = await other.certificates.issue(fixture.owner, fixture.projectId, username, { monthsUntilExpiration: 1 });
    const file = join(dir, `${username}.pem`);
    writeFileSync(file, issued.pem, { mode: 0o600 });
    const client = new MongoClient(`mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=300&maxPoolSize=1`, {
      tlsCAFile: join(dir, "server-ca.pem"),
      tlsCertificateKeyFile: file,
    });
    clients.push(client);
    // The first issue creates the project's managed CA through the other core; the gateway trusts it
    // once its poll has seen the change.
    await eventually(() => client.connect(), 5000);
    return { client, serial: issued.serial };
  }

  it("closes a connection within a second of its certificate being revoked elsewhere", async () => {
    const { client, serial } = await connectAs("polled");
    await client.db("poll").collection("c").insertOne({ n: 1 });
    await other.certificates.revoke(fixture.owner, fixture.projectId, "polled", serial);
    const revokedAt = Date.now();
    await eventually(() => assert.rejects(client.db("poll").collection("c").findOne({})), 1000);
    assert.ok(Date.now() - revokedAt < 1500, `refused ${Date.now() - revokedAt} ms after the revocation`);
  });

  it("applies roles narrowed elsewhere at the next command", async () => {
    const { client } = await connectAs("narrowed");
    await client.db("poll").collection("c").insertOne({ n: 2 });
    await other.databaseUsers.update(fixture.owner, fixture.projectId, "$external", "narrowed", { roles: [{ roleName: "read", databaseName: "poll" }] });
    const { value } = await eventually(async () => {
      const error = await client.db("poll").collection("c").insertOne({ n: 3 }).then(() => undefined, (e: { code?: number }) => e);
      assert.ok(error !== undefined, "the insert was still allowed");
      return error;
    }, 1000);
    assert.equal(value.code, 13);
  });
});
