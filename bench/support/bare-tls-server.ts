/**
 * Child process of the gateway benchmark: the least a Node.js server can do for the benchmark's
 * connection loop. It completes the same mutual-TLS handshake (same certificate, same client CA,
 * `requestCert` and `rejectUnauthorized`) and answers each OP_MSG with `{ok: 1}`, without
 * authentication, authorization or a backend. Its CPU per connection is the part of the gateway's
 * cost that belongs to Node's TLS rather than to certgate. A fourth argument `no-tickets` sets
 * SSL_OP_NO_TICKET, as the gateway does. Prints `{"port": N}`; ends on SIGTERM.
 */
import { constants } from "node:crypto";
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { Double } from "bson";
import { encodeReply, MessageReader } from "../../src/gateway/wire/index.js";

const [certFile, keyFile, caFile, ticketsArg] = process.argv.slice(2);
if (certFile === undefined || keyFile === undefined || caFile === undefined) throw new Error("usage: bare-tls-server <cert> <key> <ca>");
let requestId = 0;
const open = new Set<tls.TLSSocket>();
const server = tls.createServer(
  { cert: readFileSync(certFile), key: readFileSync(keyFile), ca: readFileSync(caFile), requestCert: true, rejectUnauthorized: true, noDelay: true, ...(ticketsArg === "no-tickets" ? { secureOptions: constants.SSL_OP_NO_TICKET } : {}) },
  (socket) => {
    const reader = new MessageReader();
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      for (const result of reader.push(chunk)) {
        if (!result.ok) {
          socket.destroy();
          return;
        }
        socket.write(encodeReply(result.message, ++requestId, { ok: new Double(1) }));
      }
    });
  },
);
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
process.once("SIGTERM", () => {
  // Open connections would keep the process alive; without them it ends on its own.
  server.close();
  for (const socket of open) socket.destroy();
});
