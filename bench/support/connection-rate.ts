/**
 * New authenticated connections per second, measured the same way for every target: a fresh TLS
 * connection with the client certificate (full handshake, no session resumption, as drivers
 * connect), one OP_MSG `hello` (carrying speculative MONGODB-X509 authentication where the target
 * authenticates), its reply checked, then the socket closed. `concurrency` loops run at once.
 */
import tls from "node:tls";
import { Int32, type Document } from "bson";
import { bsonNumber, encodeOpMsg, MessageReader } from "../../src/gateway/wire/index.js";

/** Client TLS material. */
export interface ClientTls {
  ca: string;
  cert: string;
  key: string;
}

/** The hello a target is sent, and what its reply must show. */
export interface HelloProbe {
  body: Document;
  accept(reply: Document): boolean;
}

/** A hello with speculative X.509 authentication; the reply must confirm the authentication. */
export const AUTHENTICATING_HELLO: HelloProbe = {
  body: { hello: new Int32(1), speculativeAuthenticate: { authenticate: new Int32(1), mechanism: "MONGODB-X509", db: "$external" }, $db: "admin" },
  accept: (reply) => bsonNumber(reply.ok) === 1 && reply.speculativeAuthenticate !== undefined,
};

/** A plain hello, for a target where the TLS handshake itself is the authentication. */
export const PLAIN_HELLO: HelloProbe = {
  body: { hello: new Int32(1), $db: "admin" },
  accept: (reply) => bsonNumber(reply.ok) === 1,
};

function oneConnection(port: number, context: tls.SecureContext, frame: Buffer, probe: HelloProbe): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", secureContext: context });
    const reader = new MessageReader();
    socket.once("secureConnect", () => socket.write(frame));
    socket.on("data", (chunk: Buffer) => {
      for (const result of reader.push(chunk)) {
        socket.destroy();
        if (result.ok && result.message.kind === "OP_MSG" && probe.accept(result.message.msg.body)) resolve();
        else reject(new Error(`unexpected hello reply: ${result.ok ? JSON.stringify(result.message.kind === "OP_MSG" ? result.message.msg.body : {}) : result.error.message}`));
      }
    });
    socket.once("error", (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** Runs the loops for `seconds` and returns completed connections per second. */
export async function connectionRate(port: number, client: ClientTls, probe: HelloProbe, seconds: number, concurrency: number): Promise<number> {
  const context = tls.createSecureContext({ ca: client.ca, cert: client.cert, key: client.key });
  const frame = encodeOpMsg({ requestId: 1, responseTo: 0, body: probe.body });
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await oneConnection(port, context, frame, probe);
        done++;
      }
    }),
  );
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}
