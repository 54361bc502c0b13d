/**
 * Reading DER (X.690) one element at a time, for the few structures certgate takes apart on a hot path
 * (a CSR's parts, a certificate's subject) where a schema-driven ASN.1 parser costs far more than the
 * work itself. Only definite lengths are read; anything else reads as `undefined`, and callers then
 * fall back to the full parser, which says what is wrong.
 */

/** One element: its tag and where its header, content and end lie in the buffer. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** The element starting at `at`, which must end by `limit`; undefined when it is not well-formed DER. */
export function readDerElement(bytes: Uint8Array, at: number, limit: number = bytes.length): DerElement | undefined {
  if (at + 2 > limit) return undefined;
  const tag = bytes[at] as number;
  // Multi-byte tag numbers never occur in the structures read here.
  if ((tag & 0x1f) === 0x1f) return undefined;
  const first = bytes[at + 1] as number;
  let length = first;
  let contentStart = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > limit) return undefined;
    // DER lengths are minimal: no leading zero byte, and the long form only from 128 on.
    if (bytes[contentStart] === 0) return undefined;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[contentStart + i] as number);
    if (length < 0x80) return undefined;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) return undefined;
  return { tag, start: at, contentStart, end };
}

/** The element at `at` if it has tag `tag`. */
export function readDerTagged(bytes: Uint8Array, tag: number, at: number, limit: number): DerElement | undefined {
  const element = readDerElement(bytes, at, limit);
  return element?.tag === tag ? element : undefined;
}

/** The children of a constructed element, in order; undefined when one is malformed or they overrun it. */
export function readDerChildren(bytes: Uint8Array, parent: DerElement): DerElement[] | undefined {
  const children: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readDerElement(bytes, at, parent.end);
    if (child === undefined) return undefined;
    children.push(child);
    at = child.end;
  }
  return children;
}
