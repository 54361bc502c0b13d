import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError } from "./core-error.js";
import { canonicalUsername, checkUserBody, resolveUser } from "./database-user-validation.js";

const GROUP = "0123456789abcdef01234567";
const context = { groupId: GROUP, customRoleNames: new Set(["reporter"]), now: new Date("2026-05-01T00:00:00Z") };

function code(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof CoreError, String(error));
    return error.code;
  }
  throw new Error("expected a refusal");
}

test("canonical names per kind: CUSTOMER DN, LDAP DN, MANAGED plain, SCRAM as typed", () => {
  assert.equal(canonicalUsername("CN=Jane Doe, O=MongoDB, C=US", { x509Type: "CUSTOMER", ldapAuthType: "NONE" }), "CN=Jane Doe,O=MongoDB,C=US");
  assert.equal(canonicalUsername("cn=ralph, cn=Users, dc=example", { x509Type: "NONE", ldapAuthType: "USER" }), "CN=ralph,CN=Users,DC=example");
  assert.equal(canonicalUsername("CN=app", { x509Type: "MANAGED", ldapAuthType: "NONE" }), "app");
  assert.equal(canonicalUsername("cn = app", { x509Type: "MANAGED", ldapAuthType: "NONE" }), "app");
  assert.equal(canonicalUsername("app,with=odd chars", { x509Type: "MANAGED", ldapAuthType: "NONE" }), "app,with=odd chars");
  assert.equal(canonicalUsername("Some User", { x509Type: "NONE", ldapAuthType: "NONE" }), "Some User");
});

test("the body's shape is checked before any rule", () => {
  assert.equal(code(() => checkUserBody([])), "INVALID_ATTRIBUTE");
  assert.equal(code(() => checkUserBody({ username: "a", secret: 1 })), "INVALID_ATTRIBUTE");
  assert.deepEqual(checkUserBody({ username: "a", links: [] }), { username: "a", links: [] });
});

test("a custom role is held alone and on admin; collections only for read and readWrite", () => {
  const base = { databaseName: "$external", x509Type: "MANAGED", username: "u" };
  assert.deepEqual(resolveUser({ ...base, roles: [{ roleName: "reporter", databaseName: "admin" }] }, context).user.roles, [
    { roleName: "reporter", databaseName: "admin" },
  ]);
  assert.equal(
    code(() => resolveUser({ ...base, roles: [{ roleName: "readWrite", databaseName: "d", collectionName: "system.js" }] }, context)),
    "INVALID_COLLECTION_NAME",
  );
  assert.equal(code(() => resolveUser({ ...base, roles: [{ roleName: "read", databaseName: "$external" }] }, context)), "INVALID_DATABASE_NAME");
  assert.equal(code(() => resolveUser({ ...base, roles: [{ roleName: "read", databaseName: "x".repeat(64) }] }, context)), "INVALID_DATABASE_NAME");
  assert.equal(code(() => resolveUser({ ...base, roles: [{ roleName: "read" }] }, context)), "MISSING_ATTRIBUTE");
});

test("temporary users: within a week, in the future, never X.509", () => {
  const scram = { username: "t", password: "longenough", roles: [{ roleName: "read", databaseName: "d" }] };
  assert.equal(resolveUser({ ...scram, deleteAfterDate: "2026-05-03T10:00:00.000Z" }, context).user.deleteAfterDate, "2026-05-03T10:00:00Z");
  assert.equal(code(() => resolveUser({ ...scram, deleteAfterDate: "2026-05-09T00:00:01Z" }, context)), "EXPIRATION_DATE_EXCEEDS_MAX");
  assert.equal(code(() => resolveUser({ ...scram, deleteAfterDate: "not a date" }, context)), "INVALID_ATTRIBUTE");
  assert.equal(code(() => resolveUser({ ...scram, password: "short" }, context)), "INVALID_ATTRIBUTE");
  assert.equal(code(() => resolveUser({ ...scram, databaseName: "admin", awsIAMType: "USER", password: undefined }, context)), "DATABASE_NAME_INVALID_EXTERNAL");
  assert.equal(code(() => resolveUser({ ...scram, awsIAMType: "ROLE", ldapAuthType: "USER", databaseName: "$external", password: undefined }, context)), "INVALID_ATTRIBUTE");
});

test("user names that a URL path can't carry are refused: '.', '..' (also as CN=..), empty, NUL and other control characters", () => {
  const managed = { databaseName: "$external", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "d" }] };
  const scram = { password: "longenough", roles: [{ roleName: "read", databaseName: "d" }] };
  for (const username of [".", "..", "CN=..", "cn = ."]) assert.equal(code(() => resolveUser({ ...managed, username }, context)), "ATLAS_INVALID_USERNAME", username);
  for (const username of [".", ".."]) assert.equal(code(() => resolveUser({ ...scram, username }, context)), "ATLAS_INVALID_USERNAME", username);
  assert.equal(code(() => resolveUser({ ...managed, username: "" }, context)), "MISSING_ATTRIBUTE");
  assert.equal(code(() => resolveUser({ ...managed, username: "a\u0000b" }, context)), "ATLAS_INVALID_USERNAME");
  assert.equal(code(() => resolveUser({ ...managed, username: "a\nb" }, context)), "ATLAS_INVALID_USERNAME");
  for (const username of ["...", ".a", "a.", "a/b", "a..b"]) assert.equal(resolveUser({ ...managed, username }, context).user.username, username);
});
