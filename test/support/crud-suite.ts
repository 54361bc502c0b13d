// A CRUD suite for the Node driver against a backend. The upstream-backend tests run it through the
// forwarding path (the driver on the front, the upstream backend in the middle, an embedded backend
// holding the data behind it), where `direct` reads the same data without the forwarder, so each step
// proves where the data landed; the embedded-backend test runs it with both sides the same database.
import assert from "node:assert/strict";
import { it } from "node:test";
import { MongoServerError, type Db } from "mongodb";

/** How the suite reaches the two sides. */
export interface CrudSuiteTargets {
  /** The database `shop` as the backend under test serves it. */
  forwarded(): Db;
  /** The database `shop` where the data is kept, reached without any forwarder. */
  direct(): Db;
}

/** Registers the suite's tests in the caller's `describe`. */
export function crudSuite(targets: CrudSuiteTargets): void {
  it("inserts many and finds them back with sort, limit and projection", async () => {
    const orders = targets.forwarded().collection("orders");
    const result = await orders.insertMany([
      { item: "almonds", price: 12, quantity: 2 },
      { item: "pecans", price: 20, quantity: 1 },
      { item: "cashews", price: 15, quantity: 5 },
    ]);
    assert.equal(result.insertedCount, 3);
    const top = await orders.find({ price: { $gte: 12 } }).sort({ price: -1 }).limit(2).project({ _id: 0, item: 1 }).toArray();
    assert.deepEqual(top, [{ item: "pecans" }, { item: "cashews" }]);
    const byId = await orders.findOne({ _id: result.insertedIds[1] });
    assert.equal(byId?.["item"], "pecans");
    const upstream = await targets.direct().collection("orders").find({}, { projection: { _id: 0, item: 1 } }).sort({ item: 1 }).toArray();
    assert.deepEqual(upstream, [{ item: "almonds" }, { item: "cashews" }, { item: "pecans" }]);
  });

  it("iterates a cursor across getMore batches and counts", async () => {
    const many = targets.forwarded().collection("many");
    await many.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i as never, i })));
    let seen = 0;
    for await (const doc of many.find({}, { batchSize: 40 })) {
      assert.equal(doc["i"], seen);
      seen++;
    }
    assert.equal(seen, 250);
    assert.equal(await many.countDocuments({ i: { $lt: 100 } }), 100);
    assert.equal(await many.estimatedDocumentCount(), 250);
  });

  it("upserts with updateOne and updates with findOneAndUpdate", async () => {
    const counters = targets.forwarded().collection("counters");
    const first = await counters.updateOne({ name: "visits" }, { $inc: { n: 1 } }, { upsert: true });
    assert.equal(first.upsertedCount, 1);
    const second = await counters.updateOne({ name: "visits" }, { $inc: { n: 1 } }, { upsert: true });
    assert.deepEqual([second.matchedCount, second.modifiedCount, second.upsertedCount], [1, 1, 0]);
    const after = await counters.findOneAndUpdate({ name: "visits" }, { $inc: { n: 10 } }, { returnDocument: "after" });
    assert.equal(after?.["n"], 12);
    assert.equal((await targets.direct().collection("counters").findOne({ name: "visits" }))?.["n"], 12);
  });

  it("aggregates with $group and $lookup", async () => {
    const db = targets.forwarded();
    await db.collection("inventory").insertMany([
      { sku: "almonds", instock: 120 },
      { sku: "pecans", instock: 70 },
    ]);
    const grouped = await db
      .collection("orders")
      .aggregate([{ $group: { _id: null, revenue: { $sum: { $multiply: ["$price", "$quantity"] } } } }])
      .toArray();
    assert.deepEqual(grouped, [{ _id: null, revenue: 119 }]);
    const joined = await db
      .collection("orders")
      .aggregate([
        { $lookup: { from: "inventory", localField: "item", foreignField: "sku", as: "stock" } },
        { $project: { _id: 0, item: 1, instock: { $sum: "$stock.instock" } } },
        { $sort: { item: 1 } },
      ])
      .toArray();
    assert.deepEqual(joined, [
      { item: "almonds", instock: 120 },
      { item: "cashews", instock: 0 },
      { item: "pecans", instock: 70 },
    ]);
  });

  it("answers a unique index's duplicate with mongod's DuplicateKey error", async () => {
    const users = targets.forwarded().collection("users");
    assert.equal(await users.createIndex({ email: 1 }, { unique: true }), "email_1");
    await users.insertOne({ email: "a@example.com" });
    await assert.rejects(users.insertOne({ email: "a@example.com" }), (err: unknown) => {
      assert.ok(err instanceof MongoServerError);
      assert.equal(err.code, 11000);
      assert.deepEqual(err.keyValue, { email: "a@example.com" });
      assert.match(err.message, /E11000 duplicate key error collection: shop.users index: email_1 dup key: \{ email: "a@example.com" \}/);
      return true;
    });
    assert.deepEqual((await targets.direct().collection("users").indexes()).map((i) => i.name), ["_id_", "email_1"]);
  });

  it("deletes many, lists collections and drops", async () => {
    const db = targets.forwarded();
    const deleted = await db.collection("many").deleteMany({ i: { $gte: 50 } });
    assert.equal(deleted.deletedCount, 200);
    assert.equal(await targets.direct().collection("many").countDocuments(), 50);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    assert.deepEqual(names, ["counters", "inventory", "many", "orders", "users"]);
    assert.equal(await db.collection("many").drop(), true);
    assert.equal((await db.listCollections({ name: "many" }).toArray()).length, 0);
    assert.equal((await targets.direct().listCollections({ name: "many" }).toArray()).length, 0);
  });
}
