/**
 * The few DER encodings the CRL writer assembles by hand (X.690): lengths, tagged values, INTEGERs and
 * RFC 5280 times. Each returns a fresh buffer; nothing here searches or sorts, so a list of n entries
 * costs O(n).
 */
import { PkiError } from "./pki-error.js";

/** Tag numbers used by the CRL writer. */
export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  enumerated: 0x0a,
  sequence: 0x30,
  utcTime: 0x17,
  generalizedTime: 0x18,
  explicit0: 0xa0,
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
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return derTagged(DER_TAG.integer, [bytes]);
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
