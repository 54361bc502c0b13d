// The client matrix scenario with mongoose models; prints the transcript as one JSON line.
import mongoose from "mongoose";

const env = process.env;
const uri = (cert) =>
  `mongodb://localhost:${env.PORT}/${env.DB}?tls=true&authMechanism=MONGODB-X509&authSource=%24external&directConnection=true&compressors=zlib` +
  `&tlsCAFile=${encodeURIComponent(env.CA)}&tlsCertificateKeyFile=${encodeURIComponent(cert)}`;
const codeOf = async (promise) => {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return error.code;
  }
};

const schema = new mongoose.Schema({ _id: Number, kind: String, n: Number }, { versionKey: false, autoIndex: false, autoCreate: false });
const admin = await mongoose.createConnection(uri(env.ADMIN_CERT)).asPromise();
const reader = await mongoose.createConnection(uri(env.READER_CERT)).asPromise();
const Item = admin.model("Item", schema, "items");
const ReaderItem = reader.model("Item", schema, "items");
const db = admin.db;
const out = [];
out.push(["ping", (await db.command({ ping: 1 })).ok]);
out.push(["insertMany", (await Item.insertMany([{ _id: 1, kind: "a", n: 1 }, { _id: 2, kind: "b", n: 2 }, { _id: 3, kind: "a", n: 3 }])).length]);
out.push(["find", await Item.find({}).sort({ _id: 1 }).lean()]);
out.push(["updateOne", (await Item.updateOne({ _id: 3 }, { $inc: { n: 5 } })).modifiedCount]);
out.push(["deleteOne", (await Item.deleteOne({ _id: 2 })).deletedCount]);
const bulk = await Item.bulkWrite(
  [
    { insertOne: { document: { _id: 4, kind: "c", n: 5 } } },
    { insertOne: { document: { _id: 5, kind: "d", n: 1 } } },
    { updateOne: { filter: { _id: 1 }, update: { $set: { n: 3 } } } },
    { deleteOne: { filter: { _id: 5 } } },
  ],
  { ordered: true },
);
out.push(["bulkWrite", { inserted: bulk.insertedCount, matched: bulk.matchedCount, modified: bulk.modifiedCount, deleted: bulk.deletedCount }]);
out.push(["aggregate", await Item.aggregate([{ $group: { _id: "$kind", total: { $sum: "$n" } } }, { $sort: { _id: 1 } }])]);
out.push(["aggregateCollectionless", await db.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }]).toArray()]);
out.push(["countDocuments", await Item.countDocuments({ kind: "a" })]);
out.push(["estimatedDocumentCount", await Item.estimatedDocumentCount()]);
out.push(["findOneAndUpdate", await Item.findOneAndUpdate({ _id: 4 }, { $inc: { n: 1 } }, { new: true }).lean()]);
out.push(["createIndex", await Item.collection.createIndex({ kind: 1 })]);
out.push(["listIndexes", (await Item.listIndexes()).map((index) => index.name)]);
const explained = await Item.find({ kind: "a" }).explain("queryPlanner");
const plan = Array.isArray(explained) ? explained[0] : explained;
out.push(["explain", "queryPlanner" in plan ? "queryPlanner" : Object.keys(plan)]);
out.push(["stats", (await db.command({ collStats: "items" })).count]);
const commands = (await db.command({ listCommands: 1 })).commands;
out.push(["listCommands", "find" in commands && "findandmodify" in commands]);
out.push(["refusedInsert", await codeOf(ReaderItem.create({ _id: 9, kind: "z", n: 0 }))]);
const opened = await db.command({ find: "items", batchSize: 1 });
const killed = await db.command({ killCursors: "items", cursors: [opened.cursor.id] });
out.push(["killedCursor", [killed.cursorsKilled.length, await codeOf(db.command({ getMore: opened.cursor.id, collection: "items" }))]]);
await admin.close();
await reader.close();
console.log(JSON.stringify(out));
