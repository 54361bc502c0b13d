/**
 * A TLS relay that sits between a real driver and a gateway and records the opcode of every frame in each
 * direction, so a test can see what actually crossed the wire (the gateway's own TLS hides it from a
 * plain TCP capture). The driver trusts the relay's throwaway CA; the relay connects on to the gateway
 * presenting the client certificate it was given, so the gateway authenticates the same user.
 */
import { readFileSync } from "node:fs";
import { connect as tlsConnect, createServer, type TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";

/** One recorded frame: its opcode, and for OP_COMPRESSED the wrapped opcode and the compressor id. */
export interface RecordedFrame {
  connection: number;
  opCode: number;
  originalOpCode?: number;
  compressorId?: number;
}

/** A running relay. */
export interface RecordingRelay {
  port: number;
  fromClient: RecordedFrame[];
  fromServer: RecordedFrame[];
  close(): Promise<void>;
}

/** What the relay listens with and where it forwards. */
export interface RelayOptions {
  listen: { certFile: string; keyFile: string };
  target: { port: number; caFile: string; clientPemFile: string };
}

const OP_COMPRESSED = 2012;

/** Splits a byte stream into frames and records each. */
function frameRecorder(connection: number, into: RecordedFrame[]): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
      const frame = pending.subarray(0, pending.readInt32LE(0));
      pending = pending.subarray(frame.length);
      const opCode = frame.readInt32LE(12);
      into.push(opCode === OP_COMPRESSED ? { connection, opCode, originalOpCode: frame.readInt32LE(16), compressorId: frame.readUInt8(24) } : { connection, opCode });
    }
  };
}

/** Starts a relay on an ephemeral loopback port. */
export async function startRecordingRelay(options: RelayOptions): Promise<RecordingRelay> {
  const fromClient: RecordedFrame[] = [];
  const fromServer: RecordedFrame[] = [];
  const sockets = new Set<TLSSocket>();
  const clientPem = readFileSync(options.target.clientPemFile);
  const ca = readFileSync(options.target.caFile);
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
    const recordClient = frameRecorder(connection, fromClient);
    const recordServer = frameRecorder(connection, fromServer);
    client.on("data", (chunk: Buffer) => {
      recordClient(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      recordServer(chunk);
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    fromClient,
    fromServer,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
