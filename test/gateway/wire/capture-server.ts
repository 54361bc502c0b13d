import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { readFileSync } from "node:fs";
import { Double, Int32, Long, type Document } from "bson";
import { MessageReader } from "../../../src/gateway/wire/message-reader.js";
import { hasFlag, OP_MSG_FLAGS } from "../../../src/gateway/wire/op-msg.js";
import { encodeReply } from "../../../src/gateway/wire/reply-encoder.js";
import type { WireMessage } from "../../../src/gateway/wire/wire-message.js";

/** One message a client sent, with the raw frame bytes and the connection it came on. */
export interface Captured {
  connection: number;
  message: WireMessage;
  raw: Buffer;
  peerSubject?: string;
}

/** Options of {@link startCaptureServer}. */
export interface CaptureServerOptions {
  tls?: { cert: string; key: string; ca: string };
  /** Compressors to accept in hello replies (the codec supports zlib). */
  compression?: string[];
}

/** A minimal server that answers a driver well enough to record what it sends. */
export interface CaptureServer {
  port: number;
  captured: Captured[];
  /** Reader errors; the connection that produced one was closed. */
  errors: Error[];
  close(): Promise<void>;
}

let nextRequestId = 1000;

function helloReply(request: Document, connectionId: number, compression: string[]): Document {
  const legacy = request.hello === undefined;
  const reply: Document = {};
  if (request.helloOk !== undefined) reply.helloOk = true;
  reply[legacy ? "ismaster" : "isWritablePrimary"] = true;
  Object.assign(reply, {
    maxBsonObjectSize: new Int32(16777216),
    maxMessageSizeBytes: new Int32(48000000),
    maxWriteBatchSize: new Int32(100000),
    localTime: new Date(),
    logicalSessionTimeoutMinutes: new Int32(30),
    connectionId: new Int32(connectionId),
    minWireVersion: new Int32(0),
    maxWireVersion: new Int32(21),
    readOnly: false,
  });
  const offered: unknown = request.compression;
  const agreed = Array.isArray(offered) ? compression.filter((c) => offered.includes(c)) : [];
  if (agreed.length > 0) reply.compression = agreed;
  reply.ok = new Double(1);
  return reply;
}

/** Just enough of mongod's replies for clients to carry on: cursors are empty, writes succeed. */
function commandReply(body: Document, peerSubject: string | undefined): Document {
  if (body.authenticate !== undefined) return { dbname: "$external", user: peerSubject ?? "", ok: new Double(1) };
  if (body.insert !== undefined) return { n: new Int32(1), ok: new Double(1) };
  if (body.buildInfo !== undefined) return { version: "7.0.0", versionArray: [7, 0, 0, 0].map((n) => new Int32(n)), ok: new Double(1) };
  if (body.listDatabases !== undefined) return { databases: [], totalSize: new Int32(0), ok: new Double(1) };
  if (body.cursor !== undefined || body.find !== undefined || body.listCollections !== undefined) {
    const ns = `${String(body.$db)}.${typeof body.find === "string" ? body.find : "$cmd"}`;
    return { cursor: { firstBatch: [], id: Long.fromNumber(0), ns }, ok: new Double(1) };
  }
  return { ok: new Double(1) };
}

/** Starts a capture server on 127.0.0.1 with an ephemeral port. */
export async function startCaptureServer(options: CaptureServerOptions = {}): Promise<CaptureServer> {
  const captured: Captured[] = [];
  const errors: Error[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const onConnection = (socket: Socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const reader = new MessageReader();
    const tlsSocket = socket as TLSSocket;
    const peer = typeof tlsSocket.getPeerX509Certificate === "function" ? tlsSocket.getPeerX509Certificate() : undefined;
    const peerSubject = peer?.subject.split("\n").reverse().join(",");
    socket.on("data", (chunk: Buffer) => {
      for (const result of reader.push(chunk)) {
        if (!result.ok) {
          errors.push(result.error);
          socket.destroy();
          return;
        }
        const message = result.message;
        captured.push({ connection, message, raw: result.frame, peerSubject });
        if (message.kind === "OP_QUERY") {
          socket.write(encodeReply(message, nextRequestId++, helloReply(message.query.query, connection, options.compression ?? [])));
          continue;
        }
        if (hasFlag(message.msg.flagBits, OP_MSG_FLAGS.moreToCome)) continue;
        const body = message.msg.body;
        const isHello = body.hello !== undefined || body.ismaster !== undefined || body.isMaster !== undefined;
        const reply = isHello ? helloReply(body, connection, options.compression ?? []) : commandReply(body, peerSubject);
        socket.write(encodeReply(message, nextRequestId++, reply));
      }
    });
  };
  let server: Server;
  if (options.tls) {
    server = createTlsServer(
      {
        cert: readFileSync(options.tls.cert),
        key: readFileSync(options.tls.key),
        ca: readFileSync(options.tls.ca),
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: "TLSv1.2",
      },
      onConnection,
    );
  } else {
    server = createNetServer(onConnection);
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    captured,
    errors,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
