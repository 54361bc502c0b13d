/**
 * The matrix scenario with a Node driver (the current one, or 4.x through the `mongodb4` alias):
 * the same calls an application makes, each step's outcome recorded for the transcript.
 */
import type { Document } from "bson";

/** The parts of a Node driver's MongoClient the scenario uses (common to 4.x and current). */
interface NodeDriver {
  MongoClient: new (uri: string, options: Document) => NodeClient;
}
interface NodeClient {
  connect(): Promise<unknown>;
  db(name: string): NodeDb;
  close(force?: boolean): Promise<void>;
}
interface NodeDb {
  command(command: Document): Promise<Document>;
  collection(name: string): NodeCollection;
  aggregate(pipeline: Document[]): { toArray(): Promise<Document[]> };
}
interface NodeCollection {
  insertMany(docs: Document[]): Promise<{ insertedCount: number }>;
  insertOne(doc: Document): Promise<unknown>;
  find(filter: Document, options?: Document): { sort(s: Document): { toArray(): Promise<Document[]> }; explain(verbosity?: string): Promise<Document> };
  updateOne(filter: Document, update: Document): Promise<{ modifiedCount: number }>;
  deleteOne(filter: Document): Promise<{ deletedCount: number }>;
  bulkWrite(ops: Document[], options?: Document): Promise<{ insertedCount: number; matchedCount: number; modifiedCount: number; deletedCount: number }>;
  aggregate(pipeline: Document[]): { toArray(): Promise<Document[]> };
  countDocuments(filter: Document): Promise<number>;
  estimatedDocumentCount(): Promise<number>;
  findOneAndUpdate(filter: Document, update: Document, options: Document): Promise<Document | null>;
  createIndex(spec: Document): Promise<string>;
  listIndexes(): { toArray(): Promise<Document[]> };
}

/** Connection details of one run. */
export interface NodeRun {
  port: number;
  caFile: string;
  adminCert: string;
  readerCert: string;
  db: string;
}

function uri(port: number): string {
  return `mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=5000&directConnection=true&compressors=zlib`;
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

/** Runs the scenario with `driver`; returns the transcript. */
export async function nodeScenario(driver: NodeDriver, run: NodeRun): Promise<unknown[]> {
  const admin = new driver.MongoClient(uri(run.port), { tlsCAFile: run.caFile, tlsCertificateKeyFile: run.adminCert });
  const reader = new driver.MongoClient(uri(run.port), { tlsCAFile: run.caFile, tlsCertificateKeyFile: run.readerCert });
  const out: unknown[] = [];
  try {
    await admin.connect();
    const db = admin.db(run.db);
    const items = db.collection("items");
    out.push(["ping", (await db.command({ ping: 1 })).ok]);
    out.push(["insertMany", (await items.insertMany([{ _id: 1, kind: "a", n: 1 }, { _id: 2, kind: "b", n: 2 }, { _id: 3, kind: "a", n: 3 }])).insertedCount]);
    out.push(["find", await items.find({}).sort({ _id: 1 }).toArray()]);
    out.push(["updateOne", (await items.updateOne({ _id: 3 }, { $inc: { n: 5 } })).modifiedCount]);
    out.push(["deleteOne", (await items.deleteOne({ _id: 2 })).deletedCount]);
    const bulk = await items.bulkWrite(
      [
        { insertOne: { document: { _id: 4, kind: "c", n: 5 } } },
        { insertOne: { document: { _id: 5, kind: "d", n: 1 } } },
        { updateOne: { filter: { _id: 1 }, update: { $set: { n: 3 } } } },
        { deleteOne: { filter: { _id: 5 } } },
      ],
      { ordered: true },
    );
    out.push(["bulkWrite", { inserted: bulk.insertedCount, matched: bulk.matchedCount, modified: bulk.modifiedCount, deleted: bulk.deletedCount }]);
    out.push(["aggregate", await items.aggregate([{ $group: { _id: "$kind", total: { $sum: "$n" } } }, { $sort: { _id: 1 } }]).toArray()]);
    out.push(["aggregateCollectionless", await db.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }]).toArray()]);
    out.push(["countDocuments", await items.countDocuments({ kind: "a" })]);
    out.push(["estimatedDocumentCount", await items.estimatedDocumentCount()]);
    out.push(["findOneAndUpdate", unwrapModifyResult(await items.findOneAndUpdate({ _id: 4 }, { $inc: { n: 1 } }, { returnDocument: "after" }))]);
    out.push(["createIndex", await items.createIndex({ kind: 1 })]);
    out.push(["listIndexes", (await items.listIndexes().toArray()).map((index) => index.name)]);
    const explained = await items.find({ kind: "a" }).explain("queryPlanner");
    out.push(["explain", "queryPlanner" in explained ? "queryPlanner" : Object.keys(explained)]);
    out.push(["stats", (await db.command({ collStats: "items" })).count]);
    const commands = (await db.command({ listCommands: 1 })).commands as Document;
    out.push(["listCommands", "find" in commands && "findandmodify" in commands]);
    await reader.connect();
    out.push(["refusedInsert", await codeOf(reader.db(run.db).collection("items").insertOne({ _id: 9 }))]);
    const opened = await db.command({ find: "items", batchSize: 1 });
    const cursorId = (opened.cursor as Document).id;
    const killed = await db.command({ killCursors: "items", cursors: [cursorId] });
    out.push(["killedCursor", [(killed.cursorsKilled as unknown[]).length, await codeOf(db.command({ getMore: cursorId, collection: "items" }))]]);
  } finally {
    await admin.close(true);
    await reader.close(true);
  }
  return out;
}

/** Driver 4.x returns `{value, ok}` from findOneAndUpdate, current drivers the document. */
function unwrapModifyResult(result: Document | null): unknown {
  if (result !== null && "value" in result && "ok" in result) return result.value;
  return result;
}
