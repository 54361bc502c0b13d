// A deliberately tiny, plaintext MongoDB wire server for tests only: it frames OP_MSG and the
// legacy OP_QUERY handshake with the bson package and hands every non-handshake command to a
// Backend. No TLS, no authentication; the real gateway lives in src/gateway. It answers the
// handshake as the primary of a one-member replica set (TEST_SET_NAME), as the gateway does, since
// the embedded backend behind it has retryable writes and the upstream backend refuses a standalone.
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Long, ObjectId, deserialize, serialize, type Document } from "bson";
import { sessionKey, type Backend } from "../../src/gateway/backends/backend.js";
import { errorReply } from "../../src/gateway/backends/error-reply.js";

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const HANDSHAKE = new Set(["hello", "isMaster", "ismaster"]);
const PROCESS_ID = new ObjectId();
/** The replica set name the server's handshake announces. */
export const TEST_SET_NAME = "test-rs";
const ELECTION_ID = new ObjectId("7fffffff0000000000000001");

/** A running test server. */
export interface OpMsgTestServer {
  readonly port: number;
  close(): Promise<void>;
}

/** How the server presents itself; by default as a replica set's primary. */
export interface OpMsgTestServerOptions {
  /** Answer the handshake as a standalone mongod (no `setName`). */
  readonly standalone?: boolean;
}

/** Starts the server on 127.0.0.1 on `port` (a free one by default); every connection acts as `owner`. */
export async function startOpMsgTestServer(backend: Backend, owner = "test-user", port = 0, options: OpMsgTestServerOptions = {}): Promise<OpMsgTestServer> {
  let nextConnectionId = 1;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serveConnection(socket, backend, owner, nextConnectionId++, options);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveConnection(socket: Socket, backend: Backend, owner: string, connectionId: number, options: OpMsgTestServerOptions): void {
  let pending = Buffer.alloc(0);
  let chain = Promise.resolve();
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const message = pending.subarray(0, pending.readInt32LE(0));
      pending = pending.subarray(message.length);
      chain = chain.then(() => answer(socket, backend, owner, connectionId, message, options)).catch(() => {
        socket.destroy();
      });
    }
  });
}

async function answer(socket: Socket, backend: Backend, owner: string, connectionId: number, message: Buffer, options: OpMsgTestServerOptions): Promise<void> {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_QUERY) {
    // flags(4) fullCollectionName(cstring) numberToSkip(4) numberToReturn(4) query
    const nameEnd = message.indexOf(0, 20);
    const query = deserialize(message.subarray(nameEnd + 9));
    socket.write(frame(OP_REPLY, requestId, replyBody(handshakeReply(query, connectionId, options.standalone ? undefined : memberOf(socket)))));
    return;
  }
  if (opCode !== OP_MSG) throw new Error(`unsupported opcode ${opCode}`);
  const command = parseOpMsg(message);
  const name = Object.keys(command)[0] ?? "";
  let reply: Document;
  if (HANDSHAKE.has(name)) reply = handshakeReply(command, connectionId, options.standalone ? undefined : memberOf(socket));
  else if (name === "ping") reply = { ok: 1 };
  else {
    const lsid = command["lsid"] as { id: never } | undefined;
    try {
      reply = await backend.runCommand({
        command,
        context: { db: command["$db"] as string, connectionId, owner, ...(lsid ? { sessionId: sessionKey(lsid) } : {}) },
      });
    } catch (err) {
      reply = errorReply(err);
    }
  }
  const body = Buffer.from(serialize(reply));
  const flags = Buffer.alloc(5);
  socket.write(frame(OP_MSG, requestId, Buffer.concat([flags, body])));
}

function parseOpMsg(message: Buffer): Document {
  let offset = 20;
  let body: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  const flags = message.readUInt32LE(16);
  const end = flags & 1 ? message.length - 4 : message.length;
  while (offset < end) {
    const kind = message.readUInt8(offset++);
    const size = message.readInt32LE(offset);
    if (kind === 0) body = deserialize(message.subarray(offset, offset + size), { promoteLongs: false });
    else {
      const nameEnd = message.indexOf(0, offset + 4);
      const id = message.toString("utf8", offset + 4, nameEnd);
      const docs: Document[] = [];
      for (let at = nameEnd + 1; at < offset + size; at += message.readInt32LE(at)) {
        docs.push(deserialize(message.subarray(at, at + message.readInt32LE(at)), { promoteLongs: false }));
      }
      sequences[id] = docs;
    }
    offset += size;
  }
  return { ...(body ?? {}), ...sequences };
}

function memberOf(socket: Socket): string {
  return `${socket.localAddress ?? "127.0.0.1"}:${socket.localPort ?? 0}`;
}

/** `member` undefined: a standalone's reply. */
function handshakeReply(request: Document, connectionId: number, member: string | undefined): Document {
  const replicaSet =
    member === undefined
      ? { isWritablePrimary: true }
      : { hosts: [member], setName: TEST_SET_NAME, setVersion: 1, isWritablePrimary: true, secondary: false, primary: member, me: member, electionId: ELECTION_ID };
  return {
    ...(request["helloOk"] ? { helloOk: true } : {}),
    topologyVersion: { processId: PROCESS_ID, counter: Long.ZERO },
    ...replicaSet,
    maxBsonObjectSize: 16777216,
    maxMessageSizeBytes: 48000000,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

function replyBody(doc: Document): Buffer {
  const header = Buffer.alloc(20);
  header.writeInt32LE(0, 0);
  header.writeBigInt64LE(0n, 4);
  header.writeInt32LE(0, 12);
  header.writeInt32LE(1, 16);
  return Buffer.concat([header, Buffer.from(serialize(doc))]);
}

function frame(opCode: number, responseTo: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(0, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}
