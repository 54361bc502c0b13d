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
import { mkdtempSync, rmSync } from "node:fs";
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

  it("mongoose: the scenario gives mongod's answers through both backends", () =>
    checkProgram("mongoose", (env) => runScenarioProgram(process.execPath, [join(SCRIPTS_DIR, "mongoose_scenario.mjs")], { ...env })));

  it("pymongo: the scenario gives mongod's answers through both backends", () =>
    checkProgram("pymongo", (env) => runScenarioProgram(PYTHON, [join(SCRIPTS_DIR, "pymongo_scenario.py")], { ...env })));

  it("ruby-mongo: the scenario gives mongod's answers through both backends", () =>
    checkProgram("ruby", (env) => runScenarioProgram("ruby", [join(SCRIPTS_DIR, "ruby_scenario.rb")], { ...env })));

  it("Go driver: the scenario gives mongod's answers through both backends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "matrix-go-"));
    try {
      const binary = await buildGoScenario(dir);
      await checkProgram("go", (env) => runScenarioProgram(binary, [], { ...env }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("C driver: the scenario gives mongod's answers through both backends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "matrix-c-"));
    try {
      const binary = await buildCScenario(dir);
      await checkProgram("c", (env) => runScenarioProgram(binary, [], { ...env }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("mongosh: the scenario and its stats(), explain(), currentOp(), serverStatus() helpers (refused to a read role)", () =>
    checkProgram(
      "mongosh",
      (env) => {
        const uri = `mongodb://localhost:${env.PORT}/${env.DB}?tls=true&authMechanism=MONGODB-X509&authSource=%24external&directConnection=true&compressors=zlib`;
        const args = [uri, "--tlsCAFile", env.CA, "--tlsCertificateKeyFile", env.ADMIN_CERT, "--quiet", "--norc", "--file", join(SCRIPTS_DIR, "mongosh_scenario.js")];
        return runScenarioProgram(MONGOSH, args, { ...env, MONGOSH_NO_UPDATE_CHECK: "1", HOME: matrix.cg.dir });
      },
      [
        ["helper stats().storageSize > 0", true],
        ["helper totalSize() > 0", true],
        ["helper aggregate explain()", true],
        ["helper currentOp() lists itself", true],
        ["helper serverStatus() uptime", true],
        ["reader serverStatus()", 13],
        ["reader currentOp()", 13],
      ],
    ));
});
