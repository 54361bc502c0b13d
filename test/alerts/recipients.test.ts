/** Who a GROUP notification reaches, read from real people and project roles in the store. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupRecipients } from "../../src/alerts/recipients.js";
import { newId } from "../../src/core/ids.js";
import { createPersonRow, setPersonProjectRoles } from "../../src/store/repos/people.js";
import { makeCoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

forEachStoreDialect("alerts: GROUP notification recipients", ({ freshStore }) => {
  test("project roles, and organization roles that grant them; nobody from another organization", async () => {
    const store = await freshStore();
    const fx = await makeCoreFixture(store);
    const other = await fx.outsider();
    const person = async (email: string, orgRoles: string[], projectRoles?: string[], orgId = fx.orgId) => {
      const id = newId();
      await createPersonRow(store.db, { id, org_id: orgId, email, password_hash: "unused", org_roles: JSON.stringify(orgRoles), created_at: fx.clock.now().toISOString() });
      if (projectRoles) await setPersonProjectRoles(store.db, id, fx.projectId, JSON.stringify(projectRoles));
    };
    await person("org-owner@example.com", ["ORG_OWNER"]);
    await person("project-owner@example.com", ["ORG_MEMBER"], ["GROUP_OWNER"]);
    await person("reader@example.com", ["ORG_MEMBER"], ["GROUP_READ_ONLY"]);
    await person("org-reader@example.com", ["ORG_READ_ONLY"]);
    await person("member@example.com", ["ORG_MEMBER"]);
    await person("elsewhere@example.com", ["ORG_OWNER"], undefined, other.actor.orgId);

    assert.deepEqual(await groupRecipients(store.db, fx.projectId, fx.orgId, ["GROUP_OWNER"]), ["org-owner@example.com", "project-owner@example.com"]);
    assert.deepEqual(await groupRecipients(store.db, fx.projectId, fx.orgId, ["GROUP_READ_ONLY"]), ["org-reader@example.com", "reader@example.com"]);
    assert.deepEqual(await groupRecipients(store.db, fx.projectId, fx.orgId, ["GROUP_CLUSTER_MANAGER"]), []);
  });
});
