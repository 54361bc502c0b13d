import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import type { Document } from "bson";
import { EmbeddedBackend } from "../../src/gateway/backends/embedded/embedded-backend.js";

const CHILD = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "embedded-insert-child.js");

/** Runs the child until it has acknowledged `killAfter` inserts, then SIGKILLs it; resolves the acknowledged ids. */
function insertThenKill(path: string, total: number, killAfter: number, concurrency?: number, host?: "worker"): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const args = [CHILD, path, String(total), ...(concurrency === undefined ? [] : [String(concurrency)]), ...(host === undefined ? [] : [host])];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const acked: number[] = [];
    let buffered = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        acked.push(Number(line.replace("ack ", "")));
        if (acked.length === killAfter) child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(acked);
      else reject(new Error(`child exited with ${String(code)} before being killed: ${stderr}`));
    });
  });
}

describe("embedded backend durability", () => {
  const cases = [
    { concurrency: undefined, host: undefined, how: "one at a time" },
    { concurrency: 8, host: undefined, how: "8 at a time (group commits)" },
    { concurrency: 8, host: "worker" as const, how: "8 at a time on the gateway's worker thread (group commits)" },
  ];
  for (const { concurrency, host, how } of cases) {
    it(`keeps every acknowledged insert after the process is SIGKILLed, inserting ${how}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "certgate-durable-"));
      try {
        const path = join(dir, "cluster.sqlite");
        const acked = await insertThenKill(path, 2000, 40, concurrency, host);
        assert.ok(acked.length >= 40);
        const backend = EmbeddedBackend.open({ path });
        const context = { db: "durable", connectionId: 1, owner: "test" };
        const find = (filter: Document): Document[] =>
          backend.runCommandSync({ command: { find: "c", filter, batchSize: 10_000, $db: "durable" }, context })["cursor"].firstBatch as Document[];
        for (const id of acked) assert.equal(find({ _id: id }).length, 1, `acknowledged document ${id} is missing`);
        const found = find({});
        assert.ok(found.length >= acked.length);
        assert.deepEqual(found.map((d) => d["_id"]).sort((a, b) => (a as number) - (b as number)), Array.from({ length: found.length }, (_, i) => i));
        assert.ok(found.every((d) => d["payload"] === "p".repeat(512)));
        await backend.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
