/** Who may call what: roles of API keys, keys of other organizations. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiFixture } from "../api-harness.js";
import { digestJson, type ApiKeyPair } from "../digest-client.js";

interface CreatedKey extends ApiKeyPair {
  id: string;
  roles: { orgId?: string; groupId?: string; roleName: string }[];
}

/** Declares the access tests. */
export function accessSuite(fx: () => ApiFixture): void {
  const newKey = async (roles: string[]): Promise<CreatedKey> => {
    const { api, orgId, owner } = fx();
    const res = await digestJson(`${api}/orgs/${orgId}/apiKeys`, owner, { method: "POST", body: { desc: `key ${roles.join(",")}`, roles } });
    assert.equal(res.status, 200, res.result.body);
    return res.json as CreatedKey;
  };
  const users = () => `${fx().api}/groups/${fx().projectId}/databaseUsers`;
  const managedUser = (username: string) => ({ databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] });

  test("a new organization API key shows its private key once; lists never do", async () => {
    const key = await newKey(["ORG_MEMBER"]);
    assert.match(key.privateKey, /\S{8,}/);
    assert.deepEqual(key.roles, [{ orgId: fx().orgId, roleName: "ORG_MEMBER" }]);
    const list = await digestJson(`${fx().api}/orgs/${fx().orgId}/apiKeys`, fx().owner);
    assert.equal(list.status, 200);
    assert.ok(!list.result.body.includes(key.privateKey));
    const one = await digestJson(`${fx().api}/orgs/${fx().orgId}/apiKeys/${key.id}`, fx().owner);
    assert.equal(one.status, 200);
    assert.equal((one.json as { publicKey: string }).publicKey, key.publicKey);
  });

  test("a key without a role in the project gets 401 NOT_IN_GROUP; with GROUP_READ_ONLY it reads but writing is 401 USER_UNAUTHORIZED", async () => {
    const key = await newKey(["ORG_MEMBER"]);
    const before = await digestJson(users(), key);
    assert.equal(before.status, 401);
    assert.equal((before.json as { errorCode: string }).errorCode, "NOT_IN_GROUP");

    const assigned = await digestJson(`${fx().api}/groups/${fx().projectId}/apiKeys/${key.id}`, fx().owner, { method: "PATCH", body: { roles: ["GROUP_READ_ONLY"] } });
    assert.equal(assigned.status, 200, assigned.result.body);
    assert.ok((assigned.json as CreatedKey).roles.some((r) => r.groupId === fx().projectId && r.roleName === "GROUP_READ_ONLY"));

    assert.equal((await digestJson(users(), key)).status, 200);
    const write = await digestJson(users(), key, { method: "POST", body: managedUser("ro-attempt") });
    assert.equal(write.status, 401);
    assert.deepEqual(Object.keys(write.json as object).sort(), ["detail", "error", "errorCode", "parameters", "reason"]);
    assert.equal((write.json as { errorCode: string }).errorCode, "USER_UNAUTHORIZED");
    const cert = await digestJson(`${users()}/anyone/certs`, key, { method: "POST", body: { monthsUntilExpiration: 1 } });
    assert.equal(cert.status, 401);
    assert.equal((cert.json as { errorCode: string }).errorCode, "USER_UNAUTHORIZED");
  });

  test("GROUP_DATABASE_ACCESS_ADMIN (assigned with Atlas's v2 array body) manages users but not userSecurity", async () => {
    const key = await newKey(["ORG_MEMBER"]);
    const assigned = await digestJson(`${fx().api}/groups/${fx().projectId}/apiKeys/${key.id}`, fx().owner, {
      method: "POST",
      body: [{ roleName: "GROUP_DATABASE_ACCESS_ADMIN" }],
    });
    assert.equal(assigned.status, 200, assigned.result.body);
    const created = await digestJson(users(), key, { method: "POST", body: managedUser("dbadmin-made") });
    assert.equal(created.status, 201, created.result.body);
    const security = await digestJson(`${fx().api}/groups/${fx().projectId}/userSecurity`, key);
    assert.equal(security.status, 401);
    assert.equal((security.json as { errorCode: string }).errorCode, "USER_UNAUTHORIZED");
  });

  test("an ORG_READ_ONLY key reads every project but cannot write", async () => {
    const key = await newKey(["ORG_READ_ONLY"]);
    assert.equal((await digestJson(users(), key)).status, 200);
    const del = await digestJson(`${users()}/$external/dbadmin-made`, key, { method: "DELETE" });
    assert.equal(del.status, 401);
    assert.equal((del.json as { errorCode: string }).errorCode, "USER_UNAUTHORIZED");
  });

  test("a key of another organization gets 401 NOT_IN_GROUP for this project", async () => {
    const other = await fx().otherOrgKey();
    for (const path of ["databaseUsers", "userSecurity", "customDBRoles/roles", "events"]) {
      const res = await digestJson(`${fx().api}/groups/${fx().projectId}/${path}`, other);
      assert.equal(res.status, 401, `${path}: ${res.result.body}`);
      assert.equal((res.json as { errorCode: string }).errorCode, "NOT_IN_GROUP", path);
    }
    const write = await digestJson(users(), other, { method: "POST", body: managedUser("intruder") });
    assert.equal((write.json as { errorCode: string }).errorCode, "NOT_IN_GROUP");
  });
}
