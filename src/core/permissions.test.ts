import assert from "node:assert/strict";
import { test } from "node:test";
import { ORG_WIDE_PROJECT_ROLES, PERMISSION_ROLES } from "./permissions.js";
import { GROUP_ROLES, PERMISSIONS } from "./types.js";

test("the table covers every permission, and every project role reads its project", () => {
  assert.deepEqual(Object.keys(PERMISSION_ROLES).sort(), [...PERMISSIONS].sort());
  assert.deepEqual([...PERMISSION_ROLES.PROJECT_READ.group].sort(), [...GROUP_ROLES].sort());
});

test("DESIGN.md's rules: who manages users and who manages userSecurity", () => {
  assert.deepEqual([...PERMISSION_ROLES.DATABASE_ACCESS_WRITE.group].sort(), ["GROUP_DATABASE_ACCESS_ADMIN", "GROUP_OWNER"]);
  assert.deepEqual(PERMISSION_ROLES.DATABASE_ACCESS_WRITE.org, ["ORG_OWNER"]);
  for (const permission of ["USER_SECURITY_READ", "USER_SECURITY_WRITE"] as const) {
    assert.deepEqual(PERMISSION_ROLES[permission], { org: ["ORG_OWNER"], group: ["GROUP_OWNER"] });
  }
  assert.ok(!PERMISSION_ROLES.DATABASE_ACCESS_WRITE.group.includes("GROUP_READ_ONLY"));
  assert.ok(ORG_WIDE_PROJECT_ROLES.includes("ORG_OWNER") && !ORG_WIDE_PROJECT_ROLES.includes("ORG_MEMBER"));
});
