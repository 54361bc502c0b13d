/**
 * Child process of the upstream forwarding benchmark: the least a Node.js process can do to sit between
 * a client and an upstream over TLS. It terminates the client's TLS and pipes the bytes, unparsed, into a
 * TLS connection of its own to the upstream (presenting `clientPem`, so the upstream authenticates that
 * certificate's user), and the upstream's bytes back. No framing, decoding, authorization or pooling: the
 * added latency of this hop is what two more TLS connections and a third process cost on this machine,
 * the floor under any Node.js forwarding gateway. Prints `{"port": N}`; ends on SIGTERM.
 */
import { readFileSync } from "node:fs";
import tls from "node:tls";
import type { AddressInfo } from "node:net";

const [certFile, keyFile, targetPort, targetCaFile, clientPemFile] = process.argv.slice(2);
if (certFile === undefined || keyFile === undefined || targetPort === undefined || targetCaFile === undefined || clientPemFile === undefined) {
  throw new Error("usage: bare-tls-relay <cert> <key> <target port> <target ca> <client pem>");
}
const clientPem = readFileSync(clientPemFile);
const targetCa = readFileSync(targetCaFile);
const open = new Set<tls.TLSSocket>();
const server = tls.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), noDelay: true }, (client) => {
  const upstream = tls.connect({ host: "localhost", port: Number(targetPort), servername: "localhost", ca: targetCa, cert: clientPem, key: clientPem });
  upstream.setNoDelay(true);
  for (const socket of [client, upstream]) {
    open.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      open.delete(socket);
      client.destroy();
      upstream.destroy();
    });
  }
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
// With its sockets destroyed and the server closed, nothing keeps the event loop alive and the process ends.
process.on("SIGTERM", () => {
  for (const socket of open) socket.destroy();
  server.close();
});
