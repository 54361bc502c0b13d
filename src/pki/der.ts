/**
 * The few DER encodings certgate writes by hand (X.690) for CRLs and user certificates: lengths, tagged
 * values, INTEGERs, OBJECT IDENTIFIERs and RFC 5280 times. Each returns a fresh buffer; nothing here searches or sorts, so a list of n entries
 * costs O(n).
 */
import { PkiError } from "./pki-error.js";

/** Tag numbers used by the CRL and certificate writers. */
export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  enumerated: 0x0a,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
  explicit0: 0xa0,
  explicit3: 0xa3,
  implicit0: 0x80,
} as const;

/** The length octets of a value of `length` bytes. */
export function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A value with tag `tag` whose content is `parts`, in order. */
export function derTagged(tag: number, parts: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const header = Buffer.concat([Buffer.from([tag]), derLength(length)]);
  return Buffer.concat([header, ...parts], header.length + length);
}

/** A SEQUENCE of `parts`. */
export function derSequence(parts: readonly Uint8Array[]): Buffer {
  return derTagged(DER_TAG.sequence, parts);
}

/** A non-negative INTEGER, minimal, with a leading zero octet when the top bit would read as negative. */
export function derUnsignedInteger(value: bigint): Buffer {
  if (value < 0n) throw new PkiError("INVALID_ARGUMENT", `DER integer must not be negative, got ${value}`);
  const hex = value.toString(16);
  return derUnsignedIntegerOfBytes(Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, "hex"));
}

/** The INTEGER of an unsigned big-endian magnitude (such as an ECDSA signature's r or s), minimal. */
export function derUnsignedIntegerOfBytes(magnitude: Uint8Array): Buffer {
  return derTagged(DER_TAG.integer, [unsignedIntegerContent(magnitude)]);
}

/**
 * The content octets of the INTEGER of an unsigned big-endian magnitude: leading zero octets dropped,
 * and one 0x00 put back only when the first octet would otherwise read as negative.
 */
export function unsignedIntegerContent(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  return (trimmed[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function derOid(dotted: string): Buffer {
  const [first = 0n, second = 0n, ...rest] = dotted.split(".").map((arc) => BigInt(arc));
  const body: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const bytes = [Number(arc & 0x7fn)];
    for (let value = arc >> 7n; value > 0n; value >>= 7n) bytes.unshift(Number(value & 0x7fn) | 0x80);
    body.push(...bytes);
  }
  return derTagged(DER_TAG.oid, [Buffer.from(body)]);
}

function twoDigits(value: number): string {
  return value.toString().padStart(2, "0");
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, whole seconds, in UTC. */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const rest = `${twoDigits(date.getUTCMonth() + 1)}${twoDigits(date.getUTCDate())}${twoDigits(date.getUTCHours())}${twoDigits(date.getUTCMinutes())}${twoDigits(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return derTagged(DER_TAG.utcTime, [Buffer.from(`${twoDigits(year % 100)}${rest}`, "latin1")]);
  return derTagged(DER_TAG.generalizedTime, [Buffer.from(`${year.toString().padStart(4, "0")}${rest}`, "latin1")]);
}
