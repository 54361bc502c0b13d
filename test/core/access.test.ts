import assert from "node:assert/strict";
import { test } from "node:test";
import { createCore, CoreError, CORE_ERROR_STATUS, type Actor } from "../../src/core/index.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { makeCoreFixture, rejection, type CoreFixture } from "../support/core-harness.js";
import { forEachStoreDialect } from "../support/test-stores.js";

function assertCode(error: unknown, code: string): void {
  assert.ok(error instanceof CoreError, `expected a CoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
}

const X509_USER = { databaseName: "$external", x509Type: "MANAGED", username: "app", roles: [{ roleName: "read", databaseName: "shop" }] };

/** Every role the rules name, and what each may do in the bootstrap project. */
async function roleMatrix(f: CoreFixture): Promise<{ name: string; actor: Actor; writeUsers: boolean; userSecurity: boolean; read: boolean }[]> {
  return [
    { name: "ORG_OWNER", actor: f.owner, writeUsers: true, userSecurity: true, read: true },
    { name: "GROUP_OWNER", actor: await f.actorWith({ group: ["GROUP_OWNER"] }), writeUsers: true, userSecurity: true, read: true },
    {
      name: "GROUP_DATABASE_ACCESS_ADMIN",
      actor: await f.actorWith({ group: ["GROUP_DATABASE_ACCESS_ADMIN"] }),
      writeUsers: true,
      userSecurity: false,
      read: true,
    },
    { name: "GROUP_READ_ONLY", actor: await f.actorWith({ group: ["GROUP_READ_ONLY"] }), writeUsers: false, userSecurity: false, read: true },
    { name: "ORG_READ_ONLY", actor: await f.actorWith({ org: ["ORG_READ_ONLY"] }), writeUsers: false, userSecurity: false, read: true },
    {
      name: "GROUP_DATA_ACCESS_ADMIN",
      actor: await f.actorWith({ group: ["GROUP_DATA_ACCESS_ADMIN"] }),
      writeUsers: false,
      userSecurity: false,
      read: true,
    },
  ];
}

forEachStoreDialect("core access", ({ freshStore }) => {
  test("bootstrap creates an organization, Project0 and an ORG_OWNER key, once", async () => {
    const store = await freshStore();
    const core = createCore({ store, masterKey: MasterKey.random() });
    const first = await core.bootstrap();
    assert.equal(first.initialized, true);
    assert.match(first.orgId, /^[a-f0-9]{24}$/);
    assert.match(first.projectId, /^[a-f0-9]{24}$/);
    assert.match(first.publicKey ?? "", /^[a-z]{8}$/);
    assert.match(first.privateKey ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = await core.bootstrap();
    assert.deepEqual(again, { initialized: false, orgId: first.orgId, projectId: first.projectId });
    const credentials = await core.apiKeys.authenticate(first.publicKey as string);
    assert.equal(credentials?.privateKey, first.privateKey, "Digest needs the private key back, unsealed");
    assert.deepEqual(credentials?.actor.orgRoles, ["ORG_OWNER"]);
    const project = await core.projects.get(credentials.actor, first.projectId);
    assert.equal(project.name, "Project0");
    assert.equal(await core.apiKeys.authenticate("nosuchkey"), undefined);
  });

  test("concurrent first starts on one store create exactly one organization", async () => {
    const store = await freshStore();
    const masterKey = MasterKey.random();
    const results = await Promise.all([1, 2, 3].map(() => createCore({ store, masterKey }).bootstrap()));
    assert.equal(results.filter((r) => r.initialized).length, 1);
    assert.equal(new Set(results.map((r) => r.orgId)).size, 1);
    const orgs = await store.db.selectFrom("organizations").select("id").execute();
    assert.equal(orgs.length, 1);
  });

  test("the sealed private key does not open under another master key", async () => {
    const store = await freshStore();
    const first = await createCore({ store, masterKey: MasterKey.random() }).bootstrap();
    const other = createCore({ store, masterKey: MasterKey.random() });
    await assert.rejects(other.apiKeys.authenticate(first.publicKey as string));
  });

  test("each role may do exactly what the permission table says", async () => {
    const f = await makeCoreFixture(await freshStore());
    let n = 0;
    for (const row of await roleMatrix(f)) {
      n += 1;
      const create = f.core.databaseUsers.create(row.actor, f.projectId, { ...X509_USER, username: `app${n}` });
      if (row.writeUsers) assert.equal((await create).username, `app${n}`, row.name);
      else assertCode(await rejection(create), "USER_UNAUTHORIZED");
      const security = f.core.userSecurity.get(row.actor, f.projectId);
      if (row.userSecurity) assert.deepEqual(await security, { customerX509: {}, ldap: {} }, row.name);
      else assertCode(await rejection(security), "USER_UNAUTHORIZED");
      const list = await f.core.databaseUsers.list(row.actor, f.projectId);
      assert.ok((list.totalCount ?? -1) >= 0, row.name);
    }
  });

  test("project roles are never read off the prototype chain", async () => {
    const f = await makeCoreFixture(await freshStore());
    const { actor: outsider } = await f.outsider();
    const prototype = Object.prototype as Record<string, unknown>;
    prototype[f.projectId] = ["GROUP_OWNER"];
    try {
      assertCode(await rejection(f.core.databaseUsers.list(outsider, f.projectId)), "NOT_IN_GROUP");
      const inherited: Actor = { ...outsider, groupRoles: Object.create({ [f.projectId]: ["GROUP_OWNER"] }) as Actor["groupRoles"] };
      assertCode(await rejection(f.core.authorize(inherited, f.projectId, "PROJECT_READ")), "NOT_IN_GROUP");
    } finally {
      delete prototype[f.projectId];
    }
  });

  test("a key without any role in the project gets NOT_IN_GROUP; another organization too", async () => {
    const f = await makeCoreFixture(await freshStore());
    const member = await f.actorWith({ org: ["ORG_MEMBER"] });
    assertCode(await rejection(f.core.databaseUsers.list(member, f.projectId)), "NOT_IN_GROUP");
    const { actor: outsider, projectId: theirs } = await f.outsider();
    assertCode(await rejection(f.core.databaseUsers.list(outsider, f.projectId)), "NOT_IN_GROUP");
    assertCode(await rejection(f.core.databaseUsers.list(f.owner, theirs)), "NOT_IN_GROUP");
    assertCode(await rejection(f.core.authorize(f.owner, "111111111111111111111111", "PROJECT_READ")), "GROUP_NOT_FOUND");
    assertCode(await rejection(f.core.authorize(f.owner, "not-an-id", "PROJECT_READ")), "INVALID_GROUP_ID");
    const error = await rejection(f.core.databaseUsers.list(outsider, f.projectId));
    assert.ok(error instanceof CoreError);
    assert.equal(error.status, 401);
    assert.equal(CORE_ERROR_STATUS.GROUP_NOT_FOUND, 404);
  });

  test("project roles apply only to the project they were granted in", async () => {
    const f = await makeCoreFixture(await freshStore());
    const second = await f.core.projects.create(f.owner, { name: "Second" });
    const admin = await f.actorWith({ group: ["GROUP_DATABASE_ACCESS_ADMIN"], projectId: second.id });
    await f.core.databaseUsers.create(admin, second.id, X509_USER);
    assertCode(await rejection(f.core.databaseUsers.create(admin, f.projectId, X509_USER)), "NOT_IN_GROUP");
    const visible = await f.core.projects.list(admin);
    assert.deepEqual(
      visible.results.map((p) => p.name),
      ["Second"],
    );
    const all = await f.core.projects.list(f.owner);
    assert.deepEqual(
      all.results.map((p) => p.name),
      ["Project0", "Second"],
    );
  });

  test("projects: create, duplicate name, get by name, delete with its contents", async () => {
    const f = await makeCoreFixture(await freshStore());
    const p = await f.core.projects.create(f.owner, { name: "Payments" });
    assert.equal(p.orgId, f.orgId);
    assert.match(p.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assertCode(await rejection(f.core.projects.create(f.owner, { name: "Payments" })), "GROUP_ALREADY_EXISTS");
    assertCode(await rejection(f.core.projects.create(f.owner, { name: " " })), "MISSING_ATTRIBUTE");
    assert.equal((await f.core.projects.getByName(f.owner, "Payments")).id, p.id);
    const creator = await f.actorWith({ org: ["ORG_GROUP_CREATOR"] });
    const own = await f.core.projects.create(creator, { name: "By creator" });
    const creatorAgain = (await f.core.apiKeys.authenticate(creator.label))?.actor;
    assert.deepEqual(creatorAgain?.groupRoles[own.id], ["GROUP_OWNER"], "the creator owns the project it created");
    await f.core.databaseUsers.create(creatorAgain as NonNullable<typeof creatorAgain>, own.id, X509_USER);
    assertCode(await rejection(f.core.databaseUsers.list(creator, f.projectId)), "NOT_IN_GROUP");
    const member = await f.actorWith({ org: ["ORG_MEMBER"] });
    assertCode(await rejection(f.core.projects.create(member, { name: "Nope" })), "USER_UNAUTHORIZED");
    await f.core.databaseUsers.create(f.owner, p.id, X509_USER);
    const readOnly = await f.actorWith({ group: ["GROUP_READ_ONLY"], projectId: p.id });
    assertCode(await rejection(f.core.projects.delete(readOnly, p.id)), "USER_UNAUTHORIZED");
    await f.core.projects.delete(f.owner, p.id);
    assertCode(await rejection(f.core.projects.get(f.owner, p.id)), "GROUP_NOT_FOUND");
    const users = await f.store.db.selectFrom("database_users").select("id").where("project_id", "=", p.id).execute();
    assert.equal(users.length, 0);
  });

  test("API keys: org roles are checked, listed with project roles, and only the org owner creates them", async () => {
    const f = await makeCoreFixture(await freshStore());
    assertCode(await rejection(f.core.apiKeys.create(f.owner, f.orgId, { desc: "x", roles: ["ORG_SUPREME" as never] })), "INVALID_ENUM_VALUE");
    assertCode(await rejection(f.core.apiKeys.create(f.owner, f.orgId, { desc: "x", roles: [] })), "MISSING_ATTRIBUTE");
    assertCode(await rejection(f.core.apiKeys.create(f.owner, f.orgId, { desc: "", roles: ["ORG_MEMBER"] })), "INVALID_ATTRIBUTE");
    const key = await f.core.apiKeys.create(f.owner, f.orgId, { desc: "ci", roles: ["ORG_MEMBER"] });
    const assigned = await f.core.apiKeys.assignToProject(f.owner, f.projectId, key.id, ["GROUP_READ_ONLY", "GROUP_READ_ONLY"]);
    assert.deepEqual(assigned.roles, [
      { orgId: f.orgId, roleName: "ORG_MEMBER" },
      { groupId: f.projectId, roleName: "GROUP_READ_ONLY" },
    ]);
    const replaced = await f.core.apiKeys.assignToProject(f.owner, f.projectId, key.id, ["GROUP_OWNER"]);
    assert.deepEqual(replaced.roles.at(-1), { groupId: f.projectId, roleName: "GROUP_OWNER" });
    assertCode(await rejection(f.core.apiKeys.assignToProject(f.owner, f.projectId, "aaaaaaaaaaaaaaaaaaaaaaaa", ["GROUP_OWNER"])), "API_KEY_NOT_FOUND");
    const listed = await f.core.apiKeys.list(f.owner, f.orgId, { itemsPerPage: 1, pageNum: 2 });
    assert.equal(listed.totalCount, 2);
    assert.equal(listed.results[0]?.publicKey, key.publicKey);
    assert.equal("privateKey" in (listed.results[0] as object), false, "a listed key never carries its private key");
    const member = await f.actorWith({ org: ["ORG_MEMBER"] });
    assertCode(await rejection(f.core.apiKeys.create(member, f.orgId, { desc: "x", roles: ["ORG_MEMBER"] })), "USER_UNAUTHORIZED");
    const { actor: outsider } = await f.outsider();
    assertCode(await rejection(f.core.apiKeys.list(outsider, f.orgId)), "USER_UNAUTHORIZED");
  });

  test("paging: pageNum and itemsPerPage are checked and cut the list", async () => {
    const f = await makeCoreFixture(await freshStore());
    for (let i = 0; i < 5; i++) {
      await f.core.databaseUsers.create(f.owner, f.projectId, { ...X509_USER, username: `u${i}` });
      f.clock.advance(1000);
    }
    const page = await f.core.databaseUsers.list(f.owner, f.projectId, { pageNum: 2, itemsPerPage: 2 });
    assert.deepEqual(
      page.results.map((u) => u.username),
      ["u2", "u3"],
    );
    assert.equal(page.totalCount, 5);
    const beyond = await f.core.databaseUsers.list(f.owner, f.projectId, { pageNum: 9, itemsPerPage: 2 });
    assert.deepEqual(beyond, { results: [], totalCount: 5 });
    assertCode(await rejection(f.core.databaseUsers.list(f.owner, f.projectId, { itemsPerPage: 501 })), "INVALID_QUERY_PARAMETER");
    assertCode(await rejection(f.core.databaseUsers.list(f.owner, f.projectId, { pageNum: 0 })), "INVALID_QUERY_PARAMETER");
  });

  test("digest nonces go through the store with compare-and-swap", async () => {
    const f = await makeCoreFixture(await freshStore());
    await f.core.digestNonces.issue("abc", new Date(f.clock.now().getTime() + 60_000));
    assert.equal(await f.core.digestNonces.use("abc", 1), "ok");
    assert.equal(await f.core.digestNonces.use("abc", 1), "replayed");
    f.clock.advance(61_000);
    assert.equal(await f.core.digestNonces.use("abc", 2), "expired");
    assert.equal(await f.core.digestNonces.purgeExpired(), 1);
    assert.equal(await f.core.digestNonces.use("abc", 3), "unknown");
  });

  test("a nonce's first use records it and its count in one step; replays and expired nonces are refused", async () => {
    const f = await makeCoreFixture(await freshStore());
    const expires = new Date(f.clock.now().getTime() + 60_000);
    assert.equal(await f.core.digestNonces.useOrRecord("fresh", 1, expires), true);
    assert.equal(await f.core.digestNonces.useOrRecord("fresh", 1, expires), false);
    assert.equal(await f.core.digestNonces.useOrRecord("fresh", 2, expires), true);
    f.clock.advance(61_000);
    assert.equal(await f.core.digestNonces.useOrRecord("fresh", 3, expires), false);
  });
});
