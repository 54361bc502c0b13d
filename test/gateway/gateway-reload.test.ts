/**
 * What one project change costs the gateway: one reload (whether the in-process event or the poll of
 * the change counters hears of it first), only the revocations since the last reload, and the same
 * trust anchors (so verified certificates stay verified) while the CA set is unchanged.
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

describe("gateway reloads on project changes", () => {
  let dir: string;
  let store: Store;
  let fixture: CoreFixture;
  let gateway: Gateway;
  let port: number;
  let clusterId: string;
  const trustLoads: (number | undefined)[] = [];
  let polls = 0;
  const clients: MongoClient[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-gw-reload-"));
    store = await openStore({ sqlitePath: join(dir, "certgate.db") });
    fixture = await makeCoreFixture(store);
    const core = fixture.core;
    // The gateway's view of the core, counting its trust loads and its polls of the change counters.
    const counting: Core = {
      ...core,
      dataPlane: {
        ...core.dataPlane,
        loadProjectTrust: (projectId, revokedAfter) => {
          trustLoads.push(revokedAfter);
          return core.dataPlane.loadProjectTrust(projectId, revokedAfter);
        },
        changeVersions: () => {
          polls += 1;
          return core.dataPlane.changeVersions();
        },
      },
    };
    ({ gateway, clusterId, port } = await startGatewayOverCore({ core: counting, store, fixture, dataDir: dir, ports: { first: 27290, last: 27299 }, clusterName: "Reload0" }));
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close(true)));
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connectAs(username: string): Promise<{ client: MongoClient; serial: bigint }> {
    await fixture.core.databaseUsers.create(fixture.owner, fixture.projectId, {
      databaseName: "$external",
      username,
      x509Type: "MANAGED",
      roles: [{ roleName: "readWrite", databaseName: "reload" }],
    });
    const issued = await fixture.core.certificates.issue(fixture.owner, fixture.projectId, username, { monthsUntilExpiration: 1 });
    const file = join(dir, `${username}.pem`);
    writeFileSync(file, issued.pem, { mode: 0o600 });
    const client = new MongoClient(`mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=300&maxPoolSize=1`, {
      tlsCAFile: join(dir, "server-ca.pem"),
      tlsCertificateKeyFile: file,
    });
    clients.push(client);
    await eventually(() => client.connect(), 5000);
    await client.db("reload").collection("c").insertOne({ by: username });
    return { client, serial: issued.serial };
  }

  /** Resolves once the gateway has polled the change counters twice more (so a poll saw everything so far). */
  async function twoMorePolls(): Promise<void> {
    const seen = polls;
    await eventually(async () => assert.ok(polls >= seen + 2, "the gateway has not polled twice yet"), 5000);
  }

  it("reloads once per change and keeps the trust anchors when the CAs did not change", async () => {
    const { client } = await connectAs("steady");
    await twoMorePolls();
    const listener = gateway.listener(clusterId);
    assert.ok(listener);
    const anchors = listener.access.anchors;
    const loadsBefore = trustLoads.length;

    await fixture.core.databaseUsers.update(fixture.owner, fixture.projectId, "$external", "steady", { roles: [{ roleName: "read", databaseName: "reload" }] });
    await eventually(async () => {
      const error = await client.db("reload").collection("c").insertOne({ n: 1 }).then(() => undefined, (e: { code?: number }) => e);
      assert.equal(error?.code, 13, "the narrowed roles are not applied yet");
    }, 2000);
    await twoMorePolls();
    assert.equal(trustLoads.length - loadsBefore, 1, "one change, one reload (the event's; the poll saw that version already)");
    assert.notEqual(trustLoads.at(-1), undefined, "a reload reads only the revocations since the last one");
    assert.equal(gateway.listener(clusterId)?.access.anchors, anchors, "the same anchors: verified certificates stay verified");
  });

  it("adds a revocation to the revoked set and closes the open connection", async () => {
    const { client, serial } = await connectAs("revoked");
    const other = await connectAs("unaffected");
    const revokedBefore = gateway.listener(clusterId)?.access.revokedSerials.size ?? 0;
    await fixture.core.certificates.revoke(fixture.owner, fixture.projectId, "revoked", serial);
    await eventually(() => assert.rejects(client.db("reload").collection("c").findOne({})), 2000);
    const access = gateway.listener(clusterId)?.access;
    assert.ok(access?.revokedSerials.has(serial.toString()));
    assert.equal(access?.revokedSerials.size, revokedBefore + 1);
    assert.ok(await other.client.db("reload").collection("c").findOne({}), "other connections stay open");
  });
});
