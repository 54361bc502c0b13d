/**
 * Distinguished names as certgate shows, stores and matches them: mongod's rules, in one place.
 *
 * The canonical form of a DN is the string mongod derives as an X.509 user name (RFC 2253 order and
 * OpenSSL short names, mongod's escaping, RFC 4518-prepared values, no spaces). Text typed by a person
 * is canonicalized with {@link canonicalizeDn}; a certificate's subject with
 * {@link renderCertificateSubject}; both give the same string for the same name.
 */
import type { Dn } from "./dn-types.js";
import { certificateSubjectDn } from "./certificate-subject.js";
import { normalizeDn } from "./normalize-dn.js";
import { parseDn } from "./parse-dn.js";
import { renderDn } from "./render-dn.js";

export type { Dn, DnAttribute, Rdn } from "./dn-types.js";
export { certificateSubjectDn } from "./certificate-subject.js";
export { clusterMembershipKey } from "./cluster-membership.js";
export { reversedDnSuggestion, reversedDnWarning } from "./dn-order.js";
export { normalizeDn } from "./normalize-dn.js";
export { parseDn } from "./parse-dn.js";
export { renderDn } from "./render-dn.js";
export { hasUnusableCharacter } from "./unusable-characters.js";

const COMMON_NAME_OID = "2.5.4.3";

/**
 * Parses `text` (mongod's RFC 4514 rules plus Atlas's aliases), applies RFC 4518 preparation and
 * prints mongod's canonical form: what the Admin API stores as a CUSTOMER user's name.
 * Throws `PkiError("INVALID_DN")` when the text is not a valid DN.
 */
export function canonicalizeDn(text: string): string {
  return renderDn(normalizeDn(parseDn(text)));
}

/**
 * The user name mongod derives from a certificate (DER bytes or PEM text): the subject's RDNs in
 * reverse DER order, multi-valued RDNs joined by `+`, values RFC 4518-prepared and escaped as mongod
 * escapes them, OpenSSL short names or dotted OIDs. Throws `PkiError` when the certificate cannot be
 * read (`INVALID_PEM`) or its subject holds a value mongod would refuse (`INVALID_DN`).
 */
export function renderCertificateSubject(certificate: Uint8Array | string): string {
  return renderDn(certificateSubjectDn(certificate));
}

/**
 * The first CN in printed order, which for a certificate is the last CN of its DER encoding (the
 * most specific one, and the value mongod's own `getOID` lookup returns). `undefined` when the DN has
 * no CN or that CN is not a character string (a `#`-hex value).
 */
export function commonNameOf(dn: Dn): string | undefined {
  const attribute = dn.flat().find((candidate) => candidate.oid === COMMON_NAME_OID);
  return attribute === undefined || attribute.derHex ? undefined : attribute.value;
}

/**
 * Whether two DN strings name the same user for mongod. mongod matches a certificate to a user by
 * exact, case-sensitive string equality of its rendered subject with the stored name, so two DNs are
 * equal exactly when their canonical forms are the same string: spacing and escaping style do not
 * matter, while letter case, RDN order and the order inside a multi-valued RDN do. A string that is
 * not a valid DN equals only an identical string.
 */
export function dnEquals(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return canonicalizeDn(a) === canonicalizeDn(b);
  } catch {
    return false;
  }
}
