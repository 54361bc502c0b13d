import { HEADER_SIZE, MAX_MESSAGE_SIZE_BYTES } from "./msg-header.js";
import { decodeMessage, type WireMessage } from "./wire-message.js";
import { WireError } from "./wire-error.js";

/** Options of a {@link MessageReader}. */
export interface MessageReaderOptions {
  /** Largest frame accepted; defaults to mongod's 48,000,000 bytes. */
  maxMessageSizeBytes?: number;
}

/**
 * One outcome of framing: a decoded message with its raw frame (for relaying or capture), or the reason
 * the bytes were refused.
 */
export type ReadResult = { ok: true; message: WireMessage; frame: Buffer } | { ok: false; error: WireError; frame?: Buffer };

/**
 * Streaming framer for one connection: feed it the socket's chunks in order and it returns every complete
 * message they finish. A bad length prefix is fatal (the stream can no longer be split), so the reader
 * then ignores further input and the caller should close the socket; a message that is framed correctly
 * but malformed inside yields a non-fatal {@link WireError} carrying its requestID, and reading goes on.
 * Nothing is ever thrown.
 */
export class MessageReader {
  readonly #maxMessageSize: number;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #failed = false;

  constructor(options: MessageReaderOptions = {}) {
    this.#maxMessageSize = options.maxMessageSizeBytes ?? MAX_MESSAGE_SIZE_BYTES;
  }

  /** True once a fatal error was reported; later input is discarded. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Bytes received that do not yet form a complete message. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Adds a chunk and returns the messages (and errors) it completes, in order. */
  push(chunk: Buffer): ReadResult[] {
    return this.pushFrames(chunk).map((frame) => (frame instanceof WireError ? { ok: false, error: frame } : this.#decode(frame)));
  }

  /**
   * Adds a chunk and returns the frames it completes without decoding them (for a relay that reads
   * only what it needs); a bad length prefix ends the list with its fatal {@link WireError}.
   */
  pushFrames(chunk: Buffer): Array<Buffer | WireError> {
    if (this.#failed || chunk.length === 0) return [];
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: Array<Buffer | WireError> = [];
    while (this.#buffered >= 4) {
      const length = this.#peekLength();
      if (length < HEADER_SIZE || length > this.#maxMessageSize) {
        frames.push(this.#fail(`message length ${length} is outside ${HEADER_SIZE}..${this.#maxMessageSize}`, length));
        break;
      }
      if (this.#buffered < length) break;
      frames.push(this.#take(length));
    }
    return frames;
  }

  /**
   * Reports the end of the stream: returns an error when it cut a message short, else undefined.
   */
  end(): WireError | undefined {
    if (this.#failed || this.#buffered === 0) return undefined;
    const pending = this.#buffered;
    this.#failed = true;
    this.#chunks = [];
    this.#buffered = 0;
    return new WireError("MESSAGE_TOO_SHORT", `connection ended inside a message (${pending} bytes pending)`, { fatal: true });
  }

  #decode(frame: Buffer): ReadResult {
    try {
      return { ok: true, message: decodeMessage(frame, this.#maxMessageSize), frame };
    } catch (error) {
      if (error instanceof WireError) return { ok: false, error, frame };
      // Decoders throw only WireError; anything else (e.g. a stack overflow on absurd nesting) is still
      // confined to this message.
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: new WireError("INVALID_BSON", `message could not be decoded: ${reason}`, { cause: error, requestId: frame.readInt32LE(4) }) };
    }
  }

  #fail(message: string, length: number): WireError {
    this.#failed = true;
    this.#chunks = [];
    this.#buffered = 0;
    const code = length > this.#maxMessageSize ? "MESSAGE_TOO_LARGE" : "MESSAGE_TOO_SHORT";
    return new WireError(code, message, { fatal: true });
  }

  #peekLength(): number {
    const first = this.#chunks[0];
    if (first.length >= 4) return first.readInt32LE(0);
    const head = Buffer.concat(this.#chunks, Math.min(this.#buffered, 4));
    return head.readInt32LE(0);
  }

  #take(length: number): Buffer {
    const first = this.#chunks[0];
    if (first.length >= length) {
      const frame = first.subarray(0, length);
      if (first.length === length) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(length);
      this.#buffered -= length;
      return frame;
    }
    const frame = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.#chunks[0];
      const wanted = length - filled;
      if (chunk.length <= wanted) {
        chunk.copy(frame, filled);
        filled += chunk.length;
        this.#chunks.shift();
      } else {
        chunk.copy(frame, filled, 0, wanted);
        filled += wanted;
        this.#chunks[0] = chunk.subarray(wanted);
      }
    }
    this.#buffered -= length;
    return frame;
  }
}

/**
 * Frames an async stream of chunks (such as a socket) into messages; stops after a fatal error and
 * yields a final error when the stream ends inside a message.
 */
export async function* readMessages(source: AsyncIterable<Buffer>, options: MessageReaderOptions = {}): AsyncGenerator<ReadResult> {
  const reader = new MessageReader(options);
  for await (const chunk of source) {
    for (const result of reader.push(chunk)) yield result;
    if (reader.failed) return;
  }
  const error = reader.end();
  if (error) yield { ok: false, error };
}
