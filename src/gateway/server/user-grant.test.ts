import { test } from "node:test";
import assert from "node:assert/strict";
import type { DatabaseUser } from "../../core/index.js";
import { PreparedTrustAnchors } from "../../pki/verify-chain.js";
import type { PeerIdentity } from "./peer-identity.js";
import type { ProjectAccess } from "./project-access.js";
import { ACTION } from "../authz/index.js";
import { grantFor } from "./user-grant.js";
import { RevokedSerials } from "./revoked-serials.js";

function completeRevokedSet(...serials: string[]): RevokedSerials {
  const set = new RevokedSerials(() => Promise.reject(new Error("a complete set never asks the store")), true);
  for (const serial of serials) set.add(serial);
  return set;
}

const access: ProjectAccess = {
  projectId: "p",
  anchors: new PreparedTrustAnchors([]),
  caPems: [],
  revokedSerials: completeRevokedSet("77"),
  revocationVersion: 0,
  version: 0,
  customRoles: [{ roleName: "auditor", actions: [{ action: "FIND", resources: [{ db: "sales", collection: "orders" }] }] }],
  trustKey: "",
};

const managed: PeerIdentity = { anchorKind: "managed", subject: "CN=app", userName: "app", serial: "12", membershipKey: "" };

function user(overrides: Partial<DatabaseUser> = {}): DatabaseUser {
  return {
    groupId: "p",
    databaseName: "$external",
    username: "app",
    x509Type: "MANAGED",
    ldapAuthType: "NONE",
    awsIAMType: "NONE",
    oidcAuthType: "NONE",
    roles: [{ roleName: "auditor", databaseName: "admin" }],
    scopes: [],
    labels: [],
    ...overrides,
  };
}

test("a matching user gets its roles, custom ones included, under the certificate's subject", () => {
  const grant = grantFor(managed, user(), access, "Cluster0");
  assert.ok(grant.ok);
  assert.deepEqual(grant.auth.user, { user: "CN=app", db: "$external" });
  assert.deepEqual(grant.auth.resolved.roles, [{ role: "auditor", db: "admin" }]);
});

test("a revoked managed certificate is refused even though the user exists", () => {
  const grant = grantFor({ ...managed, serial: "77" }, user(), access, "Cluster0");
  assert.ok(!grant.ok);
  assert.equal(grant.refusal, "AuthenticationFailed");
});

test("no user, or a user scoped to other clusters, is UserNotFound", () => {
  assert.equal(grantFor(managed, undefined, access, "Cluster0").ok, false);
  const scoped = grantFor(managed, user({ scopes: [{ name: "Other", type: "CLUSTER" }] }), access, "Cluster0");
  assert.ok(!scoped.ok);
  assert.equal(scoped.refusal, "UserNotFound");
  assert.ok(grantFor(managed, user({ scopes: [{ name: "Cluster0", type: "CLUSTER" }, { name: "Lake", type: "DATA_LAKE" }] }), access, "Cluster0").ok);
});

test("a certificate whose CA kind does not match the user's x509Type is refused", () => {
  const customer = grantFor(managed, user({ x509Type: "CUSTOMER" }), access, "Cluster0");
  assert.ok(!customer.ok);
  assert.equal(customer.refusal, "AuthenticationFailed");
  const fromCustomerCa: PeerIdentity = { anchorKind: "customer", subject: "CN=app", userName: "CN=app", serial: "5", membershipKey: "" };
  assert.equal(grantFor(fromCustomerCa, user({ username: "CN=app" }), access, "Cluster0").ok, false);
});

test("a user holding a custom role with an action the API accepts authenticates (CREATE_SEARCH_INDEX, stream processing)", () => {
  const withSearch: ProjectAccess = {
    ...access,
    customRoles: [
      { roleName: "searchAdmin", actions: [{ action: "CREATE_SEARCH_INDEX", resources: [{ db: "sales" }] }] },
      { roleName: "streams", actions: [{ action: "START_STREAM_PROCESSOR", resources: [{ cluster: true }] }, { action: "OUT_TO_GCS", resources: [{ cluster: true }] }] },
    ],
  };
  const grant = grantFor(managed, user({ roles: [{ roleName: "searchAdmin", databaseName: "admin" }, { roleName: "streams", databaseName: "admin" }] }), withSearch, "Cluster0");
  assert.ok(grant.ok, grant.ok ? "" : grant.reason);
  assert.ok(grant.auth.resolved.privileges.canDatabase("sales", ACTION.createSearchIndexes));
});
