/**
 * The gateways with an operator-supplied server certificate (`CERTGATE_GATEWAY_TLS_CERT`/`_KEY`)
 * instead of one from certgate's deployment server CA: clients trust the operator's CA, and the
 * API's tlsCA endpoint says there is no certgate CA to hand out.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { makeRoot, makeSigned } from "../pki/openssl-hierarchy.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";

describe("gateway with an operator-supplied certificate", () => {
  let cg: CertgateProcess;
  let operatorCa: string;
  let client: MongoClient | undefined;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "certgate-gw-op-"));
    const root = makeRoot(dir, "operator-root");
    const server = makeSigned(dir, "gateway", root, [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "authorityKeyIdentifier=keyid",
    ]);
    operatorCa = root.certPath;
    cg = await startCertgate("27240-27249", { CERTGATE_GATEWAY_TLS_CERT: server.certPath, CERTGATE_GATEWAY_TLS_KEY: server.keyPath }, dir);
  });
  after(async () => {
    await client?.close();
    await cg?.stop();
  });

  it("serves clusters with the operator's certificate and has no certgate CA to hand out", async () => {
    const port = await cg.createCluster("Ops0");
    await cg.createUser("ops", "MANAGED", [{ roleName: "readWrite", databaseName: "ops" }]);
    const cert = await cg.issueCert("ops", "ops.pem");
    client = new MongoClient(`mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=3000`, {
      tlsCAFile: operatorCa,
      tlsCertificateKeyFile: cert.file,
    });
    await client.connect();
    await client.db("ops").collection("runs").insertOne({ ok: true });
    assert.equal(await client.db("ops").collection("runs").countDocuments(), 1);
    const body = (await cg.call("GET", "/clusters/Ops0/tlsCA", undefined, 404)) as { errorCode: string };
    assert.equal(body.errorCode, "RESOURCE_NOT_FOUND");
  });
});
