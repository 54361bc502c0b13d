/**
 * Child process of the gateway benchmark: an embedded backend behind the plaintext wire server, the
 * "same backend" HAProxy forwards to. Prints `{"port": N}` once listening; ends on SIGTERM.
 */
import { openScratchBackend } from "../../test/support/scratch-backend.js";
import { startOpMsgTestServer } from "../../test/support/op-msg-test-server.js";

const scratch = openScratchBackend();
const server = await startOpMsgTestServer(scratch.backend, "bench");
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.once("SIGTERM", () => {
  // The server drops its connections and the backend closes its file: nothing is left to keep the process up.
  void server.close().then(() => scratch.dispose());
});
