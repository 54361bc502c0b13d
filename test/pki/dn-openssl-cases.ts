/**
 * The table of certificate subjects for test/pki/dn-openssl.test.ts. Each case names the subject as
 * given to `openssl req -subj` (DER order, OpenSSL's `/type=value` syntax) and the user name mongod
 * derives from it (reference: mongodb-x509-semantics.md section 2.1-2.3, and mongod's
 * `ssl_manager.cpp`/`icu.cpp`). `openssl` is OpenSSL's `-nameopt RFC2253` output when it differs from
 * mongod; `pasted` is what canonicalizing that output gives when it cannot be mongod's name.
 */

/** Marks a certificate that mongod refuses to derive a user name from (authentication fails). */
export const REFUSED = Symbol("refused");

/** Marks a certificate that `openssl x509` cannot read at all (nor, then, mongod or Node's TLS). */
export const UNREADABLE = Symbol("unreadable");

/** ASN.1 universal tags by name, for asserting which string type a case really exercises. */
export const TAGS = {
  UTF8String: 0x0c, NumericString: 0x12, PrintableString: 0x13, TeletexString: 0x14, IA5String: 0x16,
  GeneralizedTime: 0x18, VisibleString: 0x1a, UniversalString: 0x1c, BMPString: 0x1e, BitString: 0x03, Sequence: 0x30,
  Integer: 0x02, OctetString: 0x04, Real: 0x09,
} as const;

export type TagName = keyof typeof TAGS;

/** One row of the table. */
export interface OpensslDnCase {
  readonly description: string;
  /** `openssl req -subj` argument (DER order). */
  readonly subject: string;
  readonly multivalue?: boolean;
  /**
   * `string_mask` for `req` (default `utf8only`): `MASK:0x800` gives BMPString, `MASK:0x4` TeletexString.
   * OpenSSL 3.0's `req` never chooses NumericString or UniversalString (names are limited to its
   * DirectoryString types), so those cases are built in dn-built-cases.ts.
   */
  readonly stringMask?: string;
  /** Make a version 1 certificate (`openssl x509 -req -signkey`, no version field in the DER). */
  readonly version1?: boolean;
  /** The value types in PRINTED order, when the case is about a type. */
  readonly types?: readonly TagName[];
  readonly mongod: string | typeof REFUSED;
  readonly openssl?: string;
  readonly pasted?: string | typeof REFUSED;
}

/** Attribute names openssl must know to build some cases (written to the `req` config). */
export const TEST_OIDS = { certgateTestText: "1.3.6.1.4.1.55555.1", certgateTestNumber: "1.3.6.1.4.1.55555.2" } as const;

