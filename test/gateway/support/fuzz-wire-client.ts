/**
 * A mutual-TLS wire client for the fuzzer: writes any bytes, matches replies to requests by
 * `responseTo`, and hands every reply it decodes to `onReply` (so replies to malformed frames are
 * checked too).
 */
import tls from "node:tls";
import { readFileSync } from "node:fs";
import type { Document } from "bson";
import { onReplyFrames } from "./reply-frames.js";

export interface FuzzClient {
  /** Writes `frame` and resolves with the reply to `requestId`, or undefined once the server closed. */
  request(frame: Buffer, requestId: number): Promise<Document | undefined>;
  write(frame: Buffer): void;
  readonly open: boolean;
  close(): void;
}

export async function connectFuzzClient(port: number, caFile: string, certKeyFile: string | undefined, onReply: (doc: Document) => void): Promise<FuzzClient> {
  const pem = certKeyFile === undefined ? undefined : readFileSync(certKeyFile, "utf8");
  const socket = tls.connect({ host: "localhost", port, servername: "localhost", ca: readFileSync(caFile), ...(pem ? { cert: pem, key: pem } : {}) });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", resolve);
    socket.once("error", reject);
  });
  let open = true;
  const waiting = new Map<number, (doc: Document | undefined) => void>();
  socket.on("error", () => undefined);
  socket.on("close", () => {
    open = false;
    for (const resolve of waiting.values()) resolve(undefined);
    waiting.clear();
  });
  onReplyFrames(socket, (header, reply) => {
    const doc = reply ?? {};
    onReply(doc);
    const resolve = waiting.get(header.responseTo);
    waiting.delete(header.responseTo);
    resolve?.(doc);
  });
  return {
    request(frame, requestId) {
      if (!open) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        waiting.set(requestId, resolve);
        socket.write(frame);
      });
    },
    write(frame) {
      if (open) socket.write(frame);
    },
    get open() {
      return open;
    },
    close: () => socket.destroy(),
  };
}
