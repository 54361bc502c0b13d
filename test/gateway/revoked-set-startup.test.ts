/**
 * A gateway serves a project before it has read the project's whole revoked set (a million records
 * hold tens of thousands of revocations): until the set is complete, an authentication asks the store
 * about its own certificate, so no revoked certificate gets in meanwhile. A revocation made while
 * the set loads still closes the open connection, a failed read is tried again, and once the set is
 * complete the store is no longer asked.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import type { Core } from "../../src/core/index.js";
import type { Gateway } from "../../src/gateway/server/gateway.js";
import { openStore, type Store } from "../../src/store/index.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { eventually } from "./support/eventually.js";
import { startGatewayOverCore } from "./support/gateway-over-core.js";

describe("a gateway serving a project while its revoked set loads", () => {
  let dir: string;
  let store: Store;
  let fixture: CoreFixture;
  let gateway: Gateway;
  let port: number;
  let clusterId: string;
  const clients: MongoClient[] = [];
  const pems = new Map<string, { pem: string; serial: bigint }>();
  let loads = 0;
  let storeLookups = 0;
  let releaseLoad: () => void = () => undefined;
  const loadReleased = new Promise<void>((resolve) => {
    releaseLoad = resolve;
  });

  async function userWithCertificate(username: string): Promise<void> {
    await fixture.core.databaseUsers.create(fixture.owner, fixture.projectId, {
      databaseName: "$external",
      username,
      x509Type: "MANAGED",
      roles: [{ roleName: "readWrite", databaseName: "startup" }],
    });
    const issued = await fixture.core.certificates.issue(fixture.owner, fixture.projectId, username, { monthsUntilExpiration: 1 });
    pems.set(username, { pem: issued.pem, serial: issued.serial });
  }

  async function connectAs(username: string): Promise<MongoClient> {
    const file = join(dir, `${username}.pem`);
    writeFileSync(file, pems.get(username)?.pem ?? "", { mode: 0o600 });
    const client = new MongoClient(`mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=1000&maxPoolSize=1`, {
      tlsCAFile: join(dir, "server-ca.pem"),
      tlsCertificateKeyFile: file,
    });
    clients.push(client);
    await client.connect();
    await client.db("startup").collection("c").findOne({});
    return client;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-gw-revoked-startup-"));
    store = await openStore({ sqlitePath: join(dir, "certgate.db") });
    fixture = await makeCoreFixture(store);
    for (const username of ["revoked-before", "valid", "revoked-during"]) await userWithCertificate(username);
    await fixture.core.certificates.revoke(fixture.owner, fixture.projectId, "revoked-before", pems.get("revoked-before")?.serial ?? 0n);
    const core = fixture.core;
    // The gateway's view of the core: its first read of the revoked set fails, the second waits for the test.
    const gated: Core = {
      ...core,
      dataPlane: {
        ...core.dataPlane,
        listRevokedSerials: (projectId) =>
          (async function* () {
            loads += 1;
            if (loads === 1) throw new Error("the store is unreachable (test)");
            await loadReleased;
            yield* core.dataPlane.listRevokedSerials(projectId);
          })(),
        isCertificateRevoked: (projectId, serial) => {
          storeLookups += 1;
          return core.dataPlane.isCertificateRevoked(projectId, serial);
        },
      },
    };
    ({ gateway, clusterId, port } = await startGatewayOverCore({ core: gated, store, fixture, dataDir: dir, ports: { first: 27460, last: 27469 }, clusterName: "Startup0" }));
  });
  after(async () => {
    releaseLoad();
    await Promise.all(clients.map((c) => c.close(true)));
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a certificate revoked before startup while the set is incomplete, and admits a valid one", async () => {
    await eventually(async () => assert.ok(loads >= 2, "the gateway has not tried the revoked set again after the failed read"), 10_000);
    assert.equal(gateway.listener(clusterId)?.access.revokedSerials.complete, false);
    const lookupsBefore = storeLookups;
    await assert.rejects(connectAs("revoked-before"), (error: { code?: number }) => error.code === 18);
    assert.ok(storeLookups > lookupsBefore, "the store answered for the revoked certificate");
    await connectAs("valid");
  });

  it("closes a connection whose certificate is revoked while the set loads", async () => {
    const client = await connectAs("revoked-during");
    await fixture.core.certificates.revoke(fixture.owner, fixture.projectId, "revoked-during", pems.get("revoked-during")?.serial ?? 0n);
    await eventually(() => assert.rejects(client.db("startup").collection("c").findOne({})), 3000);
    assert.equal(gateway.listener(clusterId)?.access.revokedSerials.complete, false, "still loading");
  });

  it("once complete, answers from the set alone", async () => {
    releaseLoad();
    await eventually(async () => assert.equal(gateway.listener(clusterId)?.access.revokedSerials.complete, true), 5000);
    const revoked = gateway.listener(clusterId)?.access.revokedSerials;
    assert.ok(revoked?.has(pems.get("revoked-before")?.serial.toString() ?? ""));
    assert.ok(revoked?.has(pems.get("revoked-during")?.serial.toString() ?? ""));
    const lookupsBefore = storeLookups;
    await assert.rejects(connectAs("revoked-before"), (error: { code?: number }) => error.code === 18);
    await connectAs("valid");
    assert.equal(storeLookups, lookupsBefore, "no store lookups once the set is complete");
  });
});
