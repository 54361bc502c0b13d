/**
 * Writes a large reply to a client's socket a slice at a time, the next slice only after the previous one
 * was handed to the kernel and one turn of the event loop has passed.
 *
 * Why: a TLS socket encrypts whatever it is given at once, on the gateway's one thread, into an output
 * buffer that grows to the whole write. One 4 MB reply to a connection that does not read cost about
 * 25 ms of CPU (most of it faulting in fresh memory for that buffer), and eight such connections held
 * every other tenant and the Admin API for a few hundred milliseconds. In slices, each turn encrypts at
 * most a slice per connection, the other clients are served in between, and a client that stops
 * reading leaves the rest of its reply where it already was, unencrypted, in the reply's own buffer.
 */
import type { Socket } from "node:net";

/** Replies larger than this go to the socket in slices of this size. */
export const REPLY_SLICE_BYTES = 256 * 1024;

/**
 * Writes `frame`. A frame of one slice or less is written at once and nothing is returned (the common
 * reply costs no promise); a larger one returns a promise that resolves once all of it was handed to
 * the kernel, or the socket closed.
 */
export function writeInSlices(socket: Socket, frame: Buffer): Promise<void> | undefined {
  if (frame.length <= REPLY_SLICE_BYTES) {
    socket.write(frame);
    return undefined;
  }
  return writeSlices(socket, frame);
}

async function writeSlices(socket: Socket, frame: Buffer): Promise<void> {
  for (let offset = 0; offset < frame.length && !socket.destroyed; offset += REPLY_SLICE_BYTES) {
    await writeSlice(socket, frame.subarray(offset, offset + REPLY_SLICE_BYTES));
  }
}

function writeSlice(socket: Socket, slice: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off("close", done);
      resolve();
    };
    socket.once("close", done);
    // The callback runs once the slice is written (or the write failed: the socket then closes).
    socket.write(slice, () => setImmediate(done));
  });
}
