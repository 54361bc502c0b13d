/* global db, Mongo, print */
// The client matrix scenario with mongosh's helpers, then the helpers of its own (stats(), explain(),
// currentOp(), serverStatus()) as atlasAdmin and as a read-only user. Prints the transcript as one JSON line.
// With CONNECT other than "direct" (the test then connects without directConnection), the transcript ends with
// the topology mongosh's driver saw.
const env = process.env;
const readerUri = `mongodb://localhost:${env.PORT}/${env.DB}?tls=true&authMechanism=MONGODB-X509&authSource=%24external&directConnection=true` +
  `&tlsCAFile=${encodeURIComponent(env.CA)}&tlsCertificateKeyFile=${encodeURIComponent(env.READER_CERT)}`;
const d = db.getSiblingDB(env.DB);
const items = d.items;
const out = [];
const codeOf = (fn) => {
  try {
    fn();
    return "no error";
  } catch (error) {
    return error.code;
  }
};
out.push(["ping", d.runCommand({ ping: 1 }).ok]);
out.push(["insertMany", Object.keys(items.insertMany([{ _id: 1, kind: "a", n: 1 }, { _id: 2, kind: "b", n: 2 }, { _id: 3, kind: "a", n: 3 }]).insertedIds).length]);
out.push(["find", items.find({}).sort({ _id: 1 }).toArray()]);
out.push(["updateOne", items.updateOne({ _id: 3 }, { $inc: { n: 5 } }).modifiedCount]);
out.push(["deleteOne", items.deleteOne({ _id: 2 }).deletedCount]);
const bulk = items.bulkWrite([
  { insertOne: { document: { _id: 4, kind: "c", n: 5 } } },
  { insertOne: { document: { _id: 5, kind: "d", n: 1 } } },
  { updateOne: { filter: { _id: 1 }, update: { $set: { n: 3 } } } },
  { deleteOne: { filter: { _id: 5 } } },
], { ordered: true });
out.push(["bulkWrite", { inserted: bulk.insertedCount, matched: bulk.matchedCount, modified: bulk.modifiedCount, deleted: bulk.deletedCount }]);
out.push(["aggregate", items.aggregate([{ $group: { _id: "$kind", total: { $sum: "$n" } } }, { $sort: { _id: 1 } }]).toArray()]);
out.push(["aggregateCollectionless", d.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }]).toArray()]);
out.push(["countDocuments", items.countDocuments({ kind: "a" })]);
out.push(["estimatedDocumentCount", items.estimatedDocumentCount()]);
out.push(["findOneAndUpdate", items.findOneAndUpdate({ _id: 4 }, { $inc: { n: 1 } }, { returnDocument: "after" })]);
out.push(["createIndex", items.createIndex({ kind: 1 })]);
out.push(["listIndexes", items.getIndexes().map((index) => index.name)]);
const explained = items.find({ kind: "a" }).explain("queryPlanner");
out.push(["explain", "queryPlanner" in explained ? "queryPlanner" : Object.keys(explained)]);
out.push(["stats", items.stats().count]);
const commands = d.runCommand({ listCommands: 1 }).commands;
out.push(["listCommands", "find" in commands && "findandmodify" in commands]);
const reader = new Mongo(readerUri);
const readerDb = reader.getDB(env.DB);
out.push(["refusedInsert", codeOf(() => readerDb.items.insertOne({ _id: 9 }))]);
const opened = d.runCommand({ find: "items", batchSize: 1 });
const killed = d.runCommand({ killCursors: "items", cursors: [opened.cursor.id] });
out.push(["killedCursor", [killed.cursorsKilled.length, codeOf(() => d.runCommand({ getMore: opened.cursor.id, collection: "items" }))]]);
// mongosh's own helpers.
out.push(["helper stats().storageSize > 0", items.stats().storageSize > 0]);
out.push(["helper totalSize() > 0", items.totalSize() > 0]);
out.push(["helper aggregate explain()", "stages" in items.explain("queryPlanner").aggregate([{ $match: { kind: "a" } }, { $group: { _id: "$kind" } }])]);
out.push(["helper currentOp() lists itself", db.currentOp().inprog.length >= 1]);
out.push(["helper serverStatus() uptime", typeof db.serverStatus().uptime === "number"]);
out.push(["reader serverStatus()", codeOf(() => reader.getDB("admin").serverStatus())]);
out.push(["reader currentOp()", codeOf(() => reader.getDB("admin").currentOp({ $all: true }))]);
if ((env.CONNECT ?? "direct") !== "direct") {
  // mongosh exposes no topology helper; its service provider holds the Node driver's client.
  const topology = db.getMongo()._serviceProvider.mongoClient.topology.description;
  const servers = [...topology.servers.values()];
  out.push(["topology", topology.type, [...new Set(servers.map((s) => s.setName))].sort(), servers.map((s) => s.address).sort()]);
}
print(JSON.stringify(out));
