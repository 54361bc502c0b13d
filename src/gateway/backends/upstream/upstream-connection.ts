/**
 * One of the gateway's own connections to the upstream server: a TCP or TLS socket speaking OP_MSG
 * with one request in flight at a time (the pool hands a connection to one command at a time, as a
 * driver's pool does).
 */
import net from "node:net";
import tls from "node:tls";
import type { Document } from "bson";
import { encodeOpMsg, MessageReader, OP_CODES, WireError, type DocumentSequence } from "../../wire/index.js";
import { reasonOf, UpstreamLinkError } from "./upstream-error.js";
import { UpstreamReply } from "./upstream-reply.js";

/** Where and how to open a connection. */
export interface ConnectParams {
  host: string;
  port: number;
  /** TLS options; undefined for plain TCP. */
  tls?: tls.ConnectionOptions;
  connectTimeoutMS: number;
  /** 0: no limit. */
  socketTimeoutMS: number;
}

interface Pending {
  requestId: number;
  resolve(reply: UpstreamReply): void;
  reject(error: Error): void;
}

let lastRequestId = 0;
function nextRequestId(): number {
  lastRequestId = (lastRequestId + 1) & 0x7fffffff;
  return lastRequestId;
}

/** An open upstream connection. */
export class UpstreamConnection {
  /** `host:port` of the server. */
  readonly address: string;
  readonly #socket: net.Socket;
  readonly #reader = new MessageReader();
  readonly #socketTimeoutMS: number;
  #pending: Pending | undefined;
  #closedReason: string | undefined;
  readonly #closeListeners: Array<() => void> = [];

  private constructor(socket: net.Socket, address: string, socketTimeoutMS: number) {
    this.#socket = socket;
    this.address = address;
    this.#socketTimeoutMS = socketTimeoutMS;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error) => this.#fail(`connection to ${address} failed: ${error.message}`));
    socket.on("close", () => this.#fail(`connection to ${address} closed`));
    socket.on("timeout", () => this.#fail(`no reply from ${address} within socketTimeoutMS=${socketTimeoutMS}`, "NetworkTimeout"));
  }

  /** Connects (and completes the TLS handshake); fails with HostUnreachable or NetworkTimeout. */
  static open(params: ConnectParams): Promise<UpstreamConnection> {
    const address = `${params.host.includes(":") ? `[${params.host}]` : params.host}:${params.port}`;
    return new Promise((resolve, reject) => {
      const socket = params.tls
        ? tls.connect({ ...params.tls, host: params.host, port: params.port })
        : net.connect({ host: params.host, port: params.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new UpstreamLinkError("NetworkTimeout", `connecting to upstream ${address} timed out after ${params.connectTimeoutMS} ms`));
      }, params.connectTimeoutMS);
      const onError = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new UpstreamLinkError("HostUnreachable", `cannot connect to upstream ${address}: ${error.message}`, { cause: error }));
      };
      socket.once("error", onError);
      socket.once(params.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        socket.off("error", onError);
        resolve(new UpstreamConnection(socket, address, params.socketTimeoutMS));
      });
    });
  }

  /** True once the socket is unusable. */
  get closed(): boolean {
    return this.#closedReason !== undefined;
  }

  /** Calls `listener` once when the connection closes (at once if it already has). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.#closeListeners.push(listener);
  }

  /**
   * Sends one command and resolves with the reply body. A broken or timed-out connection rejects
   * with {@link UpstreamLinkError} and is closed: its stream position is no longer known.
   */
  async command(body: Document, sequences: DocumentSequence[] = []): Promise<Document> {
    return (await this.exchange(body, sequences)).document();
  }

  /** {@link command}, resolving with the reply as it was read (see {@link UpstreamReply}). */
  exchange(body: Document, sequences: DocumentSequence[] = []): Promise<UpstreamReply> {
    if (this.#closedReason !== undefined) return Promise.reject(new UpstreamLinkError("HostUnreachable", this.#closedReason));
    if (this.#pending !== undefined) return Promise.reject(new Error("an upstream connection runs one command at a time"));
    const requestId = nextRequestId();
    let frame: Buffer;
    try {
      frame = encodeOpMsg({ requestId, responseTo: 0, body, sequences });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(reasonOf(error)));
    }
    return new Promise((resolve, reject) => {
      this.#pending = { requestId, resolve, reject };
      if (this.#socketTimeoutMS > 0) this.#socket.setTimeout(this.#socketTimeoutMS);
      this.#socket.write(frame);
    });
  }

  /** Closes the socket; a command in flight fails. */
  close(): void {
    this.#fail(`connection to ${this.address} closed by the gateway`);
  }

  #onData(chunk: Buffer): void {
    for (const frame of this.#reader.pushFrames(chunk)) {
      if (frame instanceof WireError) {
        this.#fail(`unreadable reply from ${this.address}: ${frame.message}`);
        return;
      }
      const pending = this.#pending;
      const responseTo = frame.readInt32LE(8);
      const opCode = frame.readInt32LE(12);
      if (pending === undefined || responseTo !== pending.requestId || opCode !== OP_CODES.OP_MSG) {
        this.#fail(`unexpected opcode ${opCode} from ${this.address} (responseTo ${responseTo})`);
        return;
      }
      let reply: UpstreamReply;
      try {
        reply = UpstreamReply.read(frame);
      } catch (error) {
        this.#fail(`unreadable reply from ${this.address}: ${reasonOf(error)}`);
        return;
      }
      this.#pending = undefined;
      if (this.#socketTimeoutMS > 0) this.#socket.setTimeout(0);
      pending.resolve(reply);
    }
  }

  #fail(reason: string, codeName: "HostUnreachable" | "NetworkTimeout" = "HostUnreachable"): void {
    if (this.#closedReason !== undefined) return;
    this.#closedReason = reason;
    this.#socket.destroy();
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(new UpstreamLinkError(codeName, reason));
    for (const listener of this.#closeListeners.splice(0)) listener();
  }
}
