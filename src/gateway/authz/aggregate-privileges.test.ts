import { test } from "node:test";
import assert from "node:assert/strict";
import { pipelineAllowed } from "./aggregate-privileges.js";
import { PrivilegeSet, type Privilege } from "./privilege-set.js";

const ns = (db: string, collection: string) => ({ kind: "exactNamespace", db, collection }) as const;

function user(...privileges: Privilege[]): PrivilegeSet {
  return PrivilegeSet.from(privileges);
}

const findOrders: Privilege = { resource: ns("sales", "orders"), actions: ["find"] };
const findCustomers: Privilege = { resource: ns("sales", "customers"), actions: ["find"] };

interface Case {
  privileges: Privilege[];
  coll: string | null;
  pipeline: unknown[];
  bypass?: boolean;
  expected: boolean;
  why: string;
}

const CASES: Case[] = [
  { privileges: [findOrders], coll: "orders", pipeline: [], expected: true, why: "an empty pipeline needs find on the namespace" },
  { privileges: [], coll: "orders", pipeline: [], expected: false, why: "no find, no aggregate" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $match: { a: 1 } }, { $group: { _id: "$a" } }, { $sort: { _id: 1 } }], expected: true, why: "plain stages add nothing" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $lookup: { from: "customers", localField: "c", foreignField: "_id", as: "c" } }], expected: false, why: "$lookup needs find on the foreign collection" },
  { privileges: [findOrders, findCustomers], coll: "orders", pipeline: [{ $lookup: { from: "customers", localField: "c", foreignField: "_id", as: "c" } }], expected: true, why: "$lookup with find on both" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $lookup: { pipeline: [{ $documents: [{ a: 1 }] }], as: "d" } }], expected: true, why: "$lookup over $documents reads no collection" },
  { privileges: [findOrders, findCustomers], coll: "orders", pipeline: [{ $lookup: { from: "customers", as: "c", pipeline: [{ $lookup: { from: "invoices", as: "i", localField: "a", foreignField: "b" } }] } }], expected: false, why: "nested $lookup needs find on its own foreign collection" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $unionWith: "customers" }], expected: false, why: "$unionWith needs find on the other collection" },
  { privileges: [findOrders, findCustomers], coll: "orders", pipeline: [{ $unionWith: { coll: "customers", pipeline: [{ $match: {} }] } }], expected: true, why: "$unionWith with find on both" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $graphLookup: { from: "customers", startWith: "$a", connectFromField: "a", connectToField: "b", as: "g" } }], expected: false, why: "$graphLookup needs find on from" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $facet: { a: [{ $lookup: { from: "customers", as: "c", localField: "a", foreignField: "b" } }] } }], expected: false, why: "$facet sub-pipelines are checked" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $out: "report" }], expected: false, why: "$out needs insert+remove on the target" },
  { privileges: [findOrders, { resource: ns("sales", "report"), actions: ["insert", "remove"] }], coll: "orders", pipeline: [{ $out: "report" }], expected: true, why: "$out with insert+remove" },
  { privileges: [findOrders, { resource: ns("sales", "report"), actions: ["insert", "remove"] }], coll: "orders", pipeline: [{ $out: "report" }], bypass: true, expected: false, why: "bypassDocumentValidation needs its action on the target" },
  { privileges: [findOrders, { resource: ns("bi", "report"), actions: ["insert"] }], coll: "orders", pipeline: [{ $out: { db: "bi", coll: "report" } }], expected: false, why: "$out {db, coll} needs remove too" },
  { privileges: [findOrders, { resource: ns("sales", "t"), actions: ["insert"] }], coll: "orders", pipeline: [{ $merge: { into: "t" } }], expected: false, why: "$merge defaults (merge/insert) need insert+update" },
  { privileges: [findOrders, { resource: ns("sales", "t"), actions: ["insert"] }], coll: "orders", pipeline: [{ $merge: { into: "t", whenMatched: "fail", whenNotMatched: "insert" } }], expected: true, why: "whenMatched fail + insert needs only insert" },
  { privileges: [findOrders, { resource: ns("sales", "t"), actions: ["update"] }], coll: "orders", pipeline: [{ $merge: { into: "t", whenMatched: "replace", whenNotMatched: "discard" } }], expected: true, why: "replace + discard needs only update" },
  { privileges: [findOrders, { resource: ns("sales", "t"), actions: ["update"] }], coll: "orders", pipeline: [{ $merge: { into: "t", whenMatched: [{ $set: { x: 1 } }], whenNotMatched: "fail" } }], expected: true, why: "a pipeline update + fail needs only update" },
  { privileges: [{ resource: ns("sales", "orders"), actions: ["collStats"] }], coll: "orders", pipeline: [{ $collStats: { count: {} } }], expected: true, why: "$collStats is an initial source needing collStats, not find" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $indexStats: {} }], expected: false, why: "$indexStats needs indexStats" },
  { privileges: [{ resource: ns("sales", "orders"), actions: ["find", "changeStream"] }], coll: "orders", pipeline: [{ $changeStream: {} }], expected: true, why: "$changeStream needs changeStream + find on the collection" },
  { privileges: [{ resource: { kind: "database", db: "sales" }, actions: ["find", "changeStream"] }], coll: null, pipeline: [{ $changeStream: {} }], expected: true, why: "a database change stream needs both on the database" },
  { privileges: [{ resource: { kind: "database", db: "sales" }, actions: ["find", "changeStream"] }], coll: null, pipeline: [{ $changeStream: { allChangesForCluster: true } }], expected: false, why: "a cluster-wide stream needs both on anyNormal" },
  { privileges: [], coll: null, pipeline: [{ $currentOp: {} }], expected: true, why: "$currentOp of one's own operations needs nothing" },
  { privileges: [], coll: null, pipeline: [{ $currentOp: { allUsers: true } }], expected: false, why: "$currentOp allUsers needs inprog" },
  { privileges: [{ resource: { kind: "cluster" }, actions: ["inprog"] }], coll: null, pipeline: [{ $currentOp: { allUsers: true } }], expected: true, why: "inprog on the cluster" },
  { privileges: [], coll: null, pipeline: [{ $documents: [{ a: 1 }] }, { $match: {} }], expected: true, why: "$documents needs no privilege" },
  { privileges: [{ resource: { kind: "database", db: "sales" }, actions: ["find"] }], coll: null, pipeline: [{ $match: {} }], expected: true, why: "a collectionless pipeline without a source is checked on <db>.$cmd.aggregate" },
  { privileges: [findOrders], coll: "orders", pipeline: [{ $teleport: {} }], expected: false, why: "unknown stages are refused" },
  { privileges: [findOrders], coll: "orders", pipeline: [{}], expected: false, why: "an empty stage is refused" },
];

for (const c of CASES) {
  test(`aggregate: ${c.why}`, () => {
    assert.equal(pipelineAllowed(user(...c.privileges), "sales", c.coll, c.pipeline, c.bypass ?? false), c.expected);
  });
}

test("a pipeline nested deeper than 20 levels is refused", () => {
  let pipeline: unknown[] = [{ $match: {} }];
  for (let i = 0; i < 25; i++) pipeline = [{ $facet: { x: pipeline } }];
  assert.equal(pipelineAllowed(user(findOrders), "sales", "orders", pipeline, false), false);
});
