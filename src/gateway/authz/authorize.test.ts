import { test } from "node:test";
import assert from "node:assert/strict";
import { Int32, UUID } from "bson";
import { authorizeCommand } from "../server/command-table.js";
import type { CommandDocument } from "./command-values.js";
import { resolveRoles, type UserRole } from "./role-resolver.js";

type Expect = "allow" | "deny" | "databases" | "collections";

interface Row {
  roles: UserRole[];
  db: string;
  cmd: CommandDocument;
  expect: Expect;
  why: string;
}

const on = (roleName: string, databaseName: string, collectionName?: string): UserRole => ({ roleName, databaseName, ...(collectionName ? { collectionName } : {}) });
const READ = [on("read", "sales")];
const RW = [on("readWrite", "sales")];
const ADMIN_ROLE = (name: string) => [on(name, "admin")];

// Each row: roles, database, command, expected outcome, and the rule from mongod's docs it exercises.
const ROWS: Row[] = [
  // read@sales
  { roles: READ, db: "sales", cmd: { find: "orders" }, expect: "allow", why: "read grants find on every normal collection of its database" },
  { roles: READ, db: "sales", cmd: { insert: "orders", documents: [{}] }, expect: "deny", why: "read has no insert" },
  { roles: READ, db: "hr", cmd: { find: "staff" }, expect: "deny", why: "read@sales says nothing about hr" },
  { roles: READ, db: "sales", cmd: { find: "system.js" }, expect: "allow", why: "read also grants its actions on <db>.system.js" },
  { roles: READ, db: "sales", cmd: { find: "system.profile" }, expect: "deny", why: "database grants do not reach system collections" },
  { roles: READ, db: "sales", cmd: { count: "orders" }, expect: "allow", why: "count needs find" },
  { roles: READ, db: "sales", cmd: { distinct: "orders", key: "sku" }, expect: "allow", why: "distinct needs find" },
  { roles: READ, db: "sales", cmd: { listCollections: 1 }, expect: "allow", why: "read has listCollections on the database" },
  { roles: READ, db: "sales", cmd: { listIndexes: "orders" }, expect: "allow", why: "read has listIndexes" },
  { roles: READ, db: "sales", cmd: { dbStats: 1 }, expect: "allow", why: "read has dbStats" },
  { roles: READ, db: "sales", cmd: { collStats: "orders" }, expect: "allow", why: "read has collStats" },
  { roles: READ, db: "sales", cmd: { drop: "orders" }, expect: "deny", why: "read has no dropCollection" },
  { roles: READ, db: "sales", cmd: { createIndexes: "orders", indexes: [] }, expect: "deny", why: "read has no createIndex" },
  { roles: READ, db: "sales", cmd: { update: "orders", updates: [] }, expect: "deny", why: "read has no update" },
  { roles: READ, db: "sales", cmd: { explain: { find: "orders" } }, expect: "allow", why: "explain needs the inner command's privileges" },
  { roles: READ, db: "sales", cmd: { explain: { update: "orders", updates: [] } }, expect: "deny", why: "explaining an update needs update" },
  { roles: READ, db: "sales", cmd: { explain: { drop: "orders" } }, expect: "deny", why: "drop is not explainable" },
  { roles: READ, db: "admin", cmd: { listDatabases: 1, nameOnly: true }, expect: "databases", why: "without listDatabases the list is filtered to authorized databases" },
  { roles: READ, db: "admin", cmd: { listDatabases: 1, authorizedDatabases: false }, expect: "deny", why: "authorizedDatabases: false needs listDatabases" },
  { roles: READ, db: "admin", cmd: { serverStatus: 1 }, expect: "deny", why: "serverStatus needs serverStatus on the cluster" },
  { roles: READ, db: "admin", cmd: { getParameter: 1, featureCompatibilityVersion: 1 }, expect: "deny", why: "getParameter needs the cluster action" },
  { roles: READ, db: "sales", cmd: { dropDatabase: 1 }, expect: "deny", why: "read has no dropDatabase" },
  { roles: READ, db: "sales", cmd: { find: new UUID() }, expect: "deny", why: "find by UUID is refused (needs useUUID and a resolvable namespace)" },
  // readWrite@sales
  { roles: RW, db: "sales", cmd: { insert: "orders", documents: [{}] }, expect: "allow", why: "readWrite has insert" },
  { roles: RW, db: "sales", cmd: { update: "orders", updates: [{ q: {}, u: {}, upsert: true }] }, expect: "allow", why: "upsert needs insert too, which readWrite has" },
  { roles: RW, db: "sales", cmd: { delete: "orders", deletes: [] }, expect: "allow", why: "readWrite has remove" },
  { roles: RW, db: "sales", cmd: { findAndModify: "orders", remove: true }, expect: "allow", why: "find + remove" },
  { roles: RW, db: "sales", cmd: { findAndModify: "orders", update: {}, upsert: true }, expect: "allow", why: "find + update + insert" },
  { roles: RW, db: "sales", cmd: { drop: "orders" }, expect: "allow", why: "readWrite has dropCollection" },
  { roles: RW, db: "sales", cmd: { createIndexes: "orders", indexes: [] }, expect: "allow", why: "readWrite has createIndex" },
  { roles: RW, db: "sales", cmd: { dropIndexes: "orders", index: "*" }, expect: "allow", why: "readWrite has dropIndex" },
  { roles: RW, db: "sales", cmd: { create: "archive", capped: true, size: 1024 }, expect: "allow", why: "capped create needs convertToCapped, in readWrite" },
  { roles: RW, db: "sales", cmd: { dropDatabase: 1 }, expect: "deny", why: "readWrite has no dropDatabase" },
  { roles: RW, db: "sales", cmd: { insert: "orders", documents: [], bypassDocumentValidation: true }, expect: "deny", why: "bypassDocumentValidation needs its own action" },
  { roles: RW, db: "admin", cmd: { renameCollection: "sales.a", to: "sales.b" }, expect: "allow", why: "same-db rename with renameCollectionSameDB and read on both" },
  { roles: RW, db: "admin", cmd: { renameCollection: "sales.a", to: "hr.b" }, expect: "deny", why: "cross-db rename needs insert+createIndex on the target" },
  { roles: RW, db: "sales", cmd: { renameCollection: "sales.a", to: "sales.b" }, expect: "deny", why: "renameCollection is admin-only" },
  { roles: RW, db: "sales", cmd: { createUser: "x", pwd: "y", roles: [] }, expect: "deny", why: "user management is not served through the data plane" },
  // Views: createCollection is required, and the pipeline is checked only if the user can read the view.
  { roles: RW, db: "sales", cmd: { create: "v", viewOn: "orders", pipeline: [{ $lookup: { from: "customers", as: "c", localField: "a", foreignField: "b" } }] }, expect: "allow", why: "readWrite reads orders and customers" },
  { roles: RW, db: "sales", cmd: { create: "v", viewOn: "orders", pipeline: [{ $lookup: { from: "hr.staff", as: "c", localField: "a", foreignField: "b" } }] }, expect: "allow", why: "a $lookup 'from' is a collection name, so hr.staff is sales['hr.staff']" },
  { roles: [on("readWrite", "sales"), on("read", "hr")], db: "sales", cmd: { create: "v", viewOn: "orders", pipeline: [{ $out: { db: "hr", coll: "x" } }] }, expect: "deny", why: "the view's pipeline needs write privileges for $out" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { create: "v", viewOn: "orders", pipeline: [{ $out: { db: "hr", coll: "x" } }] }, expect: "allow", why: "a user who cannot read the view is not checked for its pipeline" },
  { roles: [{ roleName: "readWrite", databaseName: "sales", collectionName: "v" }], db: "sales", cmd: { create: "v", viewOn: "orders", pipeline: [] }, expect: "deny", why: "collection readWrite can read v but not its source orders" },
  { roles: [on("read", "sales")], db: "sales", cmd: { create: "c" }, expect: "deny", why: "create needs createCollection or insert" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { collMod: "v", viewOn: "orders", pipeline: [] }, expect: "allow", why: "collMod on a view the user cannot read" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { collMod: "orders", _removeLegacyTimeseriesBucketingParametersHaveChanged: true }, expect: "deny", why: "internal-only collMod parameter" },
  // dbAdmin, dbOwner, userAdmin
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { find: "orders" }, expect: "deny", why: "dbAdmin cannot read data" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { find: "system.profile" }, expect: "allow", why: "dbAdmin reads system.profile" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { dropDatabase: 1 }, expect: "allow", why: "dbAdmin has dropDatabase" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { collMod: "orders", validator: {} }, expect: "allow", why: "dbAdmin has collMod" },
  { roles: [on("dbAdmin", "sales")], db: "sales", cmd: { validate: "orders" }, expect: "allow", why: "dbAdmin has validate" },
  { roles: [on("dbOwner", "sales")], db: "sales", cmd: { insert: "orders", documents: [], bypassDocumentValidation: true }, expect: "allow", why: "dbOwner = readWrite (insert) + dbAdmin (bypass)" },
  { roles: [on("userAdmin", "sales")], db: "sales", cmd: { find: "orders" }, expect: "deny", why: "userAdmin cannot read data" },
  // AnyDatabase roles
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "hr", cmd: { find: "staff" }, expect: "allow", why: "anyNormal find" },
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "local", cmd: { find: "oplog.rs" }, expect: "deny", why: "AnyDatabase roles exclude local" },
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "config", cmd: { find: "settings" }, expect: "deny", why: "AnyDatabase roles exclude config" },
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "hr", cmd: { find: "system.js" }, expect: "allow", why: "*.system.js is granted by collection name" },
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "admin", cmd: { listDatabases: 1 }, expect: "allow", why: "listDatabases on the cluster lists all" },
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "admin", cmd: { listDatabases: 1, authorizedDatabases: true }, expect: "databases", why: "authorizedDatabases: true always filters" },
  { roles: ADMIN_ROLE("readAnyDatabase"), db: "hr", cmd: { insert: "staff", documents: [] }, expect: "deny", why: "read only" },
  { roles: ADMIN_ROLE("readWriteAnyDatabase"), db: "hr", cmd: { insert: "staff", documents: [] }, expect: "allow", why: "anyNormal insert" },
  { roles: ADMIN_ROLE("readWriteAnyDatabase"), db: "config", cmd: { insert: "x", documents: [] }, expect: "deny", why: "config is not normal" },
  { roles: ADMIN_ROLE("readWriteAnyDatabase"), db: "hr", cmd: { dropDatabase: 1 }, expect: "deny", why: "readWriteAnyDatabase has no dropDatabase" },
  { roles: ADMIN_ROLE("dbAdminAnyDatabase"), db: "hr", cmd: { dropDatabase: 1 }, expect: "allow", why: "anyNormal dropDatabase" },
  // clusterMonitor, backup, restore, clusterManager, enableSharding
  { roles: ADMIN_ROLE("clusterMonitor"), db: "admin", cmd: { serverStatus: 1 }, expect: "allow", why: "serverStatus on the cluster" },
  { roles: ADMIN_ROLE("clusterMonitor"), db: "admin", cmd: { getLog: "startupWarnings" }, expect: "allow", why: "getLog on the cluster" },
  { roles: ADMIN_ROLE("clusterMonitor"), db: "admin", cmd: { currentOp: 1 }, expect: "allow", why: "inprog" },
  { roles: ADMIN_ROLE("clusterMonitor"), db: "config", cmd: { find: "settings" }, expect: "allow", why: "inherits read@config" },
  { roles: ADMIN_ROLE("clusterMonitor"), db: "local", cmd: { find: "oplog.rs" }, expect: "allow", why: "inherits read@local" },
  { roles: ADMIN_ROLE("clusterMonitor"), db: "sales", cmd: { find: "orders" }, expect: "deny", why: "no find on user data" },
  { roles: ADMIN_ROLE("clusterMonitor"), db: "sales", cmd: { dbStats: 1 }, expect: "allow", why: "anyNormal dbStats" },
  { roles: ADMIN_ROLE("backup"), db: "sales", cmd: { find: "orders" }, expect: "allow", why: "__queryableBackup: anyNormal find" },
  { roles: ADMIN_ROLE("backup"), db: "config", cmd: { insert: "settings", documents: [] }, expect: "allow", why: "backup may write config.settings" },
  { roles: ADMIN_ROLE("backup"), db: "sales", cmd: { insert: "orders", documents: [] }, expect: "deny", why: "backup does not write user data" },
  { roles: ADMIN_ROLE("restore"), db: "sales", cmd: { insert: "orders", documents: [] }, expect: "allow", why: "restore inserts anywhere normal" },
  { roles: ADMIN_ROLE("restore"), db: "sales", cmd: { find: "orders" }, expect: "deny", why: "restore cannot read user data" },
  { roles: ADMIN_ROLE("restore"), db: "local", cmd: { listCollections: 1 }, expect: "allow", why: "restore has listCollections on anyResource" },
  { roles: ADMIN_ROLE("clusterManager"), db: "config", cmd: { insert: "x", documents: [] }, expect: "allow", why: "clusterManager writes config" },
  { roles: ADMIN_ROLE("enableSharding"), db: "sales", cmd: { find: "orders" }, expect: "deny", why: "enableSharding grants sharding actions only" },
  // atlasAdmin
  { roles: ADMIN_ROLE("atlasAdmin"), db: "sales", cmd: { insert: "orders", documents: [] }, expect: "allow", why: "inherits readWriteAnyDatabase" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "sales", cmd: { dropDatabase: 1 }, expect: "allow", why: "inherits dbAdminAnyDatabase" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "admin", cmd: { serverStatus: 1 }, expect: "allow", why: "inherits clusterMonitor" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "config", cmd: { update: "settings", updates: [] }, expect: "allow", why: "atlasAdmin may update config.settings" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "config", cmd: { delete: "settings", deletes: [] }, expect: "deny", why: "no remove on config.settings" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "admin", cmd: { killOp: 1, op: 5 }, expect: "deny", why: "killop is Atlas's separate killOpSession role" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "admin", cmd: { rotateCertificates: 1 }, expect: "deny", why: "no hostManager actions" },
  { roles: ADMIN_ROLE("atlasAdmin"), db: "admin", cmd: { shutdown: 1 }, expect: "deny", why: "commands outside the table are refused" },
  // Atlas collection-scoped roles
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { find: "orders" }, expect: "allow", why: "collection read has find" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { find: "customers" }, expect: "deny", why: "only that collection" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { collStats: "orders" }, expect: "allow", why: "collection read has collStats" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { listIndexes: "orders" }, expect: "allow", why: "collection read has listIndexes" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { listCollections: 1 }, expect: "deny", why: "no listCollections in Atlas's collection read" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { listCollections: 1, nameOnly: true, authorizedCollections: true }, expect: "collections", why: "authorizedCollections + nameOnly with any privilege in the db" },
  { roles: [on("read", "sales", "orders")], db: "hr", cmd: { listCollections: 1, nameOnly: true, authorizedCollections: true }, expect: "deny", why: "no privilege at all in hr" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { dbStats: 1 }, expect: "deny", why: "no dbStats in Atlas's collection read" },
  { roles: [on("read", "sales", "orders")], db: "sales", cmd: { aggregate: "orders", pipeline: [{ $changeStream: {} }], cursor: {} }, expect: "deny", why: "no changeStream in Atlas's collection read" },
  { roles: [on("read", "sales", "orders")], db: "admin", cmd: { listDatabases: 1, nameOnly: true }, expect: "databases", why: "filtered to sales" },
  { roles: [on("readWrite", "sales", "orders")], db: "sales", cmd: { update: "orders", updates: [{ q: {}, u: {}, upsert: true }] }, expect: "allow", why: "collection readWrite has update+insert" },
  { roles: [on("readWrite", "sales", "orders")], db: "sales", cmd: { drop: "orders" }, expect: "allow", why: "collection readWrite has dropCollection" },
  { roles: [on("readWrite", "sales", "orders")], db: "sales", cmd: { insert: "other", documents: [] }, expect: "deny", why: "only that collection" },
  { roles: [on("readWrite", "sales", "orders")], db: "admin", cmd: { renameCollection: "sales.orders", to: "sales.b" }, expect: "deny", why: "no renameCollectionSameDB in Atlas's collection readWrite" },
  // Authentication-only commands for a user without roles.
  { roles: [], db: "admin", cmd: { endSessions: [] }, expect: "allow", why: "endSessions needs only authentication" },
  { roles: [], db: "sales", cmd: { getMore: new Int32(1), collection: "orders" }, expect: "allow", why: "cursor ownership is checked by the cursor registry" },
  { roles: [], db: "sales", cmd: { find: "orders" }, expect: "deny", why: "no roles, no data" },
];

