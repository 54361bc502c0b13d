// Child process of the durability test: inserts documents into the embedded backend and prints
// "ack <i>" after each acknowledged insert, then waits to be killed. With a concurrency argument,
// that many loops insert through runCommand at once, so acknowledgements come from group commits; with
// "worker" after it, through the WorkerBackend the gateway uses (the writes run on a worker thread).
import type { Document } from "bson";
import type { RunCommandParams } from "../../src/gateway/backends/backend.js";
import { EmbeddedBackend } from "../../src/gateway/backends/embedded/embedded-backend.js";
import { WorkerBackend } from "../../src/gateway/backends/embedded/worker/worker-backend.js";

const [path, countArg, concurrencyArg, host] = process.argv.slice(2);
if (!path || !countArg) throw new Error("usage: embedded-insert-child <sqlite path> <count> [concurrency [worker]]");
const backend: { runCommand(params: RunCommandParams): Promise<Document>; runCommandSync?(params: RunCommandParams): Document } =
  host === "worker" ? await WorkerBackend.open({ path, maxTimeMs: 60_000, memoryLimitMb: 256 }) : EmbeddedBackend.open({ path });
const context = { db: "durable", connectionId: 1, owner: "child" };
const command = (i: number) => ({ insert: "c", documents: [{ _id: i, payload: "p".repeat(512) }], $db: "durable" });
const acknowledged = (i: number, reply: Record<string, unknown>): void => {
  if (Number(reply["n"]) !== 1) throw new Error(`insert ${i} failed: ${JSON.stringify(reply)}`);
  process.stdout.write(`ack ${i}\n`);
};
const total = Number(countArg);
if (concurrencyArg === undefined) {
  const sync = backend.runCommandSync?.bind(backend);
  if (sync === undefined) throw new Error("one at a time needs the in-process backend");
  for (let i = 0; i < total; i++) acknowledged(i, sync({ command: command(i), context }));
} else {
  let next = 0;
  await Promise.all(
    Array.from({ length: Number(concurrencyArg) }, async () => {
      while (next < total) {
        const i = next++;
        acknowledged(i, await backend.runCommand({ command: command(i), context }));
      }
    }),
  );
}
setInterval(() => undefined, 60_000);
