/**
 * The counted user list's `totalCount` and the per-project user limit read a per-project count that
 * triggers keep in the transaction of every insert and delete of a user (migration 0930). It must match
 * the users actually stored after concurrent creates and deletes, statements touching many users at
 * once, and a project's deletion.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Store } from "../../src/store/index.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

async function storedUsers(store: Store, projectId: string): Promise<number> {
  const row = await store.db.selectFrom("database_users").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countRow(store: Store, projectId: string): Promise<number | undefined> {
  const row = await store.db.selectFrom("database_user_counts").select("user_count").where("project_id", "=", projectId).executeTakeFirst();
  return row === undefined ? undefined : Number(row.user_count);
}

const userInput = (username: string) => ({ databaseName: "$external", x509Type: "MANAGED" as const, username, roles: [{ roleName: "read", databaseName: "shop" }] });

forEachStoreDialect("the project's user count", ({ freshStore }) => {
  test("totalCount matches the stored users after concurrent creates and deletes", async () => {
    const store = await freshStore();
    const fx = await makeCoreFixture(store);
    const total = async () => (await fx.core.databaseUsers.list(fx.owner, fx.projectId, { itemsPerPage: 1 })).totalCount;
    assert.equal(await total(), 0);
    await Promise.all(Array.from({ length: 30 }, (_, i) => fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput(`first-${i}`))));
    assert.equal(await total(), 30);
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => fx.core.databaseUsers.delete(fx.owner, fx.projectId, "$external", `first-${i}`)),
      ...Array.from({ length: 20 }, (_, i) => fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput(`second-${i}`))),
    ]);
    assert.equal(await storedUsers(store, fx.projectId), 38);
    assert.equal(await total(), 38);
    // A create that fails (a duplicate name) rolls its count back with it.
    await assert.rejects(fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput("second-0")));
    assert.equal(await total(), 38);
  });

  test("statements that insert or delete many users at once are counted, and the limit reads the count", async () => {
    const store = await freshStore();
    const fx = await makeCoreFixture(store, { maxDatabaseUsersPerProject: 7 });
    await fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput("one"));
    const at = new Date().toISOString();
    await store.db
      .insertInto("database_users")
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          id: `bulk-${i}`,
          project_id: fx.projectId,
          database_name: "$external",
          username: `bulk-${i}`,
          x509_type: "MANAGED",
          ldap_auth_type: "NONE",
          aws_iam_type: "NONE",
          oidc_auth_type: "NONE",
          password_hash: null,
          roles: "[]",
          scopes: "[]",
          labels: "[]",
          description: null,
          delete_after_date: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    assert.equal(await countRow(store, fx.projectId), 6);
    await fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput("seventh"));
    await assert.rejects(fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput("eighth")), /at most 7/);
    await store.db.deleteFrom("database_users").where("id", "like", "bulk-%").execute();
    assert.equal(await countRow(store, fx.projectId), 2);
    assert.equal((await fx.core.databaseUsers.list(fx.owner, fx.projectId)).totalCount, 2);
  });

  test("a project's deletion takes its count with it", async () => {
    const store = await freshStore();
    const fx = await makeCoreFixture(store);
    await fx.core.databaseUsers.create(fx.owner, fx.projectId, userInput("one"));
    assert.equal(await countRow(store, fx.projectId), 1);
    await store.db.deleteFrom("projects").where("id", "=", fx.projectId).execute();
    assert.equal(await countRow(store, fx.projectId), undefined);
    assert.equal(await storedUsers(store, fx.projectId), 0);
  });
});
