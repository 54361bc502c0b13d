import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Long, UUID, type Document } from "bson";
import { sessionKey } from "../../backend.js";
import { CURSOR_IDLE_MS } from "../cursors/cursor-registry.js";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

let b: ScratchBackend;
let clock = 0;
const DOCS = 1000;

beforeEach(() => {
  clock = 1_000_000;
  b = openScratchBackend({ now: () => clock });
  b.run({ insert: "c", documents: Array.from({ length: DOCS }, (_, i) => ({ _id: i, v: i % 10 })) });
});
afterEach(() => b.dispose());

function drain(firstReply: Document, owner = "owner-a", batchSize?: number): { ids: number[]; getMores: number } {
  const ids = (firstReply["cursor"].firstBatch as Document[]).map((d) => d["_id"] as number);
  let id = firstReply["cursor"].id as Long;
  let getMores = 0;
  while (!id.isZero()) {
    const reply = b.run({ getMore: id, collection: "c", ...(batchSize ? { batchSize } : {}) }, { owner });
    assert.equal(reply["ok"], 1, JSON.stringify(reply));
    ids.push(...(reply["cursor"].nextBatch as Document[]).map((d) => d["_id"] as number));
    id = reply["cursor"].id as Long;
    getMores++;
  }
  return { ids, getMores };
}

describe("cursors", () => {
  it("returns 101 documents first, then the rest through getMore", () => {
    const first = b.run({ find: "c", filter: {} });
    assert.equal(first["cursor"].firstBatch.length, 101);
    assert.ok(first["cursor"].id.greaterThan(Long.ZERO));
    const { ids, getMores } = drain(first);
    assert.deepEqual(ids, Array.from({ length: DOCS }, (_, i) => i));
    assert.equal(getMores, 1);
    assert.equal(b.backend.openCursors, 0);
  });

  it("honours batchSize on find and getMore", () => {
    const first = b.run({ find: "c", filter: { v: 3 }, batchSize: 10 });
    assert.equal(first["cursor"].firstBatch.length, 10);
    const { ids, getMores } = drain(first, "owner-a", 25);
    assert.equal(ids.length, 100);
    assert.equal(getMores, 4);
  });

  it("closes the cursor after the first batch with singleBatch, and when a limit is reached", () => {
    assert.equal(b.run({ find: "c", filter: {}, batchSize: 5, singleBatch: true })["cursor"].id.toString(), "0");
    const limited = b.run({ find: "c", filter: {}, limit: 5 });
    assert.deepEqual([limited["cursor"].firstBatch.length, limited["cursor"].id.toString()], [5, "0"]);
  });

  it("leaves every result to getMore with batchSize 0", () => {
    const first = b.run({ find: "c", filter: { _id: { $lt: 3 } }, batchSize: 0 });
    assert.deepEqual(first["cursor"].firstBatch, []);
    assert.deepEqual(drain(first).ids, [0, 1, 2]);
  });

  it("streams a scan: documents inserted before a getMore reaches them are returned", () => {
    const first = b.run({ find: "c", filter: {}, batchSize: 10 });
    b.run({ insert: "c", documents: [{ _id: "late" }] });
    const reply = b.run({ getMore: first["cursor"].id, collection: "c" });
    const batch = reply["cursor"].nextBatch as Document[];
    assert.equal(batch.length, DOCS - 10 + 1);
    assert.equal(batch[batch.length - 1]?.["_id"], "late");
  });

  it("refuses another owner's cursor with mongod's Unauthorized message", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    const reply = b.run({ getMore: id, collection: "c" }, { owner: "owner-b" });
    assert.deepEqual(reply, { ok: 0, errmsg: `cursor id ${id.toString()} was not created by the authenticated user`, code: 13, codeName: "Unauthorized" });
    const killed = b.run({ killCursors: "c", cursors: [id] }, { owner: "owner-b" });
    assert.deepEqual([killed["ok"], killed["code"]], [0, 13]);
    assert.equal(drain({ cursor: { firstBatch: [], id } }).ids.length, DOCS - 1);
  });

  it("lets a caller holding killAnyCursor kill another owner's cursor", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    const reply = b.run({ killCursors: "c", cursors: [id] }, { owner: "admin", killAnyCursor: true });
    assert.deepEqual(reply["cursorsKilled"], [id]);
  });

  it("checks the namespace before the owner, as mongod does", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    assert.match(b.run({ getMore: id, collection: "other" }, { owner: "owner-b" })["errmsg"] as string, /^Requested getMore on namespace/);
  });

  it("refuses a getMore naming another namespace", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    const reply = b.run({ getMore: id, collection: "other" });
    assert.equal(reply["errmsg"], "Requested getMore on namespace 'test.other', but cursor belongs to a different namespace test.c");
  });

  it("kills cursors and reports unknown ids", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    const unknown = Long.fromNumber(12345);
    const reply = b.run({ killCursors: "c", cursors: [id, unknown] });
    assert.deepEqual(reply, { cursorsKilled: [id], cursorsNotFound: [unknown], cursorsAlive: [], cursorsUnknown: [], ok: 1 });
    assert.deepEqual([b.run({ getMore: id, collection: "c" })["code"], b.run({ getMore: id, collection: "c" })["codeName"]], [43, "CursorNotFound"]);
  });

  it("closes cursors idle for longer than the timeout", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    clock += CURSOR_IDLE_MS + 1;
    assert.equal(b.run({ getMore: id, collection: "c" })["codeName"], "CursorNotFound");
  });

  it("closes a session's cursors on endSessions, only for the same owner", () => {
    const lsid = { id: new UUID() };
    const sessionId = sessionKey(lsid);
    const id = b.run({ find: "c", filter: {}, batchSize: 1 }, { sessionId })["cursor"].id as Long;
    assert.deepEqual(b.run({ endSessions: [lsid] }, { owner: "owner-b" }), { ok: 1 });
    assert.equal(b.run({ getMore: id, collection: "c", batchSize: 1 }, { sessionId })["ok"], 1);
    assert.deepEqual(b.run({ endSessions: [lsid] }), { ok: 1 });
    assert.equal(b.run({ getMore: id, collection: "c" }, { sessionId })["codeName"], "CursorNotFound");
  });

  it("kills a collection's cursors when it is dropped", () => {
    const id = b.run({ find: "c", filter: {}, batchSize: 1 })["cursor"].id as Long;
    b.run({ drop: "c" });
    assert.equal(b.run({ getMore: id, collection: "c" })["codeName"], "CursorNotFound");
  });

  it("splits batches that would exceed 16 MiB", () => {
    const big = "x".repeat(1024 * 1024);
    b.run({ insert: "big", documents: Array.from({ length: 20 }, (_, i) => ({ _id: i, big })) });
    const first = b.run({ find: "big", filter: {} });
    assert.ok(first["cursor"].firstBatch.length < 20);
    const rest = b.run({ getMore: first["cursor"].id, collection: "big" });
    assert.equal(first["cursor"].firstBatch.length + rest["cursor"].nextBatch.length, 20);
  });
});
