import { test } from "node:test";
import assert from "node:assert/strict";
import { readRowPage } from "./row-page.js";

const LIST = ["a", "b", "c", "d", "e"];

function source() {
  const calls = { counts: 0, reads: [] as { offset: number; limit: number }[] };
  return {
    calls,
    read: async (offset: number, limit: number) => {
      calls.reads.push({ offset, limit });
      return LIST.slice(offset, offset + limit);
    },
    count: async () => {
      calls.counts++;
      return LIST.length;
    },
  };
}

test("a counted page reads its rows and counts the list", async () => {
  const s = source();
  assert.deepEqual(await readRowPage({ offset: 2, limit: 2 }, s.read, s.count), { rows: ["c", "d"], totalCount: 5 });
  assert.equal(s.calls.counts, 1);
});

test("includeCount=false never counts; one row more tells whether a next page exists", async () => {
  const s = source();
  assert.deepEqual(await readRowPage({ offset: 2, limit: 2, includeCount: false }, s.read, s.count), { rows: ["c", "d"], hasNext: true });
  assert.deepEqual(await readRowPage({ offset: 3, limit: 2, includeCount: false }, s.read, s.count), { rows: ["d", "e"], hasNext: false });
  assert.deepEqual(await readRowPage({ offset: 5, limit: 2, includeCount: false }, s.read, s.count), { rows: [], hasNext: false });
  assert.equal(s.calls.counts, 0);
  assert.deepEqual(s.calls.reads[0], { offset: 2, limit: 3 });
});
