/**
 * What the Admin API accepts in a custom role, the gateway must be able to compile: otherwise a user
 * holding the role is refused at login (AuthenticationFailed) although the API stored it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkActions, checkInheritedRoles } from "../../core/custom-role-validation.js";
import { CUSTOM_ROLE_ACTIONS, INHERITABLE_BUILTIN_ROLES, actionResourceKind, serverActionFor } from "../../roles/index.js";
import { resolveRoles } from "./role-resolver.js";

test("every action the API accepts compiles in the gateway, granting its mongod action", () => {
  for (const action of CUSTOM_ROLE_ACTIONS) {
    const resource = actionResourceKind(action) === "cluster" ? { cluster: true } : { db: "sales" };
    const actions = checkActions([{ action, resources: [resource] }]);
    const resolved = resolveRoles([{ roleName: "r", databaseName: "admin" }], [{ roleName: "r", actions }]);
    const granted = resolved.privileges.privileges().flatMap((p) => p.actions);
    const expected = serverActionFor(action);
    assert.notEqual(expected, undefined, action);
    assert.deepEqual(granted, expected === null ? [] : [expected], action);
  }
});

test("every built-in role a custom role may inherit is one the gateway defines", () => {
  for (const role of INHERITABLE_BUILTIN_ROLES) {
    const inheritedRoles = checkInheritedRoles([{ role, db: "admin" }], "r", new Set());
    assert.doesNotThrow(() => resolveRoles([{ roleName: "r", databaseName: "admin" }], [{ roleName: "r", inheritedRoles }]), role);
  }
});

test("the API refuses to inherit mongod roles the gateway does not define", () => {
  for (const role of ["root", "__system", "directShardOperations", "__queryableBackup"]) {
    assert.throws(() => checkInheritedRoles([{ role, db: "admin" }], "r", new Set()), /does not exist/, role);
  }
});