const OUTCOME: Record<Expect, (r: ReturnType<typeof authorizeCommand>) => boolean> = {
  allow: (r) => r.ok && r.filter === undefined,
  deny: (r) => !r.ok,
  databases: (r) => r.ok && r.filter === "databases",
  collections: (r) => r.ok && r.filter === "collections",
};

for (const row of ROWS) {
  const label = row.roles.map((r) => `${r.roleName}@${r.databaseName}${r.collectionName ? "." + r.collectionName : ""}`).join("+") || "no roles";
  const name = Object.keys(row.cmd)[0];
  test(`${label}: ${name} on ${row.db} -> ${row.expect} (${row.why})`, () => {
    const { privileges } = resolveRoles(row.roles);
    const result = authorizeCommand(privileges, name, row.db, { ...row.cmd, $db: row.db });
    assert.ok(OUTCOME[row.expect](result), JSON.stringify(result));
  });
}

test("a refused command gets mongod's Unauthorized reply with the body printed as mongod prints BSON", () => {
  const { privileges } = resolveRoles(READ);
  const body = { find: "orders", filter: { status: "A" }, lsid: { id: new UUID("2b1e0c4e-8f2a-4d7e-9a51-0f7e3c0c2b11") }, $db: "hr" };
  const result = authorizeCommand(privileges, "find", "hr", body);
  assert.ok(!result.ok);
  assert.deepEqual(Object.keys(result.reply), ["ok", "errmsg", "code", "codeName"]);
  assert.equal(result.reply.ok, 0);
  assert.equal(result.reply.code, 13);
  assert.equal(result.reply.codeName, "Unauthorized");
  assert.equal(result.reply.errmsg, 'not authorized on hr to execute command { find: "orders", filter: { status: "A" }, lsid: { id: UUID("2b1e0c4e-8f2a-4d7e-9a51-0f7e3c0c2b11") }, $db: "hr" }');
});

