/**
 * Wire compression with the drivers beyond Node's: pymongo (with Debian's python3-snappy and
 * python3-zstandard), the Go driver (its snappy, zlib and zstd packages from /usr/share/gocode), the C
 * driver (Debian's libmongoc, built with snappy, zlib and zstd) and the Ruby driver (ruby-mongo 2.5 knows
 * only zlib). Each writes and reads back one compressible document through a recording TLS relay in
 * front of a real `certgate start`, and the relay shows what crossed the wire: the driver's commands in
 * OP_COMPRESSED with the compressor the gateway agreed to, and the gateway's replies compressed the same
 * way. The gateway offers snappy and zlib only, so a driver that lists zstd first gets its next choice, and
 * one that asks for zstd alone talks uncompressed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";
import { startRecordingRelay, type RecordedFrame, type RecordingRelay } from "../gateway/support/recording-tls-relay.js";
import { createThrowawayPki, type ThrowawayPki } from "../gateway/wire/throwaway-pki.js";
import { buildCScenario, buildGoScenario, PYTHON } from "./support/client-programs.js";
import { SCRIPTS_DIR } from "./support/run-script.js";

const OP_COMPRESSED = 2012;
const COMPRESSOR_IDS = { none: 0, snappy: 1, zlib: 2 } as const;
const TEXT_LENGTH = "compressible ".length * 500;

/** A client program: how to run it, given the folder the compiled ones are built in. */
interface Client {
  name: string;
  command(buildDir: string): Promise<{ file: string; args: string[] }>;
  cases: Array<{ compressors: string; expected: keyof typeof COMPRESSOR_IDS }>;
}

const clients: Client[] = [
  {
    name: "pymongo",
    command: async () => ({ file: PYTHON, args: [join(SCRIPTS_DIR, "compressed_roundtrip.py")] }),
    cases: [
      { compressors: "snappy", expected: "snappy" },
      { compressors: "zstd,snappy,zlib", expected: "snappy" },
      { compressors: "zstd,zlib", expected: "zlib" },
      { compressors: "zstd", expected: "none" },
    ],
  },
  {
    name: "Go driver",
    command: async (dir) => ({ file: await buildGoScenario(dir, "compressed_roundtrip.go"), args: [] }),
    cases: [
      { compressors: "snappy", expected: "snappy" },
      { compressors: "zlib", expected: "zlib" },
      { compressors: "zstd,zlib", expected: "zlib" },
    ],
  },
  {
    name: "C driver",
    command: async (dir) => ({ file: await buildCScenario(dir, "compressed_roundtrip.c"), args: [] }),
    cases: [
      { compressors: "snappy", expected: "snappy" },
      { compressors: "zlib", expected: "zlib" },
      { compressors: "zstd,snappy", expected: "snappy" },
    ],
  },
  {
    name: "Ruby driver",
    command: async () => ({ file: "ruby", args: [join(SCRIPTS_DIR, "compressed_roundtrip.rb")] }),
    cases: [{ compressors: "zlib", expected: "zlib" }],
  },
];

const compressed = (frames: RecordedFrame[]) => frames.filter((f) => f.opCode === OP_COMPRESSED);

describe("wire compression with pymongo, the Go, C and Ruby drivers, seen on the wire", () => {
  let cg: CertgateProcess;
  let pki: ThrowawayPki;
  let relay: RecordingRelay;
  let certFile: string;
  let buildDir: string;

  before(async () => {
    cg = await startCertgate("27640-27649");
    const port = await cg.createCluster("Squeeze1");
    await cg.createUser("squeezer", "MANAGED", [{ roleName: "readWrite", databaseName: "squeeze" }]);
    certFile = (await cg.issueCert("squeezer", "squeezer.pem")).file;
    pki = createThrowawayPki();
    relay = await startRecordingRelay({ listen: { certFile: pki.serverCert, keyFile: pki.serverKey }, target: { port, caFile: cg.serverCaFile, clientPemFile: certFile } });
    buildDir = mkdtempSync(join(tmpdir(), "compression-clients-"));
  });
  after(async () => {
    await relay?.close();
    await cg?.stop();
    pki?.cleanup();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  for (const client of clients) {
    it(`${client.name}: ${client.cases.map((c) => `${c.compressors} -> ${c.expected}`).join("; ")}`, async () => {
      const clientDir = join(buildDir, client.name.replace(/\W/g, "_"));
      mkdirSync(clientDir);
      const { file, args } = await client.command(clientDir);
      for (const [index, { compressors, expected }] of client.cases.entries()) {
        const label = `${client.name} asking for ${compressors}`;
        const earlier = new Set([...relay.fromClient, ...relay.fromServer].map((f) => f.connection));
        const collection = `${client.name.replace(/\W/g, "_")}_${index}`;
        const { stdout } = await promisify(execFile)(file, args, {
          env: { ...process.env, PORT: String(relay.port), CA: pki.caFile, CERT: certFile, COMPRESSORS: compressors, COLL: collection },
          timeout: 120_000,
        });
        assert.deepEqual(JSON.parse(stdout.trim().split("\n").at(-1) ?? ""), [TEXT_LENGTH], label);
        const sent = relay.fromClient.filter((f) => !earlier.has(f.connection));
        const answered = relay.fromServer.filter((f) => !earlier.has(f.connection));
        if (expected === "none") {
          assert.deepEqual([compressed(sent), compressed(answered)], [[], []], `${label}: nothing compressed`);
          continue;
        }
        const id = COMPRESSOR_IDS[expected];
        // At least the insert and the find travel compressed, each answered with the same compressor.
        assert.ok(compressed(sent).length >= 2, `${label}: too few OP_COMPRESSED from the driver: ${JSON.stringify(sent)}`);
        assert.deepEqual(new Set(compressed(sent).map((f) => f.compressorId)), new Set([id]), `${label}: the driver compressed with ${expected}`);
        assert.deepEqual(new Set(compressed(answered).map((f) => f.compressorId)), new Set([id]), `${label}: the gateway answered with ${expected}`);
        assert.equal(compressed(answered).length, compressed(sent).length, `${label}: every compressed request got a compressed reply`);
      }
    });
  }
});
