import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Double, Int32, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
  b.run({ insert: "items", documents: [{ _id: 1, kind: "a" }, { _id: 2, kind: "b" }, { _id: 3, kind: "a" }] });
});
afterEach(() => b.dispose());

const firstBatch = (reply: Document): Document[] => reply.cursor.firstBatch as Document[];

describe("aggregate sources", () => {
  it("$collStats reports count and storageStats, and the rest of the pipeline runs over them (Go's EstimatedDocumentCount)", () => {
    const counted = b.run({ aggregate: "items", pipeline: [{ $collStats: { count: {} } }, { $group: { _id: 1, n: { $sum: "$count" } } }], cursor: {} });
    assert.deepEqual(firstBatch(counted), [{ _id: 1, n: 3 }]);
    const [stats] = firstBatch(b.run({ aggregate: "items", pipeline: [{ $collStats: { storageStats: {} } }], cursor: {} }));
    assert.equal(stats?.ns, "test.items");
    assert.equal(stats?.storageStats.count, 3);
    assert.ok(stats?.storageStats.size > 0 && stats.storageStats.totalSize >= stats.storageStats.size);
  });

  it("$collStats on a missing collection is NamespaceNotFound, and latencyStats is refused by name", () => {
    const missing = b.run({ aggregate: "nope", pipeline: [{ $collStats: { count: {} } }], cursor: {} });
    assert.equal(missing.code, 26);
    assert.match(missing.errmsg as string, /^Unable to retrieve count in \$collStats stage/);
    const latency = b.run({ aggregate: "items", pipeline: [{ $collStats: { latencyStats: {} } }], cursor: {} });
    assert.equal(latency.codeName, "CommandNotSupported");
    assert.match(latency.errmsg as string, /latencyStats/);
  });

  it("aggregate: 1 is accepted as Int32 and Double, as drivers send it", () => {
    for (const one of [new Int32(1), new Double(1), 1]) {
      const reply = b.run({ aggregate: one, pipeline: [{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }], cursor: {} });
      assert.deepEqual(firstBatch(reply), [{ x: 2 }], String(one));
    }
  });

  it("$currentOp on admin reports the asking command; search stages are SearchNotEnabled (31082)", () => {
    const [op] = firstBatch(b.run({ aggregate: new Int32(1), pipeline: [{ $currentOp: {} }], cursor: {} }, { db: "admin", owner: "$external\u0000CN=me", connectionId: 7 }));
    assert.equal(op?.connectionId, 7);
    assert.deepEqual(op?.effectiveUsers, [{ user: "CN=me", db: "$external" }]);
    const search = b.run({ aggregate: "items", pipeline: [{ $listSearchIndexes: {} }], cursor: {} });
    assert.deepEqual([search.code, search.codeName], [31082, "SearchNotEnabled"]);
    assert.equal(b.run({ createSearchIndexes: "items", indexes: [] }).code, 31082);
  });
});

describe("explain", () => {
  it("reports the access path really taken: IDHACK, IXSCAN on a single-field index, COLLSCAN", () => {
    b.run({ createIndexes: "items", indexes: [{ key: { kind: 1 }, name: "kind_1" }] });
    const plan = (filter: Document) => b.run({ explain: { find: "items", filter }, verbosity: "queryPlanner" }).queryPlanner.winningPlan as Document;
    assert.equal(plan({ _id: 1 }).stage, "IDHACK");
    assert.deepEqual([plan({ kind: "a" }).stage, plan({ kind: "a" }).inputStage.indexName], ["FETCH", "kind_1"]);
    assert.equal(plan({ other: 1 }).stage, "COLLSCAN");
  });

  it("executionStats counts what the read returned and examined; aggregate explain: true describes its stages", () => {
    const stats = b.run({ explain: { count: "items", query: { kind: "a" } }, verbosity: "executionStats" }).executionStats as Document;
    assert.deepEqual([stats.nReturned, stats.totalDocsExamined], [2, 3]);
    const explained = b.run({ aggregate: "items", pipeline: [{ $match: { kind: "a" } }, { $group: { _id: "$kind" } }], explain: true });
    assert.equal(explained.ok, 1);
    assert.deepEqual((explained.stages as Document[])[1], { $group: { _id: "$kind" } });
  });
});

describe("collection administration", () => {
  it("collMod sets a validator that later writes obey; other options are refused by name", () => {
    assert.deepEqual(b.run({ collMod: "items", validator: { kind: { $type: "string" } } }), { ok: 1 });
    assert.equal(b.run({ insert: "items", documents: [{ _id: 4, kind: 5 }] }).writeErrors[0].code, 121);
    const refused = b.run({ collMod: "items", index: { name: "kind_1", hidden: true } });
    assert.equal(refused.codeName, "CommandNotSupported");
    assert.match(refused.errmsg as string, /'index'/);
  });

  it("validate compares index entries with the documents; dataSize takes a full namespace", () => {
    b.run({ createIndexes: "items", indexes: [{ key: { kind: 1 }, name: "kind_1" }] });
    const report = b.run({ validate: "items" });
    assert.deepEqual([report.valid, report.nrecords, report.keysPerIndex], [true, 3, { _id_: 3, kind_1: 3 }]);
    const size = b.run({ dataSize: "test.items" });
    assert.deepEqual([size.numObjects, size.size > 0], [3, true]);
  });

  it("validate reports an index named __proto__ as a field like any other", () => {
    b.run({ createIndexes: "items", indexes: [{ key: { kind: 1 }, name: "__proto__" }] });
    const report = b.run({ validate: "items" });
    assert.equal(Object.hasOwn(report.keysPerIndex as object, "__proto__"), true);
    assert.equal((report.keysPerIndex as Document)["__proto__"], 3);
    assert.equal(Object.hasOwn(report.indexDetails as object, "__proto__"), true);
    assert.equal(Object.getPrototypeOf(report.indexDetails), Object.prototype);
  });

  it("serverStatus, hostInfo and currentOp describe this process", () => {
    const status = b.run({ serverStatus: 1 }, { db: "admin" });
    assert.equal(status.pid, process.pid);
    assert.equal(b.run({ hostInfo: 1 }, { db: "admin" }).system.numCores > 0, true);
    assert.equal((b.run({ currentOp: 1 }, { db: "admin" }).inprog as Document[]).length, 1);
    assert.equal(b.run({ top: 1 }, { db: "admin" }).code, 115);
  });
});
