/**
 * What a hostile database user does to a cluster in the containment benchmark: commands that keep the
 * cluster's evaluator busy, sent again as soon as each is answered, and connections that pipeline
 * requests and never read a reply.
 */
import tls from "node:tls";
import type { Document } from "bson";
import { encodeOpMsg, MessageReader } from "../../src/gateway/wire/index.js";
import { AUTHENTICATING_HELLO, type ClientTls } from "./connection-rate.js";
import { openConnections } from "./wire-ops-rate.js";

/** A running attack. */
export interface RunningAttack {
  /** Stops sending and resolves once every connection is closed and every command in flight answered. */
  stop(): Promise<void>;
}

/** `connections` connections each send `command`, and again as soon as it is answered (any answer). */
export async function repeatCommand(port: number, client: ClientTls, command: Document, connections: number): Promise<RunningAttack> {
  const opened = await openConnections(port, client, connections, AUTHENTICATING_HELLO);
  let stopped = false;
  const loops = opened.map(async (connection) => {
    while (!stopped) await connection.run(command);
  });
  return {
    async stop() {
      stopped = true;
      try {
        await Promise.all(loops);
      } finally {
        for (const connection of opened) connection.close();
      }
    },
  };
}

function authenticatedSocket(port: number, context: tls.SecureContext): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", secureContext: context });
    const reader = new MessageReader();
    const onData = (chunk: Buffer): void => {
      for (const result of reader.push(chunk)) {
        socket.off("data", onData);
        // From here on nothing is read: the kernel's receive buffer fills and the server's writes stall.
        socket.pause();
        if (result.ok && result.message.kind === "OP_MSG" && AUTHENTICATING_HELLO.accept(result.message.msg.body)) resolve(socket);
        else reject(new Error("the hello was refused"));
        return;
      }
    };
    socket.once("secureConnect", () => socket.write(encodeOpMsg({ requestId: 1, responseTo: 0, body: AUTHENTICATING_HELLO.body })));
    socket.on("data", onData);
    socket.once("error", reject);
  });
}

/**
 * `connections` authenticated connections each write `perConnection` copies of `command` at once and
 * never read a reply.
 */
export async function unreadReplies(port: number, client: ClientTls, command: Document, connections: number, perConnection: number): Promise<RunningAttack> {
  const context = tls.createSecureContext({ ca: client.ca, cert: client.cert, key: client.key });
  const sockets = await Promise.all(Array.from({ length: connections }, () => authenticatedSocket(port, context)));
  for (const socket of sockets) {
    socket.on("error", () => undefined);
    const frames = Array.from({ length: perConnection }, (_, i) => encodeOpMsg({ requestId: i + 2, responseTo: 0, body: command }));
    socket.write(Buffer.concat(frames));
  }
  return {
    stop() {
      for (const socket of sockets) socket.destroy();
      return Promise.resolve();
    },
  };
}
