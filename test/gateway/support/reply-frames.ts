/**
 * Splits what a gateway sends on a socket into whole wire messages and hands each reply's header and
 * first document (OP_REPLY) or body (OP_MSG) to `onReply`.
 */
import type { Socket } from "node:net";
import type { Document } from "bson";
import { readHeader, type MsgHeader } from "../../../src/gateway/wire/msg-header.js";
import { decodeOpMsg } from "../../../src/gateway/wire/op-msg.js";
import { decodeOpReply } from "../../../src/gateway/wire/op-reply.js";

export function onReplyFrames(socket: Socket, onReply: (header: MsgHeader, doc: Document | undefined) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
      const frame = buffered.subarray(0, buffered.readInt32LE(0));
      buffered = buffered.subarray(frame.length);
      const header = readHeader(frame);
      onReply(header, header.opCode === 1 ? decodeOpReply(frame, header).documents[0] : decodeOpMsg(frame, header).body);
    }
  });
}
