/**
 * Embedded backend benchmark: operations per second with the backend called directly (no wire,
 * no TLS), the baseline the gateway benchmark compares through-the-gateway figures with.
 * - insert: one document per `insert` command, each its own durable (synchronous=FULL) commit;
 * - insert batch: `insert` commands of 1,000 documents, reported as documents per second;
 * - find by _id: `find` with `{_id: <random existing>}` on a collection of N documents;
 * - find by indexed field and a full scan, for scale.
 * Each figure is the median of 3 rounds.
 *
 * Run: `node dist/bench/embedded-backend.js` (after `npx tsc -p .`). `BENCH_EMBEDDED_SCALE` multiplies
 * the operation counts (default 1).
 */
import { cpus } from "node:os";
import { ObjectId } from "bson";
import { openScratchBackend } from "../test/support/scratch-backend.js";

const scale = Number(process.env["BENCH_EMBEDDED_SCALE"] ?? "1");
const COLLECTION_SIZE = Math.max(1000, Math.round(100_000 * scale));
const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs `op` `count` times per round and returns the median operations per second. */
function opsPerSecond(count: number, op: (i: number) => void): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) op(i);
    rates.push(count / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return median(rates);
}

function check(reply: Record<string, unknown>): void {
  if (reply["ok"] !== 1 || reply["writeErrors"]) throw new Error(`benchmark command failed: ${JSON.stringify(reply)}`);
}

const scratch = openScratchBackend();
try {
  const ids: ObjectId[] = [];
  let serial = 0;
  const doc = () => {
    const _id = new ObjectId();
    ids.push(_id);
    serial++;
    return { _id, serial, name: `user-${serial}`, email: `user-${serial}@example.com`, tags: ["a", "b"], score: serial % 1000 };
  };

  const singleInsert = opsPerSecond(Math.max(200, Math.round(2000 * scale)), () => check(scratch.run({ insert: "users", documents: [doc()] })));
  const batchDocs = opsPerSecond(Math.max(5, Math.round(20 * scale)), () => {
    check(scratch.run({ insert: "users", documents: Array.from({ length: 1000 }, doc) }));
  }) * 1000;
  while (serial < COLLECTION_SIZE) check(scratch.run({ insert: "users", documents: Array.from({ length: 1000 }, doc) }));
  check(scratch.run({ createIndexes: "users", indexes: [{ key: { email: 1 }, name: "email_1", unique: true }] }));

  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const findById = opsPerSecond(Math.max(2000, Math.round(20_000 * scale)), () => {
    const reply = scratch.run({ find: "users", filter: { _id: ids[random(ids.length)] }, limit: 1, singleBatch: true });
    if ((reply["cursor"] as { firstBatch: unknown[] }).firstBatch.length !== 1) throw new Error("find by _id missed");
  });
  const findByIndex = opsPerSecond(Math.max(2000, Math.round(20_000 * scale)), () => {
    const n = random(serial) + 1;
    const reply = scratch.run({ find: "users", filter: { email: `user-${n}@example.com` }, limit: 1, singleBatch: true });
    if ((reply["cursor"] as { firstBatch: unknown[] }).firstBatch.length !== 1) throw new Error("find by email missed");
  });
  const scanStart = process.hrtime.bigint();
  const scanned = scratch.run({ count: "users", query: { score: 999 } });
  const scanMs = Number(process.hrtime.bigint() - scanStart) / 1e6;

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(`Embedded backend, ${serial.toLocaleString("en-US")} documents, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
  console.log("| operation | ops/s |");
  console.log("| --- | ---: |");
  console.log(`| insert, 1 document per command (durable commit each) | ${fmt(singleInsert)} |`);
  console.log(`| insert, 1,000 documents per command (documents/s) | ${fmt(batchDocs)} |`);
  console.log(`| find by _id (primary key) | ${fmt(findById)} |`);
  console.log(`| find by unique secondary index (email) | ${fmt(findByIndex)} |`);
  console.log(`| count with an unindexed filter: full scan of ${serial.toLocaleString("en-US")} documents | ${scanMs.toFixed(0)} ms (${fmt(serial / (scanMs / 1000))} documents/s, n=${String(scanned["n"])}) |`);
} finally {
  await scratch.dispose();
}
