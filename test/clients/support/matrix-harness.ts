/**
 * The client matrix's world: one real `certgate start` with two clusters, `Embedded` (the embedded
 * backend) and `Forwarder` (the upstream backend, forwarding to `Embedded` over mutual TLS as a
 * database user certgate issued; no real mongod is available to the tests, so the most faithful
 * upstream at hand is certgate's own embedded gateway). Every client runs the same scenario against
 * both, each run in a database of its own.
 */
import assert from "node:assert/strict";
import { startCertgate, type CertgateProcess } from "../../gateway/support/certgate-process.js";
import { eventually } from "../../gateway/support/eventually.js";

/** One gateway a scenario runs against. */
export interface MatrixTarget {
  readonly backend: "embedded" | "upstream";
  readonly port: number;
  /** The replica set's name `hello` reports: the cluster's name. */
  readonly setName: string;
}

/** What a client scenario needs. */
export interface Matrix {
  readonly cg: CertgateProcess;
  readonly targets: readonly MatrixTarget[];
  /** atlasAdmin@admin. */
  readonly adminCert: string;
  /** read@<every scenario database> (readAnyDatabase). */
  readonly readerCert: string;
  readonly caFile: string;
}

/** Starts certgate on `ports` with both clusters and the scenario's users. */
export async function startMatrix(ports: string): Promise<Matrix> {
  const cg = await startCertgate(ports);
  const embeddedPort = await cg.createCluster("Embedded");
  await cg.createUser("forwarder", "MANAGED", [{ roleName: "atlasAdmin", databaseName: "admin" }]);
  await cg.createUser("admin", "MANAGED", [{ roleName: "atlasAdmin", databaseName: "admin" }]);
  await cg.createUser("reader", "MANAGED", [{ roleName: "readAnyDatabase", databaseName: "admin" }]);
  const forwarderCert = (await cg.issueCert("forwarder", "forwarder.pem")).file;
  const adminCert = (await cg.issueCert("admin", "admin.pem")).file;
  const readerCert = (await cg.issueCert("reader", "reader.pem")).file;
  const options = `tls=true&authMechanism=MONGODB-X509&tlsCAFile=${encodeURIComponent(cg.serverCaFile)}&tlsCertificateKeyFile=${encodeURIComponent(forwarderCert)}`;
  const connectionString = `mongodb://localhost:${embeddedPort}/?${options}&connectTimeoutMS=3000`;
  await cg.call("POST", "/clusters", { name: "Forwarder", backend: { upstream: { connectionString } } }, 201);
  const { value: forwarderPort } = await eventually(async () => {
    const cluster = (await cg.call("GET", "/clusters/Forwarder")) as { stateName: string; connectionStrings?: { standard: string } };
    assert.ok(cluster.stateName === "IDLE" && cluster.connectionStrings, `Forwarder is ${cluster.stateName}`);
    return Number(new URL(cluster.connectionStrings.standard).port);
  }, 10_000);
  return {
    cg,
    targets: [
      { backend: "embedded", port: embeddedPort, setName: "Embedded" },
      { backend: "upstream", port: forwarderPort, setName: "Forwarder" },
    ],
    adminCert,
    readerCert,
    caFile: cg.serverCaFile,
  };
}

/**
 * The scenario's transcript every client must produce, step by step, in its own words: what
 * mongod answers for the same calls. `db` is the run's database.
 */
export function expectedTranscript(): unknown[] {
  return [
    ["ping", 1],
    ["insertMany", 3],
    ["find", [{ _id: 1, kind: "a", n: 1 }, { _id: 2, kind: "b", n: 2 }, { _id: 3, kind: "a", n: 3 }]],
    ["updateOne", 1],
    ["deleteOne", 1],
    ["bulkWrite", { inserted: 2, matched: 1, modified: 1, deleted: 1 }],
    ["aggregate", [{ _id: "a", total: 11 }, { _id: "c", total: 5 }]],
    ["aggregateCollectionless", [{ x: 2 }]],
    ["countDocuments", 2],
    ["estimatedDocumentCount", 3],
    ["findOneAndUpdate", { _id: 4, kind: "c", n: 6 }],
    ["createIndex", "kind_1"],
    ["listIndexes", ["_id_", "kind_1"]],
    ["explain", "queryPlanner"],
    ["stats", 3],
    ["listCommands", true],
    ["refusedInsert", 13],
    ["killedCursor", [1, 43]],
  ];
}
