import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError, type CustomRole } from "../../src/core/index.js";
import { makeCoreFixture, rejection } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

function assertCode(error: unknown, code: string): void {
  assert.ok(error instanceof CoreError, `expected a CoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
}

const REPORTER: CustomRole = {
  roleName: "reporter",
  actions: [
    { action: "FIND", resources: [{ db: "sales", collection: "orders" }, { db: "sales" }] },
    { action: "LIST_SESSIONS", resources: [{ cluster: true }] },
  ],
  inheritedRoles: [{ db: "admin", role: "enableSharding" }],
};

forEachStoreDialect("core custom roles", ({ freshStore }) => {
  test("create, get, list, update and delete a role as Atlas shapes it", async () => {
    const f = await makeCoreFixture(await freshStore());
    assert.deepEqual(await f.core.customRoles.create(f.owner, f.projectId, REPORTER), REPORTER);
    assert.deepEqual(await f.core.customRoles.get(f.owner, f.projectId, "reporter"), REPORTER);
    await f.core.customRoles.create(f.owner, f.projectId, { roleName: "auditor", actions: [{ action: "DB_STATS", resources: [{ db: "" }] }], inheritedRoles: [] });
    assert.deepEqual(
      (await f.core.customRoles.list(f.owner, f.projectId)).map((r) => r.roleName),
      ["auditor", "reporter"],
    );
    const updated = await f.core.customRoles.update(f.owner, f.projectId, "reporter", {
      actions: [{ action: "UPDATE", resources: [{ db: "sales", collection: "" }] }],
    });
    assert.deepEqual(updated, {
      roleName: "reporter",
      actions: [{ action: "UPDATE", resources: [{ db: "sales" }] }],
      inheritedRoles: [{ db: "admin", role: "enableSharding" }],
    });
    await f.core.customRoles.delete(f.owner, f.projectId, "reporter");
    assertCode(await rejection(f.core.customRoles.get(f.owner, f.projectId, "reporter")), "ATLAS_CUSTOM_ROLE_NOT_FOUND");
    assertCode(await rejection(f.core.customRoles.delete(f.owner, f.projectId, "reporter")), "ATLAS_CUSTOM_ROLE_NOT_FOUND");
    const feed = await f.core.events.list(f.owner, f.projectId, { itemsPerPage: 4 });
    assert.deepEqual(
      feed.results.map((e) => e.eventTypeName),
      ["MONGODB_ROLE_DELETED", "MONGODB_ROLE_UPDATED", "MONGODB_ROLE_ADDED", "MONGODB_ROLE_ADDED"],
    );
  });

  test("Atlas's role rules, each with its error code", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.customRoles.create(f.owner, f.projectId, REPORTER);
    const find = [{ action: "FIND", resources: [{ db: "x" }] }];
    const cases: [string, unknown, string][] = [
      ["duplicate name", REPORTER, "ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS"],
      ["bad name", { roleName: "-bad", actions: find }, "ATLAS_CUSTOM_ROLE_INVALID_NAME"],
      ["reserved prefix", { roleName: "xgen-mine", actions: find }, "ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED"],
      ["built-in name", { roleName: "readWrite", actions: find }, "ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED"],
      ["unknown action", { roleName: "r1", actions: [{ action: "LAUNCH_MISSILES", resources: [{ db: "x" }] }] }, "INVALID_ENUM_VALUE"],
      ["duplicate action", { roleName: "r1", actions: [...find, ...find] }, "ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION"],
      ["duplicate resource", { roleName: "r1", actions: [{ action: "FIND", resources: [{ db: "x" }, { db: "x" }] }] }, "ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE"],
      ["find on the cluster", { roleName: "r1", actions: [{ action: "FIND", resources: [{ cluster: true }] }] }, "ATLAS_INVALID_RESOURCE"],
      ["serverStatus on a db", { roleName: "r1", actions: [{ action: "SERVER_STATUS", resources: [{ db: "x" }] }] }, "ATLAS_INVALID_RESOURCE"],
      ["no resources", { roleName: "r1", actions: [{ action: "FIND", resources: [] }] }, "MISSING_ATTRIBUTE"],
      ["no permissions", { roleName: "r1", actions: [], inheritedRoles: [] }, "ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS"],
      ["inherits itself", { roleName: "r1", actions: find, inheritedRoles: [{ db: "admin", role: "r1" }] }, "ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL"],
      ["inherits nothing real", { roleName: "r1", inheritedRoles: [{ db: "admin", role: "ghost" }] }, "ATLAS_INVALID_ROLE"],
      ["cluster role off admin", { roleName: "r1", inheritedRoles: [{ db: "sales", role: "clusterMonitor" }] }, "ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE"],
      ["unknown field", { roleName: "r1", actions: find, privileges: [] }, "INVALID_ATTRIBUTE"],
    ];
    for (const [why, body, code] of cases) {
      const error = await rejection(f.core.customRoles.create(f.owner, f.projectId, body as CustomRole));
      assert.ok(error instanceof CoreError, why);
      assert.equal(error.code, code, `${why}: ${error.message}`);
    }
    assert.equal((await f.core.customRoles.list(f.owner, f.projectId)).length, 1, "no refused role was stored");
  });

  test("inheritance cycles are refused on update", async () => {
    const f = await makeCoreFixture(await freshStore());
    const find = [{ action: "FIND", resources: [{ db: "x" }] }];
    await f.core.customRoles.create(f.owner, f.projectId, { roleName: "a", actions: find, inheritedRoles: [] });
    await f.core.customRoles.create(f.owner, f.projectId, { roleName: "b", actions: [], inheritedRoles: [{ db: "admin", role: "a" }] });
    await f.core.customRoles.create(f.owner, f.projectId, { roleName: "c", actions: [], inheritedRoles: [{ db: "admin", role: "b" }] });
    assertCode(
      await rejection(f.core.customRoles.update(f.owner, f.projectId, "a", { inheritedRoles: [{ db: "admin", role: "c" }] })),
      "ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY",
    );
    assertCode(await rejection(f.core.customRoles.update(f.owner, f.projectId, "zzz", { actions: find })), "ATLAS_CUSTOM_ROLE_NOT_FOUND");
  });

  test("a role in use by a user or inherited by a role cannot be deleted", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.customRoles.create(f.owner, f.projectId, REPORTER);
    await f.core.customRoles.create(f.owner, f.projectId, { roleName: "heir", actions: [], inheritedRoles: [{ db: "admin", role: "reporter" }] });
    assertCode(await rejection(f.core.customRoles.delete(f.owner, f.projectId, "reporter")), "ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES");
    await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "$external",
      x509Type: "MANAGED",
      username: "app",
      roles: [{ roleName: "heir", databaseName: "admin" }],
    });
    assertCode(await rejection(f.core.customRoles.delete(f.owner, f.projectId, "heir")), "ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS");
    assert.equal((await f.core.customRoles.list(f.owner, f.projectId)).length, 2);
  });

  test("the in-use check matches the role's exact name, not a name LIKE would confuse it with", async () => {
    const f = await makeCoreFixture(await freshStore());
    for (const roleName of ["a_b", "axb", "a_b-2"]) await f.core.customRoles.create(f.owner, f.projectId, { ...REPORTER, roleName });
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "x", roles: [{ roleName: "axb", databaseName: "admin" }] });
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "y", roles: [{ roleName: "a_b-2", databaseName: "admin" }] });
    await f.core.customRoles.delete(f.owner, f.projectId, "a_b");
    assertCode(await rejection(f.core.customRoles.delete(f.owner, f.projectId, "axb")), "ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS");
    assertCode(await rejection(f.core.customRoles.delete(f.owner, f.projectId, "a_b-2")), "ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS");
  });

  test("users may hold a custom role only on admin and then only that one role", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.customRoles.create(f.owner, f.projectId, REPORTER);
    const user = { databaseName: "$external", x509Type: "MANAGED", username: "app" };
    assertCode(
      await rejection(f.core.databaseUsers.create(f.owner, f.projectId, { ...user, roles: [{ roleName: "reporter", databaseName: "sales" }] })),
      "UNSUPPORTED_ROLE",
    );
    assertCode(
      await rejection(
        f.core.databaseUsers.create(f.owner, f.projectId, {
          ...user,
          roles: [
            { roleName: "reporter", databaseName: "admin" },
            { roleName: "read", databaseName: "sales" },
          ],
        }),
      ),
      "ATLAS_INVALID_CUSTOM_ROLE_ASSIGNMENT",
    );
    const created = await f.core.databaseUsers.create(f.owner, f.projectId, { ...user, roles: [{ roleName: "reporter", databaseName: "admin" }] });
    assert.deepEqual(created.roles, [{ roleName: "reporter", databaseName: "admin" }]);
  });

  test("who may manage roles", async () => {
    const f = await makeCoreFixture(await freshStore());
    const admin = await f.actorWith({ group: ["GROUP_DATABASE_ACCESS_ADMIN"] });
    const reader = await f.actorWith({ group: ["GROUP_READ_ONLY"] });
    await f.core.customRoles.create(admin, f.projectId, REPORTER);
    assertCode(await rejection(f.core.customRoles.create(reader, f.projectId, { ...REPORTER, roleName: "r2" })), "USER_UNAUTHORIZED");
    assertCode(await rejection(f.core.customRoles.delete(reader, f.projectId, "reporter")), "USER_UNAUTHORIZED");
    assert.equal((await f.core.customRoles.list(reader, f.projectId)).length, 1);
    assert.deepEqual(await f.core.dataPlane.listCustomRoles(f.projectId), [REPORTER]);
  });
});
