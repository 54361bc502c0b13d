/**
 * Per-command authorization cost as the gateway pays it: `authorizeCommand` on the command bodies
 * the Node driver sends for find-by-_id and a one-document insert, for a readWrite user. Median
 * nanoseconds per call over five rounds (the method of bench/authz.ts).
 */
import { Int32, ObjectId, UUID } from "bson";
import { authorizeCommand } from "../../src/gateway/server/command-table.js";
import { resolveRoles } from "../../src/gateway/authz/role-resolver.js";

const ROUNDS = 5;

function medianNs(iterations: number, fn: () => boolean): number {
  let sink = 0;
  for (let i = 0; i < iterations / 10; i++) if (fn()) sink++;
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) if (fn()) sink++;
    rounds.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  if (sink === 0) throw new Error("every authorization was refused");
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(ROUNDS / 2)];
}

/** ns per authorization of a find and of an insert. */
export function authorizationCost(iterations = 500_000): { find: number; insert: number } {
  const privileges = resolveRoles([{ roleName: "readWrite", databaseName: "bench" }]).privileges;
  const lsid = { id: new UUID() };
  const find = { find: "items", filter: { _id: new Int32(42) }, limit: new Int32(1), singleBatch: true, batchSize: new Int32(1), lsid, $db: "bench" };
  const insert = { insert: "items", documents: [{ _id: new ObjectId(), n: new Int32(1) }], ordered: true, lsid, $db: "bench" };
  return {
    find: medianNs(iterations, () => authorizeCommand(privileges, "find", "bench", find).ok),
    insert: medianNs(iterations, () => authorizeCommand(privileges, "insert", "bench", insert).ok),
  };
}
