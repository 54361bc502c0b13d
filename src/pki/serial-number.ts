/**
 * Certificate serial numbers: random positive 63-bit integers.
 *
 * Atlas reports a certificate's serial as its `_id`, a signed 64-bit JSON integer, and its own serials
 * are 8 bytes with the top bit clear; certgate does the same. The first byte is also never zero, so a
 * serial always encodes in exactly 8 DER content bytes and its value lies in [2^56, 2^63): 63 - 1/128
 * bits of randomness, and never zero. Uniqueness per CA is the caller's business: the store's unique
 * index on (CA, serial) refuses a used serial, and the issuer then draws again
 * (`core/certificates.ts`); {@link generateSerialNumber} can also ask an `isTaken` lookup first.
 */
import { randomFillSync } from "node:crypto";
import { unsignedIntegerContent } from "./der.js";
import { PkiError } from "./pki-error.js";

/** Smallest serial generated (first byte 0x01). */
export const MIN_SERIAL_NUMBER = 1n << 56n;
/** One past the largest serial generated (top bit clear). */
export const SERIAL_NUMBER_LIMIT = 1n << 63n;

/**
 * CSPRNG bytes drawn a page at a time and handed out once each, front to back (as Node's own
 * `randomUUID` does): one `randomBytes(8)` call costs about 20 µs of the event loop, a draw from the
 * page well under one.
 */
const RANDOM_PAGE_BYTES = 4096;
const randomPage = Buffer.alloc(RANDOM_PAGE_BYTES);
let randomPageOffset = RANDOM_PAGE_BYTES;

function randomUint64(): bigint {
  if (randomPageOffset + 8 > RANDOM_PAGE_BYTES) {
    randomFillSync(randomPage);
    randomPageOffset = 0;
  }
  const value = randomPage.readBigUInt64BE(randomPageOffset);
  // Each byte is used once: wipe it, so the page never holds a serial already handed out.
  randomPage.fill(0, randomPageOffset, randomPageOffset + 8);
  randomPageOffset += 8;
  return value;
}

/** Draws one random serial in [2^56, 2^63). */
export function randomSerialNumber(): bigint {
  for (;;) {
    const serial = randomUint64() & (SERIAL_NUMBER_LIMIT - 1n);
    if (serial >= MIN_SERIAL_NUMBER) return serial;
  }
}

/** Tells whether a serial is already used by the CA at hand. */
export type IsSerialTaken = (serial: bigint) => boolean | Promise<boolean>;

/**
 * Draws serials until `isTaken` says one is free, at most `maxAttempts` times; with 2^63 values a
 * second draw is already astronomically rare, so running out means `isTaken` is broken and is
 * reported as `PkiError("SERIAL_EXHAUSTED")` rather than looping forever.
 */
export async function generateSerialNumber(isTaken?: IsSerialTaken, maxAttempts = 8, draw: () => bigint = randomSerialNumber): Promise<bigint> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const serial = draw();
    if (!isTaken || !(await isTaken(serial))) return serial;
  }
  throw new PkiError("SERIAL_EXHAUSTED", `no free serial number after ${maxAttempts} random draws; is the isTaken check always true?`);
}

/** True for serials certgate could have issued: positive and below 2^63 (fits a signed int64). */
export function isInt64Serial(serial: bigint): boolean {
  return serial > 0n && serial < SERIAL_NUMBER_LIMIT;
}

/** The serial as lowercase hex with an even number of digits, as X.509 libraries take it. */
export function serialNumberToHex(serial: bigint): string {
  if (serial <= 0n) throw new PkiError("INVALID_ARGUMENT", `serial number must be positive, got ${serial}`);
  const hex = serial.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/**
 * The content octets of the serial's DER INTEGER: big-endian, minimal, with a leading 0x00 only when
 * the first byte would otherwise read as negative.
 */
export function serialNumberToDer(serial: bigint): Buffer {
  return unsignedIntegerContent(Buffer.from(serialNumberToHex(serial), "hex"));
}

/**
 * Parses a serial printed in hex (Node's `X509Certificate.serialNumber`, OpenSSL's `serial=`,
 * with or without colons or a leading zero byte) into a bigint.
 */
export function serialNumberFromHex(hex: string): bigint {
  const digits = hex.replace(/:/g, "").trim();
  if (!/^[0-9a-fA-F]+$/.test(digits)) {
    throw new PkiError("INVALID_ARGUMENT", `serial number ${JSON.stringify(hex)} is not hexadecimal`);
  }
  return BigInt(`0x${digits}`);
}
