import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { UUID, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
});
afterEach(() => b.dispose());

const admin = { db: "admin" };
const names = (reply: Document): string[] => (reply["cursor"].firstBatch as Document[]).map((d) => d["name"] as string);

describe("collections", () => {
  it("creates a collection once; a second create is NamespaceExists", () => {
    assert.deepEqual(b.run({ create: "c" }), { ok: 1 });
    assert.deepEqual(b.run({ create: "c" }), { ok: 0, errmsg: "Collection test.c already exists.", code: 48, codeName: "NamespaceExists" });
  });

  it("refuses collection kinds it doesn't implement", () => {
    assert.equal(b.run({ create: "capped", capped: true, size: 4096 })["codeName"], "CommandNotSupported");
    assert.equal(b.run({ create: "view", viewOn: "c", pipeline: [] })["codeName"], "CommandNotSupported");
  });

  it("lists collections with mongod's entry shape, nameOnly and a filter", () => {
    b.run({ create: "a", validationLevel: "off" });
    b.run({ insert: "b", documents: [{}] });
    const [entry] = b.run({ listCollections: 1, filter: { name: "a" }, cursor: {} })["cursor"].firstBatch as Document[];
    assert.deepEqual(Object.keys(entry ?? {}), ["name", "type", "options", "info", "idIndex"]);
    assert.deepEqual(entry?.["options"], { validationLevel: "off" });
    assert.ok(entry?.["info"].uuid instanceof UUID);
    assert.deepEqual(entry?.["idIndex"], { v: 2, key: { _id: 1 }, name: "_id_" });
    assert.deepEqual(b.run({ listCollections: 1, nameOnly: true, cursor: {} })["cursor"].firstBatch, [
      { name: "a", type: "collection" },
      { name: "b", type: "collection" },
    ]);
    assert.equal(b.run({ listCollections: 1, cursor: {} })["cursor"].ns, "test.$cmd.listCollections");
  });

  it("drops a collection with its documents and indexes; dropping a missing one succeeds", () => {
    b.run({ insert: "c", documents: [{ a: 1 }] });
    b.run({ createIndexes: "c", indexes: [{ key: { a: 1 }, name: "a_1" }] });
    assert.deepEqual(b.run({ drop: "c" }), { nIndexesWas: 2, ns: "test.c", ok: 1 });
    assert.deepEqual(names(b.run({ listCollections: 1, cursor: {} })), []);
    assert.deepEqual(b.run({ drop: "c" }), { ok: 1 });
    b.run({ insert: "c", documents: [{ a: 1 }] });
    assert.equal(b.run({ listIndexes: "c", cursor: {} })["cursor"].firstBatch.length, 1);
  });

  it("renames within a database, moving documents and indexes", () => {
    b.run({ insert: "old", documents: [{ _id: 1 }] });
    b.run({ createIndexes: "old", indexes: [{ key: { a: 1 }, name: "a_1", unique: true }] });
    assert.deepEqual(b.run({ renameCollection: "test.old", to: "test.new" }, admin), { ok: 1 });
    assert.deepEqual(names(b.run({ listCollections: 1, cursor: {} })), ["new"]);
    assert.equal(b.run({ count: "new" })["n"], 1);
    assert.equal(b.run({ listIndexes: "new", cursor: {} })["cursor"].firstBatch.length, 2);
  });

  it("refuses renames mongod refuses", () => {
    b.run({ insert: "a", documents: [{}] });
    b.run({ insert: "b", documents: [{}] });
    assert.equal(b.run({ renameCollection: "test.a", to: "test.b" })["errmsg"], "renameCollection may only be run against the admin database.");
    assert.equal(b.run({ renameCollection: "test.a", to: "test.b" }, admin)["codeName"], "NamespaceExists");
    assert.equal(b.run({ renameCollection: "test.zz", to: "test.y" }, admin)["errmsg"], "Source collection test.zz does not exist");
    assert.equal(b.run({ renameCollection: "test.a", to: "other.a" }, admin)["codeName"], "IllegalOperation");
    assert.deepEqual(b.run({ renameCollection: "test.a", to: "test.b", dropTarget: true }, admin), { ok: 1 });
    assert.deepEqual(names(b.run({ listCollections: 1, cursor: {} })), ["b"]);
  });
});

describe("databases", () => {
  beforeEach(() => {
    b.run({ insert: "c", documents: [{ x: "a".repeat(100) }] }, { db: "alpha" });
    b.run({ create: "empty" }, { db: "beta" });
  });

  it("lists databases with sizes, empty flags and totals", () => {
    const reply = b.run({ listDatabases: 1 }, admin);
    const dbs = reply["databases"] as Document[];
    assert.deepEqual(dbs.map((d) => [d["name"], d["empty"]]), [["alpha", false], ["beta", true]]);
    assert.ok((dbs[0]?.["sizeOnDisk"] as number) > 100);
    assert.equal(reply["totalSize"], dbs.reduce((s, d) => s + (d["sizeOnDisk"] as number), 0));
    assert.equal(reply["totalSizeMb"], 0);
  });

  it("answers nameOnly and filters", () => {
    assert.deepEqual(b.run({ listDatabases: 1, nameOnly: true }, admin), { databases: [{ name: "alpha" }, { name: "beta" }], ok: 1 });
    assert.deepEqual((b.run({ listDatabases: 1, filter: { empty: false } }, admin)["databases"] as Document[]).map((d) => d["name"]), ["alpha"]);
  });

  it("only runs listDatabases on admin", () => {
    assert.equal(b.run({ listDatabases: 1 })["code"], 13);
  });

  it("drops a database and everything in it", () => {
    assert.deepEqual(b.run({ dropDatabase: 1 }, { db: "alpha" }), { dropped: "alpha", ok: 1 });
    assert.deepEqual(b.run({ listDatabases: 1, nameOnly: true }, admin)["databases"], [{ name: "beta" }]);
    assert.deepEqual(b.run({ dropDatabase: 1 }, { db: "never" }), { ok: 1 });
  });

  it("reports dbStats and collStats", () => {
    const db = b.run({ dbStats: 1 }, { db: "alpha" });
    assert.deepEqual([db["db"], db["collections"], db["objects"], db["indexes"], db["ok"]], ["alpha", 1, 1, 1, 1]);
    assert.ok((db["dataSize"] as number) > 100);
    const coll = b.run({ collStats: "c" }, { db: "alpha" });
    assert.deepEqual([coll["ns"], coll["count"], coll["nindexes"], coll["size"]], ["alpha.c", 1, 1, db["dataSize"]]);
    assert.equal(b.run({ collStats: "nope" }, { db: "alpha" })["codeName"], "NamespaceNotFound");
  });
});

describe("dispatch", () => {
  it("answers CommandNotFound for commands the backend doesn't run", () => {
    assert.deepEqual(b.run({ frobnicate: 1 }), { ok: 0, errmsg: "frobnicate is not supported by the embedded backend", code: 115, codeName: "CommandNotSupported" });
  });

  it("answers ok for endSessions of unknown sessions", () => {
    assert.deepEqual(b.run({ endSessions: [{ id: new UUID() }] }, admin), { ok: 1 });
  });

  it("rejects commands after close", async () => {
    await b.backend.close();
    await assert.rejects(b.backend.runCommand({ command: { find: "c" }, context: { db: "test", connectionId: 1, owner: "x" } }), /closed/);
  });
});
