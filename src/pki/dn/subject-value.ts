/**
 * Turns one raw DER attribute value of a certificate subject into the text mongod derives from it.
 *
 * mongod takes OpenSSL's view of the value: a type and the content bytes. OpenSSL only reads a name
 * whose values have one of the universal types of its `B_ASN1_PRINTABLE` mask; any other type
 * (VisibleString, UTCTime, GeneralizedTime, OCTET STRING, INTEGER, ...) makes the whole certificate
 * unreadable, so mongod never derives a name from it, and neither does certgate. Of the readable
 * types, six string types are fed to ICU's RFC 4518 profile as UTF-8, whatever their ASN.1 encoding:
 * a BMPString's UTF-16 bytes are read as UTF-8, so `Jane` survives (its NUL bytes are controls mapped
 * to nothing) while most non-ASCII BMP text is invalid UTF-8 and the certificate is refused.
 * NumericString is printed from its bytes unprepared, as mongod does. The remaining, binary types
 * are printed as RFC 4514 `#`-hex of the DER, as OpenSSL prints them; mongod would copy their raw
 * bytes, control characters included, into the user name, which certgate deliberately does not do.
 */
import type { DnAttribute } from "./dn-types.js";
import { ldapStringprep, StringprepError } from "./ldap-stringprep.js";

/** Universal tags whose values mongod string-preps (UTF8, Printable, Teletex, IA5, Universal, BMP). */
const PREPARED_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1c, 0x1e]);
/** Universal tags printed from their bytes without preparation: NumericString. */
const VERBATIM_TAGS = new Set([0x12]);
/**
 * Universal tag numbers OpenSSL accepts in a name value (its `ASN1_tag2bit` restricted to the
 * `B_ASN1_PRINTABLE` mask): the string types above, BIT STRING, SEQUENCE and the "unknown" types
 * (ObjectDescriptor, EXTERNAL, REAL, EMBEDDED PDV, RELATIVE-OID, 14, 15, CHARACTER STRING).
 */
const OPENSSL_NAME_TAG_NUMBERS = new Set([3, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 28, 29, 30]);

const TAG_NAMES: ReadonlyMap<number, string> = new Map([
  [0x01, "BOOLEAN"], [0x02, "INTEGER"], [0x04, "OCTET STRING"], [0x05, "NULL"], [0x06, "OBJECT IDENTIFIER"],
  [0x0a, "ENUMERATED"], [0x0c, "UTF8String"], [0x12, "NumericString"], [0x13, "PrintableString"],
  [0x14, "TeletexString"], [0x15, "VideotexString"], [0x16, "IA5String"], [0x17, "UTCTime"],
  [0x18, "GeneralizedTime"], [0x19, "GraphicString"], [0x1a, "VisibleString"], [0x1b, "GeneralString"],
  [0x1c, "UniversalString"], [0x1e, "BMPString"], [0x31, "SET"],
]);

/** The tag byte and content bytes of one DER TLV; throws when the encoding is not a single TLV. */
export function splitTlv(der: Uint8Array): { tag: number; content: Uint8Array } {
  if (der.length < 2) throw new Error("value is shorter than a DER header");
  const tag = der[0] as number;
  if ((tag & 0x1f) === 0x1f) return { tag, content: der.subarray(der.length) };
  const first = der[1] as number;
  let offset = 2;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || der.length < 2 + count) throw new Error("value has a malformed DER length");
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (der[2 + i] as number);
    offset = 2 + count;
  }
  if (offset + length !== der.length) throw new Error("value's DER length does not match its size");
  return { tag, content: der.subarray(offset) };
}

/** Upper-case `#`-hex of the complete DER encoding, the RFC 4514 form for non-string values. */
export function derHexOf(der: Uint8Array): string {
  return `#${Buffer.from(der).toString("hex").toUpperCase()}`;
}

/** Why a subject value cannot be rendered; the caller adds which attribute it was. */
export class SubjectValueError extends Error {
  override readonly name = "SubjectValueError";
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function typeName(tag: number): string {
  return TAG_NAMES.get(tag) ?? `ASN.1 tag 0x${tag.toString(16).padStart(2, "0")}`;
}

function decodeUtf8(content: Uint8Array, tag: number): string {
  try {
    return utf8.decode(content);
  } catch {
    const type = typeName(tag);
    throw new SubjectValueError(
      `its ${type} bytes are not valid UTF-8, and mongod reads every string type's bytes as UTF-8, so it refuses such a certificate`,
    );
  }
}

/** Converts a raw DER attribute value to a {@link DnAttribute} the way mongod reads it. */
export function subjectAttribute(oid: string, der: Uint8Array): DnAttribute {
  const { tag, content } = splitTlv(der);
  if (tag >> 6 !== 0 || !OPENSSL_NAME_TAG_NUMBERS.has(tag & 0x1f)) {
    throw new SubjectValueError(
      `its value is a ${typeName(tag)}, which OpenSSL does not accept in a name, so mongod cannot read the certificate`,
    );
  }
  if (PREPARED_TAGS.has(tag)) {
    const text = decodeUtf8(content, tag);
    if (text === "") return { oid, value: "" };
    try {
      return { oid, value: ldapStringprep(text) };
    } catch (error) {
      if (error instanceof StringprepError) throw new SubjectValueError(`RFC 4518 preparation failed: ${error.message}`);
      throw error;
    }
  }
  if (VERBATIM_TAGS.has(tag)) return { oid, value: decodeUtf8(content, tag) };
  return { oid, value: derHexOf(der), derHex: true };
}