test("the message prints the body as received, without spliced document sequences", () => {
  const { privileges } = resolveRoles(READ);
  const received = { insert: "orders", ordered: true, $db: "sales" };
  const result = authorizeCommand(privileges, "insert", "sales", { ...received, documents: [{ a: 1 }] }, received);
  assert.ok(!result.ok);
  assert.equal(result.reply.errmsg, 'not authorized on sales to execute command { insert: "orders", ordered: true, $db: "sales" }');
});

test("before authentication only exempt commands run; the rest require authentication", () => {
  for (const name of ["hello", "isMaster", "ismaster", "ping", "buildInfo", "connectionStatus", "authenticate", "saslStart", "listCommands", "logout"]) {
    assert.ok(authorizeCommand(null, name, "admin", { [name]: 1 }).ok, name);
  }
  for (const name of ["find", "endSessions", "listDatabases", "whatsmyuri", "frobnicate"]) {
    const result = authorizeCommand(null, name, "admin", { [name]: 1 });
    assert.ok(!result.ok && result.reply.errmsg === `Command ${name} requires authentication`, name);
  }
});

test("admin-only commands elsewhere are refused first, even before authentication", () => {
  const result = authorizeCommand(null, "listDatabases", "sales", { listDatabases: 1 });
  assert.ok(!result.ok);
  assert.equal(result.reply.errmsg, "listDatabases may only be run against the admin database.");
  assert.equal(result.reply.code, 13);
});

