// Child process of the durability test: inserts documents one command at a time into the
// embedded backend and prints "ack <i>" after each acknowledged insert, then waits to be killed.
import { EmbeddedBackend } from "../../src/gateway/backends/embedded/embedded-backend.js";

const [path, countArg] = process.argv.slice(2);
if (!path || !countArg) {
  process.stderr.write("usage: embedded-insert-child <sqlite path> <count>\n");
  process.exit(2);
}
const backend = EmbeddedBackend.open({ path });
const context = { db: "durable", connectionId: 1, owner: "child" };
for (let i = 0; i < Number(countArg); i++) {
  const reply = backend.runCommandSync({ command: { insert: "c", documents: [{ _id: i, payload: "p".repeat(512) }], $db: "durable" }, context });
  if (reply["n"] !== 1) {
    process.stderr.write(`insert ${i} failed: ${JSON.stringify(reply)}\n`);
    process.exit(1);
  }
  process.stdout.write(`ack ${i}\n`);
}
setInterval(() => undefined, 60_000);
