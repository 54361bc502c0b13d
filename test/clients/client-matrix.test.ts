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
import { expectedTranscript, startMatrix, type Matrix } from "./support/matrix-harness.js";
import { nodeScenario } from "./support/node-scenario.js";

describe("client matrix", () => {
  let matrix: Matrix;
  before(async () => {
    matrix = await startMatrix("27400-27409");
  });
  after(() => matrix?.cg.stop());

  const runs = (client: string) => matrix.targets.map((target) => ({ ...target, db: `${client}_${target.backend}` }));

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
});
