/**
 * After a revocation the new CRL is built ahead of requests, but only once the gateway has applied the
 * revocation: the build must not compete with the reload that closes the revoked certificate's connections.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import type { Gateway } from "../../src/gateway/server/gateway.js";
import { openStore, type Store } from "../../src/store/index.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { eventually } from "./support/eventually.js";
import { startGatewayOverCore } from "./support/gateway-over-core.js";
import { managedUserPemFile } from "./support/managed-user-pem.js";

describe("the CRL build after a revocation", () => {
  let dir: string;
  let store: Store;
  let fixture: CoreFixture;
  let gateway: Gateway | undefined;
  let clusterId: string;
  let port: number;
  let client: MongoClient | undefined;
  /** For each CRL build, as it starts: whether the gateway's revoked set already held the watched serial. */
  const builds: boolean[] = [];
  let watched: string | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-crl-order-"));
    store = await openStore({ sqlitePath: join(dir, "certgate.db") });
    fixture = await makeCoreFixture(store, {
      onCrlBuildStart: () => {
        if (watched === undefined) return;
        builds.push(gateway?.listener(clusterId)?.access.revokedSerials.has(watched) === true);
      },
    });
    ({ gateway, clusterId, port } = await startGatewayOverCore({ core: fixture.core, store, fixture, dataDir: dir, ports: { first: 27330, last: 27339 }, clusterName: "CrlOrder0" }));
  });
  after(async () => {
    await client?.close(true);
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts only once the gateway's revoked set holds the serial", async () => {
    const { file, serial } = await managedUserPemFile(fixture, dir, "crl-order", "crl");
    client = new MongoClient(`mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=300&maxPoolSize=1`, {
      tlsCAFile: join(dir, "server-ca.pem"),
      tlsCertificateKeyFile: file,
    });
    await eventually(() => client!.connect(), 5000);
    await client.db("crl").collection("c").insertOne({ ok: 1 });
    // The gateway holds the project's complete revoked set, so a reload adds to it.
    await eventually(async () => assert.ok(gateway?.listener(clusterId)?.access.revokedSerials.complete), 5000);

    watched = serial.toString();
    await fixture.core.certificates.revoke(fixture.owner, fixture.projectId, "crl-order", serial);
    await eventually(async () => assert.ok(builds.length > 0, "no CRL build started after the revocation"), 5000);
    assert.deepEqual(builds, [true], "the CRL build started before the gateway had applied the revocation");
    // And the build it started is the CRL a request then gets, listing the serial.
    const crl = await fixture.core.certificates.crl(fixture.owner, fixture.projectId);
    assert.match(crl, /BEGIN X509 CRL/);
    assert.equal(builds.length, 1, "the request rebuilt the CRL the revocation had built");
  });
});
