/**
 * Queries compiled once per dialect run with each call's values, inside transactions too, and a builder
 * that does not pass its arguments through as values is refused at the first call.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compiledOnce } from "../../src/store/compiled-once.js";
import { createOrganization, createProject, findProject } from "../../src/store/index.js";
import { bumpChangeCounter } from "../../src/store/repos/change-counters.js";
import { forEachStoreDialect } from "../support/test-stores.js";

const T0 = "2026-01-01T00:00:00.000Z";

const projectsOfOrgNamed = compiledOnce(2, (db, orgId: string, name: string) =>
  db.selectFrom("projects").select(["id", "name"]).where("org_id", "=", orgId).where("name", "=", name).orderBy("id"),
);

forEachStoreDialect("compiled-once queries", ({ freshStore }) => {
  test("each call runs with its own values, on the store and in a transaction", async () => {
    const store = await freshStore();
    await createOrganization(store.db, { id: "o1", name: "Org", created_at: T0 });
    await createOrganization(store.db, { id: "o2", name: "Other", created_at: T0 });
    await createProject(store.db, { id: "p1", org_id: "o1", name: "alpha", created_at: T0 });
    await createProject(store.db, { id: "p2", org_id: "o1", name: "beta", created_at: T0 });
    await createProject(store.db, { id: "p3", org_id: "o2", name: "alpha", created_at: T0 });

    assert.deepEqual((await projectsOfOrgNamed(store.db, "o1", "alpha")).rows, [{ id: "p1", name: "alpha" }]);
    assert.deepEqual((await projectsOfOrgNamed(store.db, "o2", "alpha")).rows, [{ id: "p3", name: "alpha" }]);
    assert.deepEqual((await projectsOfOrgNamed(store.db, "o1", "beta")).rows, [{ id: "p2", name: "beta" }]);
    assert.deepEqual((await projectsOfOrgNamed(store.db, "o2", "beta")).rows, []);
    // A value that looks like SQL is only ever a value.
    assert.deepEqual((await projectsOfOrgNamed(store.db, "o1' OR '1'='1", "alpha")).rows, []);

    await store.transaction(async (tx) => {
      await createProject(tx, { id: "p4", org_id: "o2", name: "beta", created_at: T0 });
      assert.deepEqual((await projectsOfOrgNamed(tx, "o2", "beta")).rows, [{ id: "p4", name: "beta" }]);
      assert.equal((await findProject(tx, "p4"))?.name, "beta");
    });
    assert.equal((await findProject(store.db, "p1"))?.name, "alpha");
    assert.equal(await findProject(store.db, "nope"), undefined);

    // A write with RETURNING, and a repeated argument.
    assert.equal(await bumpChangeCounter(store.db, "p1"), 1);
    assert.equal(await bumpChangeCounter(store.db, "p1"), 2);
    assert.equal(await bumpChangeCounter(store.db, "p2"), 1);
  });

  test("an argument that does not reach the parameters as given is refused", async () => {
    const store = await freshStore();
    const inspected = compiledOnce(1, (db, name: string) => db.selectFrom("projects").selectAll().where("name", "=", name.length > 3 ? "long" : "short"));
    await assert.rejects(inspected(store.db, "alpha"), /argument 0 of a compiled-once query did not become a parameter/);
  });
});
