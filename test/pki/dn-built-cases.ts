/**
 * Subjects that `openssl req -subj` cannot produce, built as DER (see dn-built-certificates.ts) and
 * still printed by `openssl x509` for comparison. RDNs are listed in DER order.
 */
import { tlv, type BuiltAttribute } from "./dn-built-certificates.js";
import { REFUSED, TEST_OIDS, UNREADABLE, type TagName } from "./dn-openssl-cases.js";

/** One row: the subject's RDNs in DER order and the expected names, as in OpensslDnCase. */
export interface BuiltDnCase {
  readonly description: string;
  readonly rdns: readonly (readonly BuiltAttribute[])[];
  readonly types?: readonly TagName[];
  readonly mongod: string | typeof REFUSED;
  readonly openssl?: string | typeof UNREADABLE;
  readonly pasted?: string | typeof REFUSED;
  /**
   * mongod's own name where certgate deliberately differs: mongod copies a binary value's raw bytes
   * (OpenSSL's view of them) into the name, certgate prints RFC 4514 #-hex of the DER instead.
   */
  readonly mongodRaw?: string;
  /** False when mongod's name cannot be typed back as a DN string (it holds a raw control byte). */
  readonly readsBack?: false;
}

const CN = "2.5.4.3";
const O = "2.5.4.10";
const DATE_OF_BIRTH = "1.3.6.1.5.5.7.9.1";
const text = TEST_OIDS.certgateTestText;

export const BUILT_CASES: readonly BuiltDnCase[] = [
  {
    description: "a VisibleString value: OpenSSL cannot read the certificate (not in B_ASN1_PRINTABLE), so neither can mongod",
    rdns: [[{ oid: text, valueDer: tlv(0x1a, "visible text") }]],
    types: ["VisibleString"],
    mongod: REFUSED,
    openssl: UNREADABLE,
  },
  {
    description: "a GeneralizedTime value (Atlas's dateofbirth type): unreadable for OpenSSL, refused",
    rdns: [[{ oid: DATE_OF_BIRTH, valueDer: tlv(0x18, "19800101000000Z") }], [{ oid: CN, valueDer: tlv(0x0c, "born") }]],
    types: ["UTF8String", "GeneralizedTime"],
    mongod: REFUSED,
    openssl: UNREADABLE,
  },
  {
    description: "an OCTET STRING value: unreadable for OpenSSL, refused",
    rdns: [[{ oid: text, valueDer: tlv(0x04, "AB") }]],
    types: ["OctetString"],
    mongod: REFUSED,
    openssl: UNREADABLE,
  },
  {
    description: "an INTEGER value: unreadable for OpenSSL, refused",
    rdns: [[{ oid: CN, valueDer: "020105" }]],
    types: ["Integer"],
    mongod: REFUSED,
    openssl: UNREADABLE,
  },
  {
    description: "a REAL value is one of OpenSSL's 'unknown' types it does read: #-hex",
    rdns: [[{ oid: text, valueDer: "0900" }]],
    types: ["Real"],
    mongod: `${text}=#0900`,
    mongodRaw: `${text}=`,
  },
  {
    description: "a SEQUENCE value prints as #-hex of its DER (certgate's choice, as OpenSSL; mongod would copy the raw bytes)",
    rdns: [[{ oid: text, valueDer: "3003020105" }]],
    types: ["Sequence"],
    mongod: `${text}=#3003020105`,
    mongodRaw: `${text}=0\u0003\u0002\u0001\u0005`,
  },
  {
    description: "a BIT STRING value prints as #-hex of its DER, unused-bits byte included",
    rdns: [[{ oid: text, valueDer: "030200FF" }]],
    types: ["BitString"],
    mongod: `${text}=#030200FF`,
    mongodRaw: `${text}=\\FF`,
  },
  {
    description: "an empty value stays empty (mongod special-cases it)",
    rdns: [[{ oid: O, valueDer: tlv(0x0c, "x") }], [{ oid: CN, valueDer: tlv(0x0c, "") }]],
    mongod: "CN=,O=x",
  },
  {
    description: "IA5String in a CN is prepared like any string type",
    rdns: [[{ oid: CN, valueDer: tlv(0x16, "ia5\u0007 value") }]],
    types: ["IA5String"],
    mongod: "CN=ia5 value",
    openssl: "CN=ia5\\07 value",
  },
  {
    description: "BMPString Ł (bytes 01 41): read as UTF-8 that is a control then 'A', so mongod's name is CN=A",
    rdns: [[{ oid: CN, valueDer: tlv(0x1e, Uint8Array.of(0x01, 0x41)) }]],
    types: ["BMPString"],
    mongod: "CN=A",
    openssl: "CN=\\C5\\81",
    pasted: "CN=\\C5\\81",
  },
  {
    description: "UniversalString with ASCII text: UTF-32 bytes read as UTF-8 lose only their NUL bytes",
    rdns: [[{ oid: CN, valueDer: tlv(0x1c, Uint8Array.of(0, 0, 0, 0x42, 0, 0, 0, 0x6f, 0, 0, 0, 0x62)) }]],
    types: ["UniversalString"],
    mongod: "CN=Bob",
  },
  {
    description: "UniversalString é (bytes 00 00 00 E9) is not valid UTF-8: mongod rejects the certificate",
    rdns: [[{ oid: CN, valueDer: tlv(0x1c, Uint8Array.of(0, 0, 0, 0xe9)) }]],
    types: ["UniversalString"],
    mongod: REFUSED,
    openssl: "CN=\\C3\\A9",
    pasted: "CN=\\C3\\A9",
  },
  {
    description: "NumericString is printed from its bytes",
    rdns: [[{ oid: CN, valueDer: tlv(0x12, "12345") }]],
    types: ["NumericString"],
    mongod: "CN=12345",
  },
  {
    description: "NumericString is not prepared: a (malformed) control byte stays in mongod's name, so pasting OpenSSL's \\07 cannot match",
    rdns: [[{ oid: CN, valueDer: tlv(0x12, "12\u000745") }]],
    types: ["NumericString"],
    mongod: "CN=12\u000745",
    openssl: "CN=12\\0745",
    pasted: "CN=1245",
    readsBack: false,
  },
  {
    description: "an empty subject renders as the empty string, which no DN string can name",
    rdns: [],
    mongod: "",
    pasted: REFUSED,
  },
];
