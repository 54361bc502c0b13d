/**
 * A bare mutual-TLS wire client for the protocol tests: sends hand-built frames (valid or not)
 * and decodes the server's OP_REPLY / OP_MSG answers, so every byte the gateway sees is chosen
 * by the test.
 */
import tls from "node:tls";
import { readFileSync } from "node:fs";
import { deserialize, serialize, type Document } from "bson";
import { onReplyFrames } from "./reply-frames.js";

/** A decoded reply: `doc` as plain values, `typed` with the BSON wrappers (Int32, Double, Long) as sent. */
export interface RawReply {
  opCode: number;
  responseTo: number;
  doc: Document;
  typed: Document;
}

/** One connection. */
export interface RawWireClient {
  /** Writes bytes and resolves with the next reply's document (or rejects when the server closes). */
  request(frame: Buffer): Promise<RawReply>;
  /** Writes bytes without waiting for a reply. */
  write(frame: Buffer): void;
  /** Resolves once the server has closed the connection. */
  closed: Promise<void>;
  /** Stops reading: the server's replies pile up in the kernel's buffers. */
  pause(): void;
  /** Reads again after {@link RawWireClient.pause}. */
  resume(): void;
  /** The client's local port, which the server sees as the remote port. */
  readonly localPort: number;
  /** Bytes written by the test that the kernel has not taken yet (the server stopped reading). */
  readonly unsentBytes: number;
  close(): void;
}

/** Connects to `localhost:port` presenting `certKeyFile` and trusting `caFile`. */
export async function connectRaw(port: number, caFile: string, certKeyFile: string): Promise<RawWireClient> {
  const pem = readFileSync(certKeyFile, "utf8");
  const socket = tls.connect({ host: "localhost", port, servername: "localhost", ca: readFileSync(caFile), cert: pem, key: pem });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", resolve);
    socket.once("error", reject);
  });
  const waiting: Array<{ resolve: (r: RawReply) => void; reject: (e: Error) => void }> = [];
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => undefined);
  socket.on("close", () => {
    for (const w of waiting.splice(0)) w.reject(new Error("the server closed the connection"));
  });
  onReplyFrames(socket, (header, doc) => {
    // Plain JS values (the codec keeps Int32/Double wrappers), so tests compare with literals.
    waiting.shift()?.resolve({ opCode: header.opCode, responseTo: header.responseTo, doc: deserialize(serialize(doc ?? {})), typed: doc ?? {} });
  });
  return {
    request(frame) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        socket.write(frame);
      });
    },
    write(frame) {
      socket.write(frame);
    },
    closed,
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    localPort: socket.localPort ?? 0,
    get unsentBytes() {
      return socket.writableLength;
    },
    close: () => socket.destroy(),
  };
}
