import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MongoClient, MongoServerError, type Db } from "mongodb";
import { openScratchBackend, type ScratchBackend } from "../support/scratch-backend.js";
import { crudSuite } from "../support/crud-suite.js";
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

  crudSuite({ forwarded: () => db, direct: () => db });

  it("lists the databases that hold collections", async () => {
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
