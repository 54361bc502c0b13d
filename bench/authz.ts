/**
 * Authorization benchmark: nanoseconds per `authorizeCommand` call for the common cases, next to
 * baselines measured in the same run (an empty function call and a Map lookup), plus the one-off cost
 * of compiling a user's roles.
 *
 * Run: `node dist/bench/authz.js` (after `npx tsc -p .`). `BENCH_AUTHZ_SCALE` multiplies the iteration
 * counts (default 1).
 */
import { cpus } from "node:os";
import { UUID } from "bson";
import { authorizeCommand } from "../src/gateway/server/command-table.js";
import { resolveRoles, type CustomRole } from "../src/gateway/authz/role-resolver.js";

const scale = Number(process.env.BENCH_AUTHZ_SCALE ?? "1");
const ITERATIONS = Math.max(10_000, Math.round(1_000_000 * scale));
const ROUNDS = 5;

let sink = 0;

/** Runs `fn` ITERATIONS times per round and returns the median ns per call over ROUNDS rounds. */
function measure(fn: () => unknown): number {
  for (let i = 0; i < ITERATIONS / 10; i++) if (fn()) sink++;
  const perRound: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) if (fn()) sink++;
    perRound.push(Number(process.hrtime.bigint() - start) / ITERATIONS);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(ROUNDS / 2)];
}

const lsid = { id: new UUID() };
const reader = resolveRoles([{ roleName: "read", databaseName: "sales" }]).privileges;
const atlasAdmin = resolveRoles([{ roleName: "atlasAdmin", databaseName: "admin" }]).privileges;
const collectionReader = resolveRoles([
  { roleName: "read", databaseName: "sales", collectionName: "orders" },
  { roleName: "read", databaseName: "sales", collectionName: "customers" },
]).privileges;

const find = { find: "orders", filter: { status: "A" }, lsid, $db: "sales" };
const insert = { insert: "orders", documents: [{ sku: "a" }], ordered: true, lsid, $db: "sales" };
const lookup = {
  aggregate: "orders",
  pipeline: [{ $match: { status: "A" } }, { $lookup: { from: "customers", localField: "customer", foreignField: "_id", as: "c" } }, { $unwind: "$c" }],
  cursor: {},
  lsid,
  $db: "sales",
};

const map = new Map([["find", 1], ["insert", 2], ["aggregate", 3]]);
function empty(x: unknown): unknown {
  return x;
}

const rows: Array<[string, number]> = [
  ["baseline: empty function call", measure(() => empty(find))],
  ["baseline: Map.get", measure(() => map.get("find"))],
  ["find allowed (read@sales)", measure(() => authorizeCommand(reader, "find", "sales", find).ok)],
  ["find allowed (atlasAdmin, inherited roles)", measure(() => authorizeCommand(atlasAdmin, "find", "sales", find).ok)],
  ["find allowed (Atlas collection-scoped read)", measure(() => authorizeCommand(collectionReader, "find", "sales", find).ok)],
  ["aggregate with $lookup allowed (read@sales)", measure(() => authorizeCommand(reader, "aggregate", "sales", lookup).ok)],
  ["insert refused (read@sales), reply built", measure(() => !authorizeCommand(reader, "insert", "sales", insert).ok)],
  ["hello before authentication", measure(() => authorizeCommand(null, "hello", "admin", { hello: 1 }).ok)],
];

const customRoles: CustomRole[] = [
  { roleName: "base", actions: [{ action: "FIND", resources: [{ db: "logs", collection: "" }] }] },
  { roleName: "ops", actions: [{ action: "SERVER_STATUS", resources: [{ cluster: true }] }], inheritedRoles: [{ role: "base", db: "admin" }, { role: "readWrite", db: "app" }] },
];
const compileRuns = Math.max(200, Math.round(20_000 * scale));
const compileStart = process.hrtime.bigint();
for (let i = 0; i < compileRuns; i++) {
  sink += resolveRoles([{ roleName: "atlasAdmin", databaseName: "admin" }, { roleName: "ops", databaseName: "admin" }], customRoles).roles.length;
}
const compileMicros = Number(process.hrtime.bigint() - compileStart) / compileRuns / 1000;

console.log(`authorization benchmark: node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${ITERATIONS} calls x ${ROUNDS} rounds (median)`);
console.log("| case | ns per call |");
console.log("| --- | ---: |");
for (const [label, ns] of rows) console.log(`| ${label} | ${ns.toFixed(1)} |`);
console.log(`| compile roles: atlasAdmin + custom role with inheritance (once per user) | ${(compileMicros * 1000).toFixed(0)} |`);
if (sink === -1) console.log("unreachable");
