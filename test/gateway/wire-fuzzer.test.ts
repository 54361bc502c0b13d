/**
 * A seeded wire fuzzer against a real `certgate start` over real mutual TLS: before and after
 * authentication it sends mutated real commands, commands with wrong-typed fields and malformed
 * frames, and asserts that no reply is InternalError (code 1) and that the server survives
 * (answers a ping afterwards, on the same connection when the frame was well delimited, else on a
 * new one). CI runs fixed seeds; `FUZZ_SEEDS=1,2,3 FUZZ_MESSAGES=100000` runs longer by hand.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Binary, BSONRegExp, deserialize, EJSON, Int32, Long, ObjectId, serialize, Timestamp, type Document } from "bson";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { connectFuzzClient, type FuzzClient } from "./support/fuzz-wire-client.js";
import { encodeOpMsg } from "../../src/gateway/wire/op-msg.js";
import { encodeOpQuery } from "../../src/gateway/wire/op-query.js";
import { seededRandom } from "../support/seeded-random.js";

const SEEDS = (process.env["FUZZ_SEEDS"] ?? "1,2").split(",").map(Number);
const MESSAGES_PER_SEED = Number(process.env["FUZZ_MESSAGES"] ?? 10_000);


const TEMPLATES: Document[] = [
  { find: "c", filter: { a: 1 }, sort: { a: 1 }, projection: { a: 1 }, limit: 5, batchSize: 2 },
  { insert: "c", documents: [{ a: 1, b: "x" }], ordered: true },
  { update: "c", updates: [{ q: { a: 1 }, u: { $set: { b: 2 } }, upsert: true, multi: false }] },
  { update: "c", updates: [{ q: {}, u: [{ $set: { c: "$a" } }] }] },
  { delete: "c", deletes: [{ q: { a: 2 }, limit: 1 }] },
  { aggregate: "c", pipeline: [{ $match: { a: 1 } }, { $group: { _id: "$b", n: { $sum: 1 } } }, { $sort: { n: -1 } }], cursor: {} },
  { aggregate: "c", pipeline: [{ $lookup: { from: "d", localField: "a", foreignField: "a", as: "j" } }, { $unwind: "$j" }], cursor: { batchSize: 1 } },
  { count: "c", query: { a: { $gt: 0 } } },
  { distinct: "c", key: "a", query: {} },
  { findAndModify: "c", query: { a: 1 }, update: { $inc: { n: 1 } }, new: true, upsert: true },
  { getMore: Long.fromNumber(1), collection: "c", batchSize: 1 },
  { killCursors: "c", cursors: [Long.fromNumber(1)] },
  { listCollections: 1, filter: {}, nameOnly: true },
  { listIndexes: "c" },
  { createIndexes: "c", indexes: [{ key: { a: 1 }, name: "a_1" }] },
  { dropIndexes: "c", index: "a_1" },
  { create: "e" },
  { hello: 1 },
  { ping: 1 },
  { buildInfo: 1 },
  { connectionStatus: 1, showPrivileges: true },
  { endSessions: [{ id: new Binary(Buffer.alloc(16, 7), 4) }] },
  { listDatabases: 1, nameOnly: true },
  { dbStats: 1 },
  { collStats: "c" },
];

const OPERATORS = ["$eq", "$gt", "$in", "$nin", "$regex", "$exists", "$type", "$elemMatch", "$size", "$all", "$not", "$and", "$or", "$nor", "$expr", "$mod", "$set", "$inc", "$push", "$unset", "$rename", "$bit", "$group", "$project", "$match", "$sort", "$limit", "$skip", "$unwind", "$lookup", "$facet", "$bucket", "$sum", "$concat", "$substr", "$where", "$function", "__proto__", "constructor", "prototype", "$db", "lsid", "$clusterTime"];

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * 22);
  switch (pick) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return Math.floor(next() * 2 ** 31) - 2 ** 30;
    case 3: return new Int32(Math.floor(next() * 100) - 50);
    case 4: return next() * 1e6 - 5e5;
    case 5: return [Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 1][Math.floor(next() * 4)];
    case 6: return Long.fromNumber(Math.floor(next() * 1e12) - 5e11);
    case 7: return "s".repeat(Math.floor(next() * 10));
    case 8: return ["", "$a", "$$ROOT", "a.b.c", ".", "..", "$", "\u0000x", "(a+)+$", "(", "[", "a".repeat(300)][Math.floor(next() * 12)];
    case 9: return new ObjectId();
    case 10: return new Binary(Buffer.alloc(Math.floor(next() * 20), 1), Math.floor(next() * 9));
    case 11: return new BSONRegExp(["(", "a+", "[z-a]", "x{2,1}", ".*"][Math.floor(next() * 5)] ?? "", ["", "i", "s"][Math.floor(next() * 3)]);
    case 12: return new Timestamp({ t: 1, i: 1 });
    case 13: return new Date(Math.floor(next() * 1e13));
    case 14: return depth > 3 ? 1 : [randomValue(next, depth + 1), randomValue(next, depth + 1)];
    case 15: return depth > 3 ? {} : { [OPERATORS[Math.floor(next() * OPERATORS.length)] ?? "$eq"]: randomValue(next, depth + 1) };
    case 16: return depth > 3 ? {} : { a: randomValue(next, depth + 1), [OPERATORS[Math.floor(next() * OPERATORS.length)] ?? "x"]: randomValue(next, depth + 1) };
    case 17: return [];
    case 18: return {};
    case 19: {
      let v: unknown = 1;
      const levels = [150, 179, 181, 199, 201, 5000][Math.floor(next() * 6)] ?? 10;
      for (let i = 0; i < levels; i++) v = next() < 0.5 ? { $and: [v] } : { a: v };
      return v;
    }
    case 20: return new Binary(Buffer.alloc(16, 3), 4);
    default: return undefined;
  }
}

/** Whether `value` is a plain document or array the fuzzer may change (not a BSON value class). */
function isPlainContainer(value: unknown): value is Document {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets `key` as an own field, so names such as `__proto__` are sent as fields, not prototype changes. */
function setField(target: Document, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A real command with one or more fields replaced, removed or added, at the top or one level down. */
function mutatedCommand(next: () => number, db: string): Document {
  const template = TEMPLATES[Math.floor(next() * TEMPLATES.length)] ?? { ping: 1 };
  const command: Document = deserialize(serialize(template), { promoteLongs: false });
  const mutations = 1 + Math.floor(next() * 3);
  for (let m = 0; m < mutations; m++) {
    const keys = Object.keys(command);
    const key = keys[Math.floor(next() * keys.length)] ?? "x";
    const roll = next();
    if (roll < 0.45) setField(command, key, randomValue(next));
    else if (roll < 0.55 && keys.length > 1) delete command[key];
    else if (roll < 0.75) setField(command, OPERATORS[Math.floor(next() * OPERATORS.length)] ?? "x", randomValue(next));
    else {
      const inner: unknown = command[key];
      if (isPlainContainer(inner)) {
        const target: unknown = Array.isArray(inner) ? inner[0] : inner;
        if (isPlainContainer(target) && !Array.isArray(target)) {
          const innerKeys = Object.keys(target);
          const innerKey = next() < 0.5 ? (innerKeys[Math.floor(next() * innerKeys.length)] ?? "a") : (OPERATORS[Math.floor(next() * OPERATORS.length)] ?? "a");
          setField(target, innerKey, randomValue(next));
        }
      }
    }
  }
  if (next() < 0.1) setField(command, "lsid", randomValue(next));
  return { ...command, $db: next() < 0.95 ? db : randomValue(next) };
}

/** A well-delimited frame whose insides are damaged: flipped bytes, wrong section kinds, bad lengths. */
function malformedFrame(next: () => number, requestId: number, db: string): Buffer {
  const frame = Buffer.from(encodeOpMsg({ requestId, responseTo: 0, body: mutatedCommand(next, db) }));
  const kind = Math.floor(next() * 6);
  if (kind === 0) {
    for (let i = 0; i < 1 + Math.floor(next() * 4); i++) {
      const at = 16 + Math.floor(next() * (frame.length - 16));
      frame[at] = Math.floor(next() * 256);
    }
  } else if (kind === 1) {
    frame[20] = Math.floor(next() * 256); // section kind
  } else if (kind === 2) {
    frame.writeInt32LE(Math.floor(next() * 2 ** 31) * (next() < 0.5 ? -1 : 1), 21); // body length
  } else if (kind === 3) {
    frame.writeUInt32LE(Math.floor(next() * 2 ** 32), 16); // flag bits
  } else if (kind === 4) {
    frame.writeInt32LE([1, 2001, 2002, 2004, 2005, 2012, 9999][Math.floor(next() * 7)] ?? 1, 12); // opcode
  } else {
    return Buffer.from(encodeOpQuery({ requestId, flags: 0, fullCollectionName: `${db}.$cmd`, numberToSkip: 0, numberToReturn: -1, query: mutatedCommand(next, db) }));
  }
  frame.writeInt32LE(requestId, 4);
  return frame;
}

/** What a failure report shows of a frame: its body as extended JSON when it decodes, else its bytes. */
function describeFrame(frame: Buffer): string {
  try {
    return EJSON.stringify(deserialize(frame.subarray(21), { promoteLongs: false }), { relaxed: false }).slice(0, 2000);
  } catch {
    return frame.toString("hex").slice(0, 400);
  }
}

describe("wire fuzzer", () => {
  let cg: CertgateProcess;
  let port: number;
  let cert: string;
  const internalErrors: Array<{ reply: Document; sent: string }> = [];
  let lastSent = "";

  before(async () => {
    cg = await startCertgate("27490-27499");
    port = await cg.createCluster("Cluster0");
    await cg.createUser("fuzz", "MANAGED", [{ roleName: "readWrite", databaseName: "shop" }]);
    cert = (await cg.issueCert("fuzz", "fuzz.pem")).file;
  });
  after(async () => {
    await cg?.stop();
  });

  async function connect(authenticated: boolean): Promise<FuzzClient> {
    const client = await connectFuzzClient(port, cg.serverCaFile, cert, (doc) => {
      if (Number(doc["code"]) === 1 || doc["codeName"] === "InternalError") internalErrors.push({ reply: doc, sent: lastSent });
    });
    if (authenticated) {
      const reply = await client.request(encodeOpMsg({ requestId: 1, responseTo: 0, body: { authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" } }), 1);
      assert.equal(Number(reply?.["ok"]), 1);
    }
    return client;
  }

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${MESSAGES_PER_SEED} messages before and after authentication, no InternalError, no crash`, async () => {
      internalErrors.length = 0;
      const next = seededRandom(seed);
      let requestId = 100;
      const clients: Record<"pre" | "post", FuzzClient> = { pre: await connect(false), post: await connect(true) };
      let closedByServer = 0;
      for (let n = 0; n < MESSAGES_PER_SEED; n++) {
        const phase = next() < 0.3 ? "pre" : "post";
        const db = next() < 0.9 ? "shop" : (["admin", "other", "$external", "", "a.b"][Math.floor(next() * 5)] ?? "x");
        const id = ++requestId;
        const frame = next() < 0.2 ? malformedFrame(next, id, db) : Buffer.from(encodeOpMsg({ requestId: id, responseTo: 0, body: mutatedCommand(next, db) }));
        const client = clients[phase];
        lastSent = `${phase} ${describeFrame(frame)}`;
        client.write(frame);
        const pingId = ++requestId;
        const pong = await client.request(encodeOpMsg({ requestId: pingId, responseTo: 0, body: { ping: 1, $db: "admin" } }), pingId);
        if (pong === undefined) {
          closedByServer++;
          clients[phase] = await connect(phase === "post");
        }
      }
      clients.pre.close();
      clients.post.close();
      assert.deepEqual(internalErrors, [], "no reply is InternalError");
      const check = await connect(true);
      const alive = await check.request(encodeOpMsg({ requestId: 2, responseTo: 0, body: { ping: 1, $db: "admin" } }), 2);
      check.close();
      assert.equal(Number(alive?.["ok"]), 1, "the server survived");
      assert.ok(closedByServer < MESSAGES_PER_SEED / 4, `${closedByServer} connections closed`);
      assert.doesNotMatch(cg.output(), /"level":50/, "nothing a client sent logged at error level");
    });
  }
});
