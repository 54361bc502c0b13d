/**
 * Regenerates src/gateway/wire/testdata/*.hex from the installed Node driver:
 * `npx tsc -p . && node dist/test/gateway/wire/capture-fixtures.js`. The unit tests decode these files,
 * so a codec change that breaks a real driver's bytes shows up without a network.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import type { Document } from "bson";
import { startCaptureServer, type Captured } from "./capture-server.js";
import { createThrowawayPki } from "./throwaway-pki.js";

const TESTDATA = fileURLToPath(new URL("../../../../src/gateway/wire/testdata/", import.meta.url));

function bodyOf(captured: Captured): Document {
  return captured.message.kind === "OP_MSG" ? captured.message.msg.body : captured.message.query.query;
}

const pki = createThrowawayPki("/O=certgate/OU=wire/CN=fixture-user");
const server = await startCaptureServer({ tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caFile } });
try {
  const uri = `mongodb://localhost:${server.port}/?directConnection=true&tls=true&authMechanism=MONGODB-X509&appName=fixture`;
  const client = new MongoClient(uri, { tlsCAFile: pki.caFile, tlsCertificateKeyFile: pki.clientPemFile, heartbeatFrequencyMS: 60000 });
  await client.db("sales").collection("orders").insertOne({ sku: "a" }, { writeConcern: { w: 0 } });
  await client.db("admin").command({ ping: 1 });
  await client.close();
  const picks: Record<string, (body: Document) => boolean> = {
    "node-driver-hello-x509.hex": (b) => b.speculativeAuthenticate !== undefined,
    "node-driver-authenticate.hex": (b) => b.authenticate !== undefined,
    "node-driver-insert-w0.hex": (b) => b.insert !== undefined,
  };
  for (const [name, matches] of Object.entries(picks)) {
    const captured = server.captured.find((c) => matches(bodyOf(c)));
    if (!captured) throw new Error(`the driver sent no message for ${name}`);
    writeFileSync(TESTDATA + name, captured.raw.toString("hex").replace(/(.{64})/g, "$1\n").trimEnd() + "\n");
  }
  console.log(`captured from subject ${pki.clientSubject}`);
} finally {
  await server.close();
  pki.cleanup();
}
