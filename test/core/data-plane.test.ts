import assert from "node:assert/strict";
import { test } from "node:test";
import { createCore } from "../../src/core/index.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

forEachStoreDialect("core data plane reads", ({ freshStore }) => {
  test("findDatabaseUser matches the derived name exactly, never a MANAGED user through CN=<name>", async () => {
    const f = await makeCoreFixture(await freshStore());
    const roles = [{ roleName: "read", databaseName: "shop" }];
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "alice", roles });
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "CUSTOMER", username: "CN=bob, O=Acme", roles });
    assert.equal((await f.core.dataPlane.findDatabaseUser(f.projectId, "$external", "alice"))?.x509Type, "MANAGED");
    assert.equal(await f.core.dataPlane.findDatabaseUser(f.projectId, "$external", "CN=alice"), undefined);
    assert.equal((await f.core.dataPlane.findDatabaseUser(f.projectId, "$external", "CN=bob,O=Acme"))?.x509Type, "CUSTOMER");
    assert.equal(await f.core.dataPlane.findDatabaseUser(f.projectId, "$external", "CN=bob, O=Acme"), undefined);
    assert.equal(await f.core.dataPlane.findDatabaseUser(f.projectId, "admin", "alice"), undefined);
  });

  test("loadProjectTrust: nothing before the first certificate, then the CA, the customer bundle and revocations", async () => {
    const f = await makeCoreFixture(await freshStore());
    const { version, ...before } = await f.core.dataPlane.loadProjectTrust(f.projectId);
    assert.deepEqual(before, { projectId: f.projectId, managedCaPems: [], revokedSerials: [], revocationVersion: 0 });
    assert.equal(typeof version, "number");
    await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "$external",
      x509Type: "MANAGED",
      username: "alice",
      roles: [{ roleName: "read", databaseName: "shop" }],
    });
    const cert = await f.core.certificates.issue(f.owner, f.projectId, "alice");
    await f.core.certificates.revoke(f.owner, f.projectId, "alice", cert.serial);
    const trust = await f.core.dataPlane.loadProjectTrust(f.projectId);
    assert.equal(trust.managedCaPems.length, 1);
    assert.match(trust.managedCaPems[0] ?? "", /^-----BEGIN CERTIFICATE-----/);
    assert.deepEqual(trust.revokedSerials, [cert.serial.toString()]);
    f.clock.advance(4 * 31 * 24 * 3600 * 1000);
    assert.deepEqual((await f.core.dataPlane.loadProjectTrust(f.projectId)).revokedSerials, [], "expired certificates leave the list");
  });

  test("loadProjectTrust with revokedAfter: only the revocations since, however many came before", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "alice", roles: [{ roleName: "read", databaseName: "shop" }] });
    const [first, second, third] = [
      await f.core.certificates.issue(f.owner, f.projectId, "alice"),
      await f.core.certificates.issue(f.owner, f.projectId, "alice"),
      await f.core.certificates.issue(f.owner, f.projectId, "alice"),
    ];
    await f.core.certificates.revoke(f.owner, f.projectId, "alice", first!.serial);
    const whole = await f.core.dataPlane.loadProjectTrust(f.projectId);
    assert.deepEqual(whole.revokedSerials, [first!.serial.toString()]);
    const unchanged = await f.core.dataPlane.loadProjectTrust(f.projectId, whole.revocationVersion);
    assert.deepEqual(unchanged.revokedSerials, []);
    assert.equal(unchanged.revocationVersion, whole.revocationVersion);
    await f.core.certificates.revoke(f.owner, f.projectId, "alice", second!.serial);
    const next = await f.core.dataPlane.loadProjectTrust(f.projectId, whole.revocationVersion);
    assert.deepEqual(next.revokedSerials, [second!.serial.toString()]);
    assert.ok(next.revocationVersion > whole.revocationVersion);
    assert.ok(next.version > whole.version);
    // Deleting the user revokes its last certificate in the same change.
    await f.core.databaseUsers.delete(f.owner, f.projectId, "$external", "alice");
    assert.deepEqual((await f.core.dataPlane.loadProjectTrust(f.projectId, next.revocationVersion)).revokedSerials, [third!.serial.toString()]);
  });
});

forEachStoreDialect("core change propagation", ({ freshStore }) => {
  test("a second core on the same store sees changes through the counters it polls", async () => {
    const store = await freshStore();
    const f = await makeCoreFixture(store);
    const other = createCore({ store, masterKey: f.masterKey });
    const heard: string[] = [];
    other.onChange((e) => heard.push(e.kind));
    const before = await other.dataPlane.changeVersions();
    await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "$external",
      x509Type: "MANAGED",
      username: "alice",
      roles: [{ roleName: "read", databaseName: "shop" }],
    });
    const after = await other.dataPlane.changeVersions();
    assert.equal((after.get(f.projectId) ?? 0) - (before.get(f.projectId) ?? 0), 1);
    assert.deepEqual(heard, [], "the in-process emitter only reaches listeners of the core that made the change");
  });
});
