/**
 * Operations per second through a gateway measured with a minimal wire client instead of a driver:
 * `connections` TLS connections, each authenticated with a speculative MONGODB-X509 hello, each
 * sending one OP_MSG at a time and checking every reply's `ok`. The client's own cost per operation
 * (encode one small OP_MSG, frame one reply) is far below a driver's, so the figure shows what the
 * gateway process can serve rather than what the client can send.
 */
import tls from "node:tls";
import type { Document } from "bson";
import { bsonNumber, encodeOpMsg, MessageReader } from "../../src/gateway/wire/index.js";
import { AUTHENTICATING_HELLO, type ClientTls, type HelloProbe } from "./connection-rate.js";

/** One TLS connection that sends one OP_MSG at a time and waits for its reply. */
export class WireConnection {
  readonly #socket: tls.TLSSocket;
  readonly #reader = new MessageReader();
  #waiting: ((reply: Document) => void) | undefined;
  #failed: ((error: Error) => void) | undefined;
  #requestId = 0;

  private constructor(socket: tls.TLSSocket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      for (const result of this.#reader.push(chunk)) {
        const waiting = this.#waiting;
        this.#waiting = undefined;
        if (result.ok && result.message.kind === "OP_MSG") waiting?.(result.message.msg.body);
        else this.#failed?.(new Error("unreadable reply"));
      }
    });
    socket.on("error", (error) => this.#failed?.(error));
  }

  static open(port: number, context: tls.SecureContext): Promise<WireConnection> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", secureContext: context });
      socket.once("secureConnect", () => resolve(new WireConnection(socket)));
      socket.once("error", reject);
    });
  }

  run(body: Document): Promise<Document> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#requestId = (this.#requestId + 1) & 0x7fffffff;
      this.#socket.write(encodeOpMsg({ requestId: this.#requestId, responseTo: 0, body }));
    });
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** Opens `connections` TLS connections and sends each the `hello` of `probe`, which must accept the reply. */
export async function openConnections(port: number, client: ClientTls, connections: number, probe: HelloProbe): Promise<WireConnection[]> {
  const context = tls.createSecureContext({ ca: client.ca, cert: client.cert, key: client.key });
  const opened = await Promise.all(Array.from({ length: connections }, () => WireConnection.open(port, context)));
  try {
    for (const connection of opened) {
      const hello = await connection.run(probe.body);
      if (!probe.accept(hello)) throw new Error(`hello refused: ${JSON.stringify(hello)}`);
    }
  } catch (error) {
    for (const connection of opened) connection.close();
    throw error;
  }
  return opened;
}

/** Runs `commands` one after the other on one connection (loading data); every reply must be ok. */
export async function wireCommands(port: number, client: ClientTls, commands: readonly Document[], probe: HelloProbe = AUTHENTICATING_HELLO): Promise<void> {
  const [connection] = await openConnections(port, client, 1, probe);
  try {
    for (const command of commands) {
      const reply = await connection.run(command);
      if (bsonNumber(reply.ok) !== 1) throw new Error(`command failed: ${JSON.stringify(reply)}`);
    }
  } finally {
    connection.close();
  }
}

/**
 * Runs `command(i)` on `connections` connections for `seconds`; returns ops/s. `probe` is the hello
 * each connection starts with (speculative X.509 authentication for the gateway, by default).
 */
export async function wireOpsRate(port: number, client: ClientTls, command: (i: number) => Document, seconds: number, connections: number, probe: HelloProbe = AUTHENTICATING_HELLO): Promise<number> {
  const opened = await openConnections(port, client, connections, probe);
  try {
    const started = process.hrtime.bigint();
    const deadline = Date.now() + seconds * 1000;
    let done = 0;
    let next = 0;
    await Promise.all(
      opened.map(async (connection) => {
        while (Date.now() < deadline) {
          const reply = await connection.run(command(next++));
          if (bsonNumber(reply.ok) !== 1) throw new Error(`command failed: ${JSON.stringify(reply)}`);
          done++;
        }
      }),
    );
    return done / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    for (const connection of opened) connection.close();
  }
}
