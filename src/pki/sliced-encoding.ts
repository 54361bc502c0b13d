/**
 * DER and PEM encodings of large values (a CRL of 100,000 entries is megabytes), written into one
 * buffer in slices with a turn of the event loop between them, so no single step holds the loop for
 * long: a plain `Buffer.concat` of 100,000 entries, or a PEM built as one base64 string split into
 * lines, each took tens of milliseconds at once.
 */
import { derLength, DER_TAG } from "./der.js";
import { nextEventLoopTurn } from "../shared/event-loop-turn.js";

/** Entries copied between two yields. */
const PARTS_PER_SLICE = 5000;
/** DER bytes per PEM line: 64 base64 characters (RFC 7468 §2). */
const LINE_BYTES = 48;
/** PEM lines written between two yields. */
const LINES_PER_SLICE = 2048;
const NEWLINE = 0x0a;

/** A SEQUENCE of `parts`, as `derSequence` builds it. */
export async function derSequenceSliced(parts: readonly Uint8Array[]): Promise<Buffer> {
  let length = 0;
  for (const part of parts) length += part.length;
  const header = Buffer.concat([Buffer.from([DER_TAG.sequence]), derLength(length)]);
  const out = Buffer.allocUnsafe(header.length + length);
  let at = header.copy(out, 0);
  for (const [index, part] of parts.entries()) {
    if (index > 0 && index % PARTS_PER_SLICE === 0) await nextEventLoopTurn();
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The PEM block of `der` with `label` as bytes, the same text `encodePem` returns. */
export async function encodePemSliced(label: string, der: Uint8Array): Promise<Buffer> {
  const head = Buffer.from(`-----BEGIN ${label}-----\n`, "latin1");
  const tail = Buffer.from(`-----END ${label}-----\n`, "latin1");
  const bytes = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const lines = Math.ceil(bytes.length / LINE_BYTES);
  const out = Buffer.allocUnsafe(head.length + Math.ceil(bytes.length / 3) * 4 + lines + tail.length);
  let at = head.copy(out, 0);
  for (let line = 0; line < lines; line++) {
    if (line > 0 && line % LINES_PER_SLICE === 0) await nextEventLoopTurn();
    at += out.write(bytes.subarray(line * LINE_BYTES, (line + 1) * LINE_BYTES).toString("base64"), at, "latin1");
    out[at++] = NEWLINE;
  }
  at += tail.copy(out, at);
  return out.subarray(0, at);
}