test("commitTransaction and abortTransaction need only authentication, on admin alone", () => {
  const { privileges } = resolveRoles(RW);
  for (const name of ["commitTransaction", "abortTransaction"]) {
    assert.ok(authorizeCommand(privileges, name, "admin", { [name]: 1 }).ok, name);
    const elsewhere = authorizeCommand(privileges, name, "sales", { [name]: 1 });
    assert.ok(!elsewhere.ok);
    assert.equal(elsewhere.reply.errmsg, `${name} may only be run against the admin database.`);
    const anonymous = authorizeCommand(null, name, "admin", { [name]: 1 });
    assert.ok(!anonymous.ok && anonymous.reply.errmsg === `Command ${name} requires authentication`);
  }
});

test("a refused createUser prints its password as mongod does: xxx", () => {
  const { privileges } = resolveRoles(RW);
  const result = authorizeCommand(privileges, "createUser", "sales", { createUser: "eve", pwd: "s3cret", roles: [], $db: "sales" });
  assert.ok(!result.ok);
  assert.equal(result.reply.errmsg, 'not authorized on sales to execute command { createUser: "eve", pwd: "xxx", roles: [], $db: "sales" }');
});

test("collMod with viewOn but no pipeline is InvalidOptions, as mongod answers with auth enabled", () => {
  const { privileges } = resolveRoles([on("dbAdmin", "sales")]);
  const result = authorizeCommand(privileges, "collMod", "sales", { collMod: "v", viewOn: "orders", $db: "sales" });
  assert.ok(!result.ok);
  assert.equal(result.reply.code, 72);
  assert.equal(result.reply.codeName, "InvalidOptions");
  assert.equal(result.reply.errmsg, "Must specify both 'viewOn' and 'pipeline' when modifying a view and auth is enabled");
});
