import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError, type ChangeEvent } from "../../src/core/index.js";
import { failInsertsInto, makeCoreFixture, rejection } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

function assertCode(error: unknown, code: string): void {
  assert.ok(error instanceof CoreError, `expected a CoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
}

const READ_SHOP = [{ roleName: "read", databaseName: "shop" }];

forEachStoreDialect("core database users", ({ freshStore }) => {
  test("a CUSTOMER user's DN is stored in mongod's canonical form and found however it is typed", async () => {
    const f = await makeCoreFixture(await freshStore());
    const created = await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "$external",
      x509Type: "CUSTOMER",
      username: "CN=David Smith, OU=users, DC=example, DC=com",
      roles: [
        { roleName: "readWrite", databaseName: "sales" },
        { roleName: "read", databaseName: "marketing" },
      ],
    });
    assert.deepEqual(created, {
      groupId: f.projectId,
      databaseName: "$external",
      username: "CN=David Smith,OU=users,DC=example,DC=com",
      x509Type: "CUSTOMER",
      ldapAuthType: "NONE",
      awsIAMType: "NONE",
      oidcAuthType: "NONE",
      roles: [
        { roleName: "readWrite", databaseName: "sales" },
        { roleName: "read", databaseName: "marketing" },
      ],
      scopes: [],
      labels: [],
    });
    const found = await f.core.databaseUsers.get(f.owner, f.projectId, "$external", "cn=David Smith,ou=users,dc=example,dc=com");
    assert.equal(found.username, created.username);
    assertCode(
      await rejection(
        f.core.databaseUsers.create(f.owner, f.projectId, {
          databaseName: "$external",
          x509Type: "CUSTOMER",
          username: "CN=David Smith,OU=users,DC=example,DC=com",
          roles: READ_SHOP,
        }),
      ),
      "USER_ALREADY_EXISTS",
    );
  });

  test("invalid DNs and CN-less DNs are refused for CUSTOMER users", async () => {
    const f = await makeCoreFixture(await freshStore());
    const base = { databaseName: "$external", x509Type: "CUSTOMER", roles: READ_SHOP };
    assertCode(await rejection(f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "not a dn" })), "ATLAS_INVALID_LDAP_NAME");
    assertCode(await rejection(f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "CN=a,=b" })), "ATLAS_INVALID_LDAP_NAME");
    assertCode(await rejection(f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "O=Acme,C=US" })), "ATLAS_INVALID_LDAP_NAME");
  });

  test("MANAGED names are plain; CN=name is accepted as name, other OIDs are refused", async () => {
    const f = await makeCoreFixture(await freshStore());
    const base = { databaseName: "$external", x509Type: "MANAGED", roles: READ_SHOP };
    assert.equal((await f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "user389" })).username, "user389");
    assert.equal((await f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "CN=alice" })).username, "alice");
    assert.equal((await f.core.databaseUsers.get(f.owner, f.projectId, "$external", "CN=alice")).username, "alice");
    assertCode(
      await rejection(f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "CN=bob,O=Acme" })),
      "ATLAS_MANAGED_X509_NAME_INVALID",
    );
    assertCode(await rejection(f.core.databaseUsers.create(f.owner, f.projectId, { ...base, username: "bad\u0007name" })), "ATLAS_INVALID_USERNAME");
  });

  test("Atlas's field rules, each with its error code", async () => {
    const f = await makeCoreFixture(await freshStore());
    const x509 = { databaseName: "$external", x509Type: "MANAGED", username: "u", roles: READ_SHOP };
    const cases: [string, Record<string, unknown>, string][] = [
      ["unknown field", { ...x509, color: "blue" }, "INVALID_ATTRIBUTE"],
      ["no username", { ...x509, username: undefined }, "MISSING_ATTRIBUTE"],
      ["no roles", { ...x509, roles: undefined }, "MISSING_ATTRIBUTE"],
      ["bad enum", { ...x509, x509Type: "SOMETIMES" }, "INVALID_ENUM_VALUE"],
      ["X.509 outside $external", { ...x509, databaseName: "admin" }, "DATABASE_NAME_INVALID_EXTERNAL"],
      ["X.509 with LDAP", { ...x509, ldapAuthType: "USER" }, "ATLAS_X509_USER_CANNOT_USE_LDAP"],
      ["X.509 with a password", { ...x509, password: "correct horse" }, "ATLAS_X509_USER_CANNOT_USE_SCRAM"],
      ["temporary X.509", { ...x509, deleteAfterDate: new Date(Date.now() + 3600_000).toISOString() }, "ATLAS_X509_USER_CANNOT_BE_TEMPORARY"],
      ["SCRAM in $external", { databaseName: "$external", username: "s", password: "longenough", roles: READ_SHOP }, "DATABASE_NAME_INVALID_ADMIN"],
      ["SCRAM without password", { databaseName: "admin", username: "s", roles: READ_SHOP }, "MISSING_ATTRIBUTE"],
      ["unknown role", { ...x509, roles: [{ roleName: "superuser", databaseName: "admin" }] }, "ATLAS_INVALID_ROLE"],
      ["admin-only role elsewhere", { ...x509, roles: [{ roleName: "atlasAdmin", databaseName: "shop" }] }, "ATLAS_INVALID_ROLE_DATABASE"],
      ["collection on dbAdmin", { ...x509, roles: [{ roleName: "dbAdmin", databaseName: "shop", collectionName: "c" }] }, "INVALID_ATTRIBUTE"],
      ["bad collection", { ...x509, roles: [{ roleName: "read", databaseName: "shop", collectionName: "a$b" }] }, "INVALID_COLLECTION_NAME"],
      ["bad role database", { ...x509, roles: [{ roleName: "read", databaseName: "sh op" }] }, "INVALID_DATABASE_NAME"],
      ["duplicate roles", { ...x509, roles: [...READ_SHOP, ...READ_SHOP] }, "DUPLICATE_DATABASE_ROLES"],
      ["group mismatch", { ...x509, groupId: "0123456789abcdef01234567" }, "GROUP_MISMATCH"],
      ["long description", { ...x509, description: "x".repeat(101) }, "INVALID_ATTRIBUTE"],
      ["bad scope type", { ...x509, scopes: [{ name: "Cluster0", type: "GALAXY" }] }, "INVALID_ENUM_VALUE"],
      ["bad scope name", { ...x509, scopes: [{ name: "-x", type: "CLUSTER" }] }, "INVALID_ATTRIBUTE"],
      ["empty label key", { ...x509, labels: [{ key: "", value: "v" }] }, "INVALID_ATTRIBUTE"],
      [
        "expiry in the past",
        { databaseName: "admin", username: "t", password: "longenough", roles: READ_SHOP, deleteAfterDate: "2000-01-01T00:00:00Z" },
        "EXPIRATION_DATE_IN_PAST",
      ],
    ];
    for (const [why, body, code] of cases) {
      const error = await rejection(f.core.databaseUsers.create(f.owner, f.projectId, body));
      assert.ok(error instanceof CoreError, why);
      assert.equal(error.code, code, `${why}: ${error.message}`);
    }
    assert.equal((await f.core.databaseUsers.list(f.owner, f.projectId)).totalCount, 0, "no refused user was stored");
  });

  test("SCRAM and LDAP users, scopes, labels and description round-trip; the password is never returned", async () => {
    const f = await makeCoreFixture(await freshStore());
    const scram = await f.core.databaseUsers.create(f.owner, f.projectId, {
      username: "reporting",
      password: "a long password",
      roles: [{ roleName: "readAnyDatabase", databaseName: "admin" }],
      scopes: [{ name: "Cluster0", type: "CLUSTER" }],
      labels: [{ key: "team", value: "bi" }],
      description: "reports",
      deleteAfterDate: new Date(f.clock.now().getTime() + 86_400_000).toISOString(),
    });
    assert.equal(scram.databaseName, "admin");
    assert.equal("password" in scram, false);
    assert.deepEqual(scram.scopes, [{ name: "Cluster0", type: "CLUSTER" }]);
    assert.match(scram.deleteAfterDate ?? "", /Z$/);
    const stored = await f.store.db.selectFrom("database_users").select("password_hash").where("username", "=", "reporting").executeTakeFirstOrThrow();
    assert.match(stored.password_hash ?? "", /^scrypt\$/);
    assert.equal(stored.password_hash?.includes("a long password"), false);
    const ldap = await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "admin",
      ldapAuthType: "GROUP",
      username: "CN=dba, CN=Users, DC=example, DC=com",
      roles: [{ roleName: "dbAdminAnyDatabase", databaseName: "admin" }],
    });
    assert.equal(ldap.username, "CN=dba,CN=Users,DC=example,DC=com");
  });

  test("update replaces the given fields and refuses to change name, database or auth type", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.databaseUsers.create(f.owner, f.projectId, {
      databaseName: "$external",
      x509Type: "CUSTOMER",
      username: "CN=svc,O=Acme",
      roles: READ_SHOP,
      description: "old",
    });
    const updated = await f.core.databaseUsers.update(f.owner, f.projectId, "$external", "CN=svc, O=Acme", {
      roles: [{ roleName: "readWrite", databaseName: "shop", collectionName: "orders" }],
      username: "cn=svc,o=Acme",
    });
    assert.deepEqual(updated.roles, [{ roleName: "readWrite", databaseName: "shop", collectionName: "orders" }]);
    assert.equal(updated.description, "old");
    const target = ["$external", "CN=svc,O=Acme"] as const;
    assertCode(await rejection(f.core.databaseUsers.update(f.owner, f.projectId, ...target, { x509Type: "MANAGED" })), "AUTH_TYPE_CANNOT_BE_CHANGED");
    assertCode(await rejection(f.core.databaseUsers.update(f.owner, f.projectId, ...target, { databaseName: "admin" })), "DATABASE_NAME_CANNOT_BE_CHANGED");
    assertCode(await rejection(f.core.databaseUsers.update(f.owner, f.projectId, ...target, { username: "CN=other" })), "DATABASE_USERNAME_CANNOT_BE_CHANGED");
    assertCode(await rejection(f.core.databaseUsers.update(f.owner, f.projectId, ...target, { roles: [] , password: "xxxxxxxxxx" })), "ATLAS_X509_USER_CANNOT_USE_SCRAM");
    assertCode(await rejection(f.core.databaseUsers.update(f.owner, f.projectId, "$external", "CN=nobody", { roles: READ_SHOP })), "USERNAME_NOT_FOUND");
    const tomorrow = new Date(f.clock.now().getTime() + 86_400_000).toISOString();
    assertCode(
      await rejection(f.core.databaseUsers.update(f.owner, f.projectId, ...target, { deleteAfterDate: tomorrow })),
      "PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY",
    );
    assert.deepEqual((await f.core.databaseUsers.get(f.owner, f.projectId, ...target)).roles, updated.roles, "refused updates changed nothing");
  });

  test("delete removes the user; unknown users are USERNAME_NOT_FOUND", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "gone", roles: READ_SHOP });
    await f.core.databaseUsers.delete(f.owner, f.projectId, "$external", "gone");
    assertCode(await rejection(f.core.databaseUsers.get(f.owner, f.projectId, "$external", "gone")), "USERNAME_NOT_FOUND");
    assertCode(await rejection(f.core.databaseUsers.delete(f.owner, f.projectId, "$external", "gone")), "USERNAME_NOT_FOUND");
  });

  test("the per-project user limit is enforced", async () => {
    const f = await makeCoreFixture(await freshStore(), { maxDatabaseUsersPerProject: 2 });
    for (const username of ["a", "b"]) {
      await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username, roles: READ_SHOP });
    }
    const error = await rejection(
      f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "c", roles: READ_SHOP }),
    );
    assertCode(error, "GROUP_USERS_LIMIT_EXCEEDED");
    assert.deepEqual((error as CoreError).parameters, ["2"]);
  });

  test("concurrent creates cannot pass the user limit together", async () => {
    const f = await makeCoreFixture(await freshStore(), { maxDatabaseUsersPerProject: 3 });
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: `c${i}`, roles: READ_SHOP }),
      ),
    );
    assert.equal(attempts.filter((a) => a.status === "fulfilled").length, 3);
    for (const failed of attempts.filter((a) => a.status === "rejected")) assertCode(failed.reason, "GROUP_USERS_LIMIT_EXCEEDED");
    assert.equal((await f.core.databaseUsers.list(f.owner, f.projectId)).totalCount, 3);
  });

  test("a failure inside the transaction leaves no user, no event and no notification", async () => {
    const store = await freshStore();
    const f = await makeCoreFixture(store);
    const seen: ChangeEvent[] = [];
    f.core.onChange((event) => seen.push(event));
    const eventsBefore = (await f.core.events.list(f.owner, f.projectId)).totalCount;
    const restore = await failInsertsInto(store, "events");
    try {
      const error = await rejection(
        f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "half", roles: READ_SHOP }),
      );
      assert.match(String(error), /injected failure/);
    } finally {
      await restore();
    }
    assertCode(await rejection(f.core.databaseUsers.get(f.owner, f.projectId, "$external", "half")), "USERNAME_NOT_FOUND");
    assert.equal((await f.core.events.list(f.owner, f.projectId)).totalCount, eventsBefore);
    assert.deepEqual(seen, []);
  });

  test("changes are recorded in the activity feed and announced after commit", async () => {
    const f = await makeCoreFixture(await freshStore());
    const seen: ChangeEvent[] = [];
    const unsubscribe = f.core.onChange((event) => seen.push(event));
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "feed", roles: READ_SHOP });
    f.clock.advance(1000);
    await f.core.databaseUsers.delete(f.owner, f.projectId, "$external", "feed");
    unsubscribe();
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "$external", x509Type: "MANAGED", username: "after", roles: READ_SHOP });
    assert.deepEqual(
      seen.map(({ projectId, kind }) => ({ projectId, kind })),
      [
        { projectId: f.projectId, kind: "DATABASE_USERS" },
        { projectId: f.projectId, kind: "DATABASE_USERS" },
      ],
    );
    assert.ok((seen[1]?.version ?? 0) > (seen[0]?.version ?? 0), "each event carries the project's new change counter");
    const feed = await f.core.events.list(f.owner, f.projectId, { itemsPerPage: 3 });
    assert.deepEqual(
      feed.results.map((e) => [e.eventTypeName, e.target, e.actor]),
      [
        ["MONGODB_USER_ADDED", "after", f.owner.label],
        ["MONGODB_USER_DELETED", "feed", f.owner.label],
        ["MONGODB_USER_ADDED", "feed", f.owner.label],
      ],
    );
    const counters = await f.store.db.selectFrom("change_counters").selectAll().where("project_id", "=", f.projectId).executeTakeFirstOrThrow();
    assert.equal(Number(counters.version), 3, "every change bumps the counter other instances poll");
  });
});
