import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTION } from "./actions.js";
import { RULE } from "./command-privileges.js";
import { authorizeGetMore, mayKillCursor, type CursorOrigin } from "./cursor-authorization.js";
import { resolveRoles } from "./role-resolver.js";

const alice = { user: "CN=alice", db: "$external" };
const bob = { user: "CN=bob", db: "$external" };
const origin: CursorOrigin = { owner: alice, ns: "sales.orders", commandName: "find", commandRule: RULE.onCollection(ACTION.find), commandDb: "sales", command: { find: "orders", $db: "sales" } };
const reader = resolveRoles([{ roleName: "read", databaseName: "sales" }]).privileges;

function errmsg(result: ReturnType<typeof authorizeGetMore>): string | undefined {
  return result.ok ? undefined : result.reply.errmsg;
}

test("getMore by the cursor's owner who still may run its command is allowed", () => {
  assert.ok(authorizeGetMore(reader, alice, 42n, "sales.orders", origin).ok);
});

test("getMore on another namespace is refused with mongod's message", () => {
  assert.equal(errmsg(authorizeGetMore(reader, alice, 42n, "sales.other", origin)), "Requested getMore on namespace 'sales.other', but cursor belongs to a different namespace sales.orders");
});

test("getMore on another user's cursor is refused even with the same privileges", () => {
  assert.equal(errmsg(authorizeGetMore(reader, bob, 42n, "sales.orders", origin)), "cursor id 42 was not created by the authenticated user");
});

test("getMore after losing the originating privileges is refused", () => {
  const demoted = resolveRoles([{ roleName: "read", databaseName: "hr" }]).privileges;
  assert.equal(errmsg(authorizeGetMore(demoted, alice, 42n, "sales.orders", origin)), "not authorized for getMore with cursor id 42");
});

test("killCursors: own cursors, or killAnyCursor on the cluster or the namespace", () => {
  assert.ok(mayKillCursor(reader, alice, origin));
  assert.ok(!mayKillCursor(reader, bob, origin));
  const atlasAdmin = resolveRoles([{ roleName: "atlasAdmin", databaseName: "admin" }]).privileges;
  assert.ok(mayKillCursor(atlasAdmin, bob, origin), "atlasAdmin holds killAnyCursor");
});
