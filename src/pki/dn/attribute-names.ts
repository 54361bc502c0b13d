/**
 * Attribute type names: how certgate prints an OID and which names it accepts when parsing a DN.
 *
 * Printing follows mongod (OpenSSL's short name, else the dotted OID). Parsing accepts, in this order:
 * a dotted OID; OpenSSL's short or long name spelled exactly (so `openssl -nameopt RFC2253` output
 * keeps OpenSSL's meaning: `SN` is surname, `uid` is uniqueIdentifier); Atlas's documented aliases that
 * mean one thing only (`E`, `T`, `dn`, `generation`, ...); finally any OpenSSL name matched without
 * regard to case when exactly one name matches. Names that Atlas and OpenSSL read differently and that
 * match no exact OpenSSL name are refused with a message that says how to write them.
 */
import { OPENSSL_ATTRIBUTE_NAMES } from "./openssl-attribute-names.js";

const SHORT_NAME_BY_OID = new Map<string, string>(OPENSSL_ATTRIBUTE_NAMES.map(([oid, sn]) => [oid, sn]));

const OID_BY_EXACT_NAME = new Map<string, string>();
for (const [oid, sn, ln] of OPENSSL_ATTRIBUTE_NAMES) {
  OID_BY_EXACT_NAME.set(sn, oid);
  if (!OID_BY_EXACT_NAME.has(ln)) OID_BY_EXACT_NAME.set(ln, oid);
}

const OIDS_BY_FOLDED_NAME = new Map<string, Set<string>>();
for (const [oid, sn, ln] of OPENSSL_ATTRIBUTE_NAMES) {
  for (const name of [sn, ln]) {
    const key = name.toLowerCase();
    const set = OIDS_BY_FOLDED_NAME.get(key) ?? new Set<string>();
    set.add(oid);
    OIDS_BY_FOLDED_NAME.set(key, set);
  }
}

/** Atlas (BouncyCastle-style) names that OpenSSL does not know, keyed in lower case. */
const ATLAS_ALIASES: ReadonlyMap<string, string> = new Map([
  ["e", "1.2.840.113549.1.9.1"],
  ["t", "2.5.4.12"],
  ["dn", "2.5.4.46"],
  ["generation", "2.5.4.44"],
  ["dateofbirth", "1.3.6.1.5.5.7.9.1"],
  ["placeofbirth", "1.3.6.1.5.5.7.9.2"],
  ["gender", "1.3.6.1.5.5.7.9.3"],
  ["countryofcitizenship", "1.3.6.1.5.5.7.9.4"],
  ["countryofresidence", "1.3.6.1.5.5.7.9.5"],
  ["nameofbirth", "1.3.36.8.3.14"],
]);

/** Names whose Atlas meaning differs from OpenSSL's; refused rather than guessed. */
const AMBIGUOUS_NAMES: ReadonlyMap<string, string> = new Map([
  ["sn", "Atlas documents 'sn' as a serial number but OpenSSL's 'SN' is surname; write SN (surname) or serialNumber"],
  [
    "uniqueidentifier",
    "Atlas reads 'uniqueidentifier' as x500UniqueIdentifier (2.5.4.45), OpenSSL as uid (0.9.2342.19200300.100.1.44); write one of those",
  ],
]);

const DOTTED_OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/** The name mongod prints for an attribute type: OpenSSL's short name, else the dotted OID itself. */
export function shortNameOf(oid: string): string {
  return SHORT_NAME_BY_OID.get(oid) ?? oid;
}

/** True when `text` is a dotted OID in RFC 4512 `numericoid` form (no leading zeros). */
export function isDottedOid(text: string): boolean {
  return DOTTED_OID.test(text);
}

/** Outcome of resolving an attribute type name typed by a person. */
export type AttributeNameLookup = { readonly oid: string } | { readonly problem: string };

/** Resolves an attribute type as typed in a DN string to its dotted OID, or says why it cannot. */
export function resolveAttributeName(name: string): AttributeNameLookup {
  const stripped = /^oid\./i.test(name) ? name.slice(4) : name;
  if (isDottedOid(stripped)) return { oid: stripped };
  const exact = OID_BY_EXACT_NAME.get(name);
  if (exact !== undefined) return { oid: exact };
  const folded = name.toLowerCase();
  const alias = ATLAS_ALIASES.get(folded);
  if (alias !== undefined) return { oid: alias };
  const ambiguous = AMBIGUOUS_NAMES.get(folded);
  if (ambiguous !== undefined) return { problem: `ambiguous attribute name '${name}': ${ambiguous}` };
  const candidates = OIDS_BY_FOLDED_NAME.get(folded);
  if (candidates !== undefined && candidates.size === 1) return { oid: [...candidates][0] as string };
  if (candidates !== undefined) {
    const spelled = [...candidates].map(shortNameOf).join(" or ");
    return { problem: `ambiguous attribute name '${name}': write ${spelled} with OpenSSL's exact case` };
  }
  return { problem: `unknown attribute name '${name}'` };
}