export const OPENSSL_CASES: readonly OpensslDnCase[] = [
  {
    description: "the manual's client subject: reverse DER order, OpenSSL short names, spaces kept",
    subject: "/C=US/ST=New York/L=New York City/O=MongoDB/OU=KernelUser/CN=client",
    types: ["UTF8String", "UTF8String", "UTF8String", "UTF8String", "UTF8String", "PrintableString"],
    mongod: "CN=client,OU=KernelUser,O=MongoDB,L=New York City,ST=New York,C=US",
  },
  {
    description: "the reference's mixed example: DC, a multi-valued RDN, emailAddress, UTF-8 and specials",
    subject: "/DC=com/DC=example/O=Acme, Inc./OU=Sales+CN=Jane Doe/emailAddress=jane@example.com/CN=Lučić #1 <x>;",
    multivalue: true,
    mongod: "CN=Lu\\C4\\8Di\\C4\\87 #1 \\<x\\>\\;,emailAddress=jane@example.com,CN=Jane Doe+OU=Sales,O=Acme\\, Inc.,DC=example,DC=com",
  },
  { description: "a leading space and a trailing space are escaped", subject: "/CN= lead/O=trail ", mongod: "O=trail\\ ,CN=\\ lead" },
  { description: "a leading # is escaped, = is never escaped", subject: "/CN=#tag/O=x=y", mongod: "O=x=y,CN=\\#tag" },
  {
    description: "two-character value ending in a space: mongod leaves the space bare (its length > 2 rule), OpenSSL escapes it",
    subject: "/CN=a ",
    mongod: "CN=a ",
    openssl: "CN=a\\ ",
  },
  {
    description: "NFKC: a ligature and full-width letters fold to ASCII for mongod; OpenSSL prints the raw UTF-8",
    subject: "/CN=ﬁle Ｆｕｌｌ",
    mongod: "CN=file Full",
    openssl: "CN=\\EF\\AC\\81le \\EF\\BC\\A6\\EF\\BD\\95\\EF\\BD\\8C\\EF\\BD\\8C",
  },
  {
    description: "RFC 4518 mapping: newline and tabs become spaces, zero-width space disappears; OpenSSL escapes the controls",
    subject: "/CN=Before\nAfter/O=tabs\tare\tspaces\u200B",
    mongod: "O=tabs are spaces,CN=Before After",
    openssl: "O=tabs\\09are\\09spaces\\E2\\80\\8B,CN=Before\\0AAfter",
  },
  { description: "comma is escaped", subject: "/CN=a,b", mongod: "CN=a\\,b" },
  { description: "plus is escaped when it is data", subject: "/CN=a\\+b", mongod: "CN=a\\+b" },
  { description: "double quotes are escaped", subject: '/CN=say "hi"', mongod: 'CN=say \\"hi\\"' },
  { description: "a backslash is escaped", subject: "/CN=back\\\\slash", mongod: "CN=back\\\\slash" },
  { description: "angle brackets are escaped", subject: "/CN=<tag>", mongod: "CN=\\<tag\\>" },
  { description: "semicolon is escaped", subject: "/CN=semi;colon", mongod: "CN=semi\\;colon" },
  { description: "a leading = is not escaped", subject: "/CN==leading equals", mongod: "CN==leading equals" },
  { description: "only the first # is escaped", subject: "/CN=#1#2", mongod: "CN=\\#1#2" },
  { description: "two leading and two trailing spaces: only the outermost ones are escaped", subject: "/CN=  two  ", mongod: "CN=\\  two \\ " },
  { description: "a value that is one space", subject: "/CN= ", mongod: "CN=\\ " },
  { description: "three characters ending in a space: the space is escaped", subject: "/O=ab ", mongod: "O=ab\\ " },
  { description: "non-ASCII then a space: escaped length > 2, so the space is escaped", subject: "/CN=é ", mongod: "CN=\\C3\\A9\\ " },
  {
    description: "emailAddress keeps its case and its IA5String type",
    subject: "/emailAddress=Jane.Doe@Example.COM/CN=Jane",
    types: ["UTF8String", "IA5String"],
    mongod: "CN=Jane,emailAddress=Jane.Doe@Example.COM",
  },
  { description: "emailAddress with a + in the local part", subject: "/emailAddress=jane\\+tag@example.com", mongod: "emailAddress=jane\\+tag@example.com" },
  {
    description: "LDAP-style subject: UID (userId) and DC",
    subject: "/DC=org/DC=example/OU=People/UID=jdoe",
    types: ["UTF8String", "UTF8String", "IA5String", "IA5String"],
    mongod: "UID=jdoe,OU=People,DC=example,DC=org",
  },
  {
    description: "OpenSSL's lower-case uid is uniqueIdentifier (0.9.2342.19200300.100.1.44), not userId",
    subject: "/0.9.2342.19200300.100.1.44=unique",
    mongod: "uid=unique",
  },
  { description: "serialNumber (2.5.4.5) keeps its long name", subject: "/serialNumber=SN-0042/CN=device", types: ["UTF8String", "PrintableString"], mongod: "CN=device,serialNumber=SN-0042" },
  {
    description: "SN is surname, GN givenName; initials and generationQualifier",
    subject: "/GN=Jane/SN=Doe/initials=JQD/generationQualifier=Jr.",
    mongod: "generationQualifier=Jr.,initials=JQD,SN=Doe,GN=Jane",
  },
  {
    description: "title, description, street, postalCode, businessCategory",
    subject: "/title=Chief/description=A description/street=1 Main St/postalCode=12345/businessCategory=Private Organization",
    mongod: "businessCategory=Private Organization,postalCode=12345,street=1 Main St,description=A description,title=Chief",
  },
  {
    description: "an OID OpenSSL does not know: dotted type and the text for mongod; OpenSSL dumps such values as #-hex",
    subject: `/${TEST_OIDS.certgateTestText}=custom value`,
    mongod: `${TEST_OIDS.certgateTestText}=custom value`,
    openssl: `${TEST_OIDS.certgateTestText}=#0C0C637573746F6D2076616C7565`,
  },
  {
    description: "unknown OID with a value that needs escaping (OpenSSL: #-hex of the UTF8String)",
    subject: `/${TEST_OIDS.certgateTestText}=ä, b`,
    mongod: `${TEST_OIDS.certgateTestText}=\\C3\\A4\\, b`,
    openssl: `${TEST_OIDS.certgateTestText}=#0C05C3A42C2062`,
  },
  {
    description: "EV names: jurisdictionC and organizationIdentifier",
    subject: "/jurisdictionC=US/organizationIdentifier=VATDE-123456789/CN=Example GmbH",
    mongod: "CN=Example GmbH,organizationIdentifier=VATDE-123456789,jurisdictionC=US",
  },
  {
    description: "pseudonym, dnQualifier, name and role",
    subject: "/pseudonym=Zorro/dnQualifier=q1/name=Full Name/role=admin",
    mongod: "role=admin,name=Full Name,dnQualifier=q1,pseudonym=Zorro",
  },
  { description: "unstructuredName (PKCS#9)", subject: "/unstructuredName=host.example.com", mongod: "unstructuredName=host.example.com" },
  {
    description: "three-member RDN: members in DER (sorted SET OF) order, reversed",
    subject: "/O=Org/CN=C+OU=A+OU=B",
    multivalue: true,
    mongod: "OU=B+OU=A+CN=C,O=Org",
  },
  {
    description: "multi-valued RDN typed CN first: DER sorts the shorter OU first, so CN prints first",
    subject: "/CN=LongerName+OU=A",
    multivalue: true,
    mongod: "CN=LongerName+OU=A",
  },
  { description: "an escaped + inside a multi-valued RDN", subject: "/CN=a\\+b+OU=c", multivalue: true, mongod: "CN=a\\+b+OU=c" },
  {
    description: "Greek, Japanese and Latin-1 text: one \\XX per UTF-8 byte",
    subject: "/CN=Ωμέγα/O=東京/L=Zürich",
    mongod: "L=Z\\C3\\BCrich,O=\\E6\\9D\\B1\\E4\\BA\\AC,CN=\\CE\\A9\\CE\\BC\\CE\\AD\\CE\\B3\\CE\\B1",
  },
  {
    description: "NFKC composes e + combining acute into é; OpenSSL keeps the two code points",
    subject: "/CN=Jose\u0301",
    mongod: "CN=Jos\\C3\\A9",
    openssl: "CN=Jose\\CC\\81",
  },
  { description: "no-break space maps to a space", subject: "/CN=a\u00A0b", mongod: "CN=a b", openssl: "CN=a\\C2\\A0b" },
  { description: "soft hyphen maps to nothing", subject: "/CN=co\u00ADop", mongod: "CN=coop", openssl: "CN=co\\C2\\ADop" },
  {
    description: "full-width digits fold to ASCII digits (NFKC)",
    subject: "/CN=１２３",
    mongod: "CN=123",
    openssl: "CN=\\EF\\BC\\91\\EF\\BC\\92\\EF\\BC\\93",
  },
  { description: "ideographic space maps to a space", subject: "/CN=wide\u3000space", mongod: "CN=wide space", openssl: "CN=wide\\E3\\80\\80space" },
  { description: "C0 and DEL controls map to nothing", subject: "/CN=x\u0001y\u007Fz", mongod: "CN=xyz", openssl: "CN=x\\01y\\7Fz" },
  {
    description: "a variation selector maps to nothing",
    subject: "/CN=check\u2714\uFE0F",
    mongod: "CN=check\\E2\\9C\\94",
    openssl: "CN=check\\E2\\9C\\94\\EF\\B8\\8F",
  },
  {
    description: "an emoji is unassigned in Unicode 3.2, which ICU's RFC 4518 profile refuses: mongod rejects the certificate",
    subject: "/CN=smile 😀",
    mongod: REFUSED,
    openssl: "CN=smile \\F0\\9F\\98\\80",
    pasted: REFUSED,
  },
  {
    description: "a private-use character is prohibited by RFC 4518: mongod rejects the certificate",
    subject: "/CN=\uE000x",
    mongod: REFUSED,
    openssl: "CN=\\EE\\80\\80x",
    pasted: REFUSED,
  },
  { description: "BMPString with ASCII text: mongod's UTF-8 reading keeps the letters, drops the NUL bytes", subject: "/CN=Jane", stringMask: "MASK:0x800", types: ["BMPString"], mongod: "CN=Jane" },
  {
    description: "BMPString 中 (bytes 4E 2D): mongod reads the bytes as UTF-8 and gets 'N-'; OpenSSL decodes UTF-16",
    subject: "/CN=中",
    stringMask: "MASK:0x800",
    types: ["BMPString"],
    mongod: "CN=N-",
    openssl: "CN=\\E4\\B8\\AD",
    pasted: "CN=\\E4\\B8\\AD",
  },
  {
    description: "BMPString 中文 (bytes 4E 2D 65 87) is not valid UTF-8: mongod rejects the certificate",
    subject: "/CN=中文",
    stringMask: "MASK:0x800",
    types: ["BMPString"],
    mongod: REFUSED,
    openssl: "CN=\\E4\\B8\\AD\\E6\\96\\87",
    pasted: "CN=\\E4\\B8\\AD\\E6\\96\\87",
  },
  { description: "TeletexString with ASCII text", subject: "/CN=Plain", stringMask: "MASK:0x4", types: ["TeletexString"], mongod: "CN=Plain" },
  {
    description: "TeletexString José holds Latin-1 byte E9, not UTF-8: mongod rejects the certificate",
    subject: "/CN=José",
    stringMask: "MASK:0x4",
    types: ["TeletexString"],
    mongod: REFUSED,
    openssl: "CN=Jos\\C3\\A9",
    pasted: "CN=Jos\\C3\\A9",
  },
  {
    description: "PrintableString chosen by the default mask",
    subject: "/O=Printable Org/CN=Printable",
    stringMask: "default",
    types: ["PrintableString", "PrintableString"],
    mongod: "CN=Printable,O=Printable Org",
  },
  { description: "case is preserved", subject: "/CN=MixedCase Name", mongod: "CN=MixedCase Name" },
  { description: "a version 1 certificate (no version field)", subject: "/O=Legacy/CN=v1 cert", version1: true, mongod: "CN=v1 cert,O=Legacy" },
];
