/**
 * The client matrix: one scenario (connect, CRUD, bulk write, aggregate including collectionless,
 * count and estimatedDocumentCount, findOneAndUpdate, indexes, explain, stats, listCommands, a
 * refusal with 13 and a killed cursor) run by each common MongoDB driver and tool through the
 * embedded backend and through the upstream backend, each producing the transcript mongod's answers
 * give.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as currentDriver from "mongodb";
import * as driver4 from "mongodb4";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectedTranscript, startMatrix, type Matrix, type MatrixTarget } from "./support/matrix-harness.js";
import { nodeScenario } from "./support/node-scenario.js";
import { buildCScenario, buildGoScenario, MONGOSH, PYTHON } from "./support/client-programs.js";
import { runScenarioProgram, SCRIPTS_DIR, type ScenarioEnv } from "./support/run-script.js";

describe("client matrix", () => {
  let matrix: Matrix;
  before(async () => {
    matrix = await startMatrix("27400-27409");
  });
  after(() => matrix?.cg.stop());

  const runs = (client: string) => matrix.targets.map((target) => ({ ...target, db: `${client}_${target.backend}` }));
  const envFor = (target: MatrixTarget, db: string): ScenarioEnv => ({ PORT: String(target.port), CA: matrix.caFile, ADMIN_CERT: matrix.adminCert, READER_CERT: matrix.readerCert, DB: db });

  /** Runs `program` for both backends and checks the transcripts (extra steps after the shared ones go to `extra`). */
  async function checkProgram(client: string, program: (env: ScenarioEnv) => Promise<unknown[]>, extra: unknown[] = []): Promise<void> {
    for (const run of runs(client)) {
      const transcript = await program(envFor(run, run.db));
      assert.deepEqual(transcript, [...expectedTranscript(), ...extra], `${client} through the ${run.backend} backend`);
    }
  }

  for (const [client, driver] of [
    ["node", currentDriver],
    ["node4", driver4],
  ] as const) {
    it(`${client}: the scenario gives mongod's answers through both backends`, async () => {
      for (const run of runs(client)) {
        const transcript = await nodeScenario(driver as never, { ...run, caFile: matrix.caFile, adminCert: matrix.adminCert, readerCert: matrix.readerCert });
        assert.deepEqual(transcript, expectedTranscript(), `${client} through the ${run.backend} backend`);
      }
    });
  }

  it("mongod's answers outside the scenario: refusal order, aliases, pre-authentication commands, usersInfo on oneself", async () => {
    for (const target of matrix.targets) {
      const base = `mongodb://localhost:${target.port}/?tls=true&directConnection=true&serverSelectionTimeoutMS=5000`;
      const x509 = `${base}&authMechanism=MONGODB-X509&authSource=%24external`;
      const admin = new currentDriver.MongoClient(x509, { tlsCAFile: matrix.caFile, tlsCertificateKeyFile: matrix.adminCert });
      const reader = new currentDriver.MongoClient(x509, { tlsCAFile: matrix.caFile, tlsCertificateKeyFile: matrix.readerCert });
      const anonymous = new currentDriver.MongoClient(base, { tlsCAFile: matrix.caFile, tlsCertificateKeyFile: matrix.readerCert });
      const codeOf = (promise: Promise<unknown>) =>
        promise.then(
          () => "no error",
          (error: { code?: unknown }) => error.code,
        );
      try {
        const label = `${target.backend} backend`;
        const adminDb = admin.db("admin");
        const readerDb = reader.db("admin");
        assert.equal(await codeOf(readerDb.command({ frobnicate: 1 })), 59, label);
        assert.equal(await codeOf(readerDb.command({ serverStatus: 1 })), 13, label);
        assert.equal(await codeOf(adminDb.command({ createUser: "eve", pwd: "x", roles: [] })), 13, label);
        assert.equal(await codeOf(adminDb.command({ top: 1 })), 115, label);
        assert.equal(typeof (await adminDb.command({ serverStatus: 1 })).uptime, "number", label);
        const unknownStage = { aggregate: "items", pipeline: [{ $frobnicate: {} }], cursor: {} };
        assert.equal(await codeOf(reader.db("x").command(unknownStage)), 40324, label);
        assert.equal(await codeOf(reader.db("x").command({ aggregate: "items", pipeline: [{ $listSearchIndexes: {} }], cursor: {} })), 31082, label);
        const me = ((await readerDb.command({ connectionStatus: 1 })).authInfo.authenticatedUsers as Array<{ user: string; db: string }>)[0];
        const info = await readerDb.command({ usersInfo: { user: me?.user, db: "$external" } });
        assert.deepEqual((info.users as Array<{ roles: unknown }>).map((u) => u.roles), [[{ role: "readAnyDatabase", db: "admin" }]], label);
        assert.equal(await codeOf(readerDb.command({ usersInfo: { user: "someone-else", db: "$external" } })), 13, label);
        const listed = await anonymous.db("admin").command({ listCommands: 1 });
        assert.equal(listed.commands.find.requiresAuth, true, label);
        assert.equal(await codeOf(anonymous.db("x").command({ find: "items" })), 13, label);
        // Through an upstream every gateway user is one identity, so only inprog may list operations.
        const ownOps = await codeOf(readerDb.command({ currentOp: 1, $ownOps: true }));
        assert.equal(ownOps, target.backend === "embedded" ? "no error" : 13, label);
      } finally {
        await Promise.all([admin.close(true), reader.close(true), anonymous.close(true)]);
      }
    }
  });

  it("mongoose: the scenario gives mongod's answers through both backends", () =>
    checkProgram("mongoose", (env) => runScenarioProgram(process.execPath, [join(SCRIPTS_DIR, "mongoose_scenario.mjs")], { ...env })));

  /** How each non-Node client is run; Go and C are built once, offline. */
  const programs: Record<string, (env: ScenarioEnv & Record<string, string>) => Promise<unknown[]>> = {
    pymongo: (env) => runScenarioProgram(PYTHON, [join(SCRIPTS_DIR, "pymongo_scenario.py")], env),
    ruby: (env) => runScenarioProgram("ruby", [join(SCRIPTS_DIR, "ruby_scenario.rb")], env),
    go: async (env) => runScenarioProgram(await built("go", buildGoScenario), [], env),
    c: async (env) => runScenarioProgram(await built("c", buildCScenario), [], env),
    mongosh: (env) => {
      const topology = { plain: "", discover: "&directConnection=false", replicaSet: `&replicaSet=${env.SET_NAME}` }[env.CONNECT ?? ""] ?? "&directConnection=true";
      const uri = `mongodb://localhost:${env.PORT}/${env.DB}?tls=true&authMechanism=MONGODB-X509&authSource=%24external${topology}&compressors=zlib`;
      const args = [uri, "--tlsCAFile", env.CA, "--tlsCertificateKeyFile", env.ADMIN_CERT, "--quiet", "--norc", "--file", join(SCRIPTS_DIR, "mongosh_scenario.js")];
      return runScenarioProgram(MONGOSH, args, { ...env, MONGOSH_NO_UPDATE_CHECK: "1", HOME: matrix.cg.dir });
    },
  };
  const builds = new Map<string, Promise<string>>();
  let buildRoot: string | undefined;
  function built(name: string, build: (dir: string) => Promise<string>): Promise<string> {
    buildRoot ??= mkdtempSync(join(tmpdir(), "matrix-build-"));
    const dir = join(buildRoot, name);
    mkdirSync(dir, { recursive: true });
    if (!builds.has(name)) builds.set(name, build(dir));
    return builds.get(name) as Promise<string>;
  }
  after(() => {
    if (buildRoot) rmSync(buildRoot, { recursive: true, force: true });
  });

  const mongoshHelpers = [
    ["helper stats().storageSize > 0", true],
    ["helper totalSize() > 0", true],
    ["helper aggregate explain()", true],
    ["helper currentOp() lists itself", true],
    ["helper serverStatus() uptime", true],
    ["reader serverStatus()", 13],
    ["reader currentOp()", 13],
  ];
  const extraSteps: Record<string, unknown[]> = { mongosh: mongoshHelpers };
  const clientNames: Record<string, string> = { pymongo: "pymongo", ruby: "ruby-mongo", go: "Go driver", c: "C driver", mongosh: "mongosh" };

  for (const client of Object.keys(programs)) {
    const title = client === "mongosh" ? "mongosh: the scenario and its stats(), explain(), currentOp(), serverStatus() helpers (refused to a read role)" : `${clientNames[client]}: the scenario gives mongod's answers through both backends`;
    it(title, () => checkProgram(client, (env) => programs[client]!({ ...env }), extraSteps[client]));
  }

  /**
   * Without directConnection: the plain URI, and replicaSet=<cluster name>. The client must discover a
   * replica set with a primary, named after the cluster, whose only member is the address it dialed, and
   * run the whole scenario on it. pymongo 3, libmongoc and mongosh (which adds directConnection=true
   * itself) connect to a lone seed as a single server when the URI names no topology (their documented
   * default), so they are also run with directConnection=false ("discover").
   */
  const singleByDefault = new Set(["pymongo", "c", "mongosh"]);
  for (const client of Object.keys(programs)) {
    const modes = singleByDefault.has(client) ? ["plain", "discover", "replicaSet"] : ["plain", "replicaSet"];
    it(`${clientNames[client]} without directConnection (${modes.join(", ")}): discovers the one-member replica set and runs the scenario on it`, async () => {
      for (const mode of modes) {
        for (const run of runs(`${client}_${mode}`)) {
          const env = { ...envFor(run, run.db), CONNECT: mode, SET_NAME: run.setName };
          const transcript = await programs[client]!(env);
          const kind = singleByDefault.has(client) && mode === "plain" ? "Single" : "ReplicaSetWithPrimary";
          const topology = ["topology", kind, [run.setName], [`localhost:${run.port}`]];
          assert.deepEqual(transcript, [...expectedTranscript(), ...(extraSteps[client] ?? []), topology], `${client} (${mode}) through the ${run.backend} backend`);
        }
      }
    });
  }
});
