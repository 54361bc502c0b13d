/**
 * A TLS relay between a driver and a gateway that loses one reply: when the gateway answers the first
 * OP_MSG command for which `isVictim` holds, the relay drops that reply and closes both connections,
 * as a network failure after the server applied a write would. The driver sees a network error
 * (retryable), and a retryable write is then sent again, on a new connection, with the same `lsid`
 * and `txnNumber`. The driver trusts the relay's throwaway CA; the relay presents the client
 * certificate it was given to the gateway.
 */
import { readFileSync } from "node:fs";
import { connect as tlsConnect, createServer, type TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { deserialize, type Document } from "bson";

const OP_MSG = 2013;

/** A running relay. */
export interface ReplyDroppingRelay {
  readonly port: number;
  /** Bodies of the commands the relay saw, in order, over every connection. */
  readonly commands: Document[];
  /** Whether a reply was dropped. */
  dropped(): boolean;
  close(): Promise<void>;
}

/** What the relay listens with, where it forwards, and whose reply it drops. */
export interface ReplyDroppingRelayOptions {
  listen: { certFile: string; keyFile: string };
  target: { port: number; caFile: string; clientPemFile: string };
  isVictim(command: Document): boolean;
}

/** Calls `onFrame` with each whole wire frame of a byte stream. */
function frames(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
      const frame = pending.subarray(0, pending.readInt32LE(0));
      pending = pending.subarray(frame.length);
      onFrame(frame);
    }
  };
}

/** The body section of an OP_MSG frame (the first section, kind 0, as drivers send it). */
function opMsgBody(frame: Buffer): Document | undefined {
  if (frame.readInt32LE(12) !== OP_MSG || frame.readUInt8(20) !== 0) return undefined;
  return deserialize(frame.subarray(21, 21 + frame.readInt32LE(21)), { promoteLongs: false });
}

/** Starts a relay on an ephemeral loopback port. */
export async function startReplyDroppingRelay(options: ReplyDroppingRelayOptions): Promise<ReplyDroppingRelay> {
  const commands: Document[] = [];
  const sockets = new Set<TLSSocket>();
  const clientPem = readFileSync(options.target.clientPemFile);
  const ca = readFileSync(options.target.caFile);
  let victimRequest: { connection: number; requestId: number } | undefined;
  let dropped = false;
  let connections = 0;
  const server = createServer({ cert: readFileSync(options.listen.certFile), key: readFileSync(options.listen.keyFile) }, (client) => {
    const connection = ++connections;
    const upstream = tlsConnect({ host: "localhost", port: options.target.port, servername: "localhost", ca, cert: clientPem, key: clientPem });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on(
      "data",
      frames((frame) => {
        const body = opMsgBody(frame);
        if (body !== undefined) {
          commands.push(body);
          if (victimRequest === undefined && options.isVictim(body)) victimRequest = { connection, requestId: frame.readInt32LE(4) };
        }
        upstream.write(frame);
      }),
    );
    upstream.on(
      "data",
      frames((frame) => {
        const responseTo = frame.readInt32LE(8);
        if (!dropped && victimRequest?.connection === connection && victimRequest.requestId === responseTo) {
          dropped = true;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(frame);
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
