/** The `mongodb-atlas-api-client` npm package, pointed at certgate instead of cloud.mongodb.com. */
import { test } from "node:test";
import assert from "node:assert/strict";
import atlasClientModule from "mongodb-atlas-api-client";
import type { ApiFixture } from "../api-harness.js";

// The package is CommonJS with `module.exports = fn`; Node hands that function over as the default
// import, while its typings describe it as `exports.default`.
const getClient = atlasClientModule as unknown as typeof atlasClientModule.default;

// The package's request types predate x509Type and custom-role resources without `cluster`; the tests
// send Atlas's real bodies, so they call it through a looser view.
type Call = (...args: unknown[]) => Promise<unknown>;
interface LooseClient {
  user: Record<"create" | "getAll" | "get" | "update" | "delete", Call>;
  customDbRole: Record<"create" | "getAll" | "get" | "update" | "delete", Call>;
  project: Record<"getById", Call>;
}

/** Declares the tests that use Atlas's third-party Node client. */
export function atlasClientSuite(fx: () => ApiFixture): void {
  const client = () =>
    getClient({ publicKey: fx().owner.publicKey, privateKey: fx().owner.privateKey, baseUrl: fx().api, projectId: fx().projectId }) as unknown as LooseClient;

  test("database users: create (SCRAM in admin and MANAGED in $external), list, get, update, delete", async () => {
    const { user } = client();
    const scram = (await user.create({
      databaseName: "admin",
      username: "client-app",
      password: "a long enough password",
      roles: [{ roleName: "readWrite", databaseName: "shop" }],
    })) as Record<string, unknown>;
    assert.equal(scram.username, "client-app");
    assert.equal(scram.groupId, fx().projectId);
    assert.equal("password" in scram, false, "the password is never returned");

    const x509 = (await user.create({
      databaseName: "$external",
      username: "client-x509",
      x509Type: "MANAGED",
      roles: [{ roleName: "read", databaseName: "shop" }],
    })) as Record<string, unknown>;
    assert.equal(x509.x509Type, "MANAGED");

    const all = (await user.getAll({ itemsPerPage: 500 })) as { results: { username: string }[]; totalCount: number };
    const names = all.results.map((u) => u.username);
    assert.ok(names.includes("client-app") && names.includes("client-x509"), names.join(","));
    assert.equal(all.totalCount, all.results.length);

    const one = (await user.get("client-app")) as { username: string; databaseName: string };
    assert.deepEqual([one.username, one.databaseName], ["client-app", "admin"]);

    const updated = (await user.update("client-app", { roles: [{ roleName: "read", databaseName: "shop" }] })) as { roles: unknown };
    assert.deepEqual(updated.roles, [{ roleName: "read", databaseName: "shop" }]);

    assert.equal(await user.delete("client-app"), true);
    const gone = (await user.get("client-app")) as { errorCode: string; error: number };
    assert.deepEqual([gone.error, gone.errorCode], [404, "USERNAME_NOT_FOUND"]);
  });

  test("custom roles and the project through the same client", async () => {
    const { customDbRole, project } = client();
    const role = (await customDbRole.create({
      roleName: "clientRole",
      actions: [{ action: "INSERT", resources: [{ db: "shop", collection: "orders" }] }],
      inheritedRoles: [{ db: "admin", role: "read" }],
    })) as { roleName: string };
    assert.equal(role.roleName, "clientRole");
    const roles = (await customDbRole.getAll()) as { roleName: string }[];
    assert.ok(roles.some((r) => r.roleName === "clientRole"));
    assert.equal(((await customDbRole.get("clientRole")) as { roleName: string }).roleName, "clientRole");
    assert.equal(await customDbRole.delete("clientRole"), true);

    const p = (await project.getById(fx().projectId)) as { id: string; name: string };
    assert.deepEqual([p.id, p.name], [fx().projectId, "Project0"]);
  });

  test("wrong credentials through the client come back as Atlas's 401 body", async () => {
    const { user } = getClient({ publicKey: fx().owner.publicKey, privateKey: "wrong", baseUrl: fx().api, projectId: fx().projectId }) as unknown as LooseClient;
    const res = (await user.getAll()) as { error: number; errorCode: string };
    assert.deepEqual([res.error, res.errorCode], [401, "UNAUTHORIZED"]);
  });
}
