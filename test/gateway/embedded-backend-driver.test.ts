import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MongoClient, MongoServerError, type Db } from "mongodb";
import { openScratchBackend, type ScratchBackend } from "../../src/gateway/backends/embedded/scratch-backend.js";
import { startOpMsgTestServer, type OpMsgTestServer } from "../support/op-msg-test-server.js";

// The real MongoDB Node driver against the embedded backend, through a minimal plaintext
// OP_MSG server: proves the backend's replies are what a driver expects from mongod.
describe("embedded backend through the MongoDB Node driver", () => {
  let scratch: ScratchBackend;
  let server: OpMsgTestServer;
  let client: MongoClient;
  let db: Db;

  before(async () => {
    scratch = openScratchBackend();
    server = await startOpMsgTestServer(scratch.backend);
    client = new MongoClient(`mongodb://127.0.0.1:${server.port}/?directConnection=true&serverSelectionTimeoutMS=3000`);
    await client.connect();
    db = client.db("shop");
  });
  after(async () => {
    await client.close();
    await server.close();
    await scratch.dispose();
  });

  it("inserts many and finds them back with sort and limit", async () => {
    const orders = db.collection("orders");
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
  });

  it("iterates a cursor across getMore batches", async () => {
    const many = db.collection("many");
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
    const counters = db.collection("counters");
    const first = await counters.updateOne({ name: "visits" }, { $inc: { n: 1 } }, { upsert: true });
    assert.equal(first.upsertedCount, 1);
    const second = await counters.updateOne({ name: "visits" }, { $inc: { n: 1 } }, { upsert: true });
    assert.deepEqual([second.matchedCount, second.modifiedCount, second.upsertedCount], [1, 1, 0]);
    const after = await counters.findOneAndUpdate({ name: "visits" }, { $inc: { n: 10 } }, { returnDocument: "after" });
    assert.equal(after?.["n"], 12);
  });

  it("aggregates with $group and $lookup", async () => {
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

  it("enforces a unique index with a DuplicateKey server error", async () => {
    const users = db.collection("users");
    assert.equal(await users.createIndex({ email: 1 }, { unique: true }), "email_1");
    await users.insertOne({ email: "a@example.com" });
    await assert.rejects(users.insertOne({ email: "a@example.com" }), (err: unknown) => {
      assert.ok(err instanceof MongoServerError);
      assert.equal(err.code, 11000);
      assert.deepEqual(err.keyValue, { email: "a@example.com" });
      assert.match(err.message, /E11000 duplicate key error collection: shop.users index: email_1 dup key: \{ email: "a@example.com" \}/);
      return true;
    });
    const indexes = await users.indexes();
    assert.deepEqual(indexes.map((i) => i.name), ["_id_", "email_1"]);
  });

  it("deletes many, lists collections and drops", async () => {
    const deleted = await db.collection("many").deleteMany({ i: { $gte: 50 } });
    assert.equal(deleted.deletedCount, 200);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    assert.deepEqual(names, ["counters", "inventory", "many", "orders", "users"]);
    assert.equal(await db.collection("many").drop(), true);
    assert.equal((await db.listCollections({ name: "many" }).toArray()).length, 0);
    const dbs = await client.db("admin").admin().listDatabases();
    assert.deepEqual(dbs.databases.map((d) => d.name), ["shop"]);
  });

  it("surfaces command errors as MongoServerError with mongod's code", async () => {
    await assert.rejects(db.collection("orders").find({ price: { $bogus: 1 } }).toArray(), (err: unknown) => {
      assert.ok(err instanceof MongoServerError);
      assert.equal(err.codeName, "BadValue");
      return true;
    });
  });
});
